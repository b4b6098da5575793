/// The function heads a C file declares or defines for a name, read from the text: a
/// line that starts at column 0 (or with `static`/`extern`) and names the function after
/// a type, joined up to its closing parenthesis.
///
/// ```swift
/// Declarations.heads(of: "migration_entry_wait_on_locked", in: header)
/// // ["void migration_entry_wait_on_locked(swp_entry_t entry, pte_t *ptep, spinlock_t *ptl)"]
/// ```
enum Declarations {
  static func heads(of name: String, in text: String) -> [String] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    var heads: [String] = []
    for (index, line) in lines.enumerated() {
      guard let first = line.first, first != " ", first != "\t", first != "#", first != "*",
        first != "/", line.contains(name + "(")
      else { continue }
      guard let range = line.range(of: name + "(") else { continue }
      let before = line[..<range.lowerBound]
      if let last = before.last, last.isLetter || last.isNumber || last == "_" { continue }
      guard
        !before.isEmpty,
        before.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == " " || $0 == "*" })
      else { continue }
      var head = String(line)
      var next = index + 1
      while Self.depth(head) > 0, next < lines.count, next < index + 8 {
        head += " " + String(lines[next]).trimmed
        next += 1
      }
      guard let close = Self.closingParenthesis(head) else { continue }
      heads.append(String(head[..<close]) + ")")
    }
    return heads
  }

  /// The number of parameters of a head: top-level commas plus one, 0 for `(void)`.
  static func arity(_ head: String) -> Int? {
    guard let open = head.firstIndex(of: "(") else { return nil }
    let inside = head[head.index(after: open)...].dropLast()
    let trimmed = String(inside).trimmed
    if trimmed.isEmpty || trimmed == "void" { return 0 }
    var depth = 0
    var commas = 0
    for character in inside {
      if character == "(" { depth += 1 }
      if character == ")" { depth -= 1 }
      if character == ",", depth == 0 { commas += 1 }
    }
    return commas + 1
  }

  private static func depth(_ text: String) -> Int {
    text.reduce(0) { $0 + ($1 == "(" ? 1 : $1 == ")" ? -1 : 0) }
  }

  private static func closingParenthesis(_ text: String) -> String.Index? {
    var depth = 0
    var opened = false
    for index in text.indices {
      if text[index] == "(" {
        depth += 1
        opened = true
      } else if text[index] == ")" {
        depth -= 1
        if opened, depth == 0 { return index }
      }
    }
    return nil
  }
}
