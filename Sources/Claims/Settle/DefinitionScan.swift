/// The definitions one C file makes, read line by line the way kernel style writes them: a
/// definition starts in the first column (`static vm_fault_t do_swap_page(struct vm_fault *vmf)`,
/// `#define PageLocked(page)`, `struct folio {`, `} pte_marker;`), a statement never does.
/// No parse: a byte scan, so that every file of a folder can be read in one pass.
///
/// ```swift
/// DefinitionScan.entries(in: Array("static void lru_cache_disable(void)\n{\n}\n".utf8))
/// // [Entry(name: "lru_cache_disable", line: 1, kind: .body)]
/// ```
///
/// - Complexity: O(n) in the file's bytes (a function's parameter list is read once more to
///   tell a body from a prototype).
enum DefinitionScan {
  /// What a definition is, best first: the order a lookup prefers them in.
  enum Kind: Int, Comparable, Sendable {
    /// A function with a body.
    case body = 0
    /// `#define NAME`.
    case macro = 1
    /// `struct NAME {`, `union`, `enum`, a typedef.
    case type = 2
    /// A declaration `NAME(…);` without a body.
    case prototype = 3

    static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  struct Entry: Sendable, Equatable {
    var name: String
    var line: Int
    var kind: Kind
  }

  static func entries(in bytes: [UInt8]) -> [Entry] {
    var entries: [Entry] = []
    var start = 0
    var line = 1
    while start < bytes.count {
      var end = start
      while end < bytes.count, bytes[end] != newline { end += 1 }
      if let entry = entry(bytes, start, end, line: line) { entries.append(entry) }
      start = end + 1
      line += 1
    }
    return entries
  }

  private static let newline = UInt8(ascii: "\n")

  private static func isWordStart(_ byte: UInt8) -> Bool {
    (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || byte == 95
  }

  private static func isWord(_ byte: UInt8) -> Bool {
    isWordStart(byte) || (byte >= 48 && byte <= 57)
  }

  private static func isBlank(_ byte: UInt8) -> Bool {
    byte == 32 || byte == 9 || byte == 13
  }

  /// The word at `position` and where it ends.
  private static func word(_ bytes: [UInt8], at position: Int, end: Int) -> (String, Int)? {
    guard position < end, isWordStart(bytes[position]) else { return nil }
    var stop = position
    while stop < end, isWord(bytes[stop]) { stop += 1 }
    return (String(decoding: bytes[position..<stop], as: UTF8.self), stop)
  }

  private static func skipBlanks(_ bytes: [UInt8], _ position: Int, end: Int) -> Int {
    var at = position
    while at < end, isBlank(bytes[at]) { at += 1 }
    return at
  }

  /// The definition a line starting in the first column makes, if any.
  private static func entry(_ bytes: [UInt8], _ start: Int, _ end: Int, line: Int) -> Entry? {
    guard start < end else { return nil }
    let first = bytes[start]
    if first == UInt8(ascii: "#") {
      var at = skipBlanks(bytes, start + 1, end: end)
      guard let (directive, after) = word(bytes, at: at, end: end), directive == "define" else {
        return nil
      }
      at = skipBlanks(bytes, after, end: end)
      guard let (name, _) = word(bytes, at: at, end: end) else { return nil }
      return Entry(name: name, line: line, kind: .macro)
    }
    if first == UInt8(ascii: "}") {
      // `} name;` closing a typedef'd struct.
      let at = skipBlanks(bytes, start + 1, end: end)
      guard let (name, after) = word(bytes, at: at, end: end), after < end,
        bytes[skipBlanks(bytes, after, end: end)] == UInt8(ascii: ";")
      else { return nil }
      return Entry(name: name, line: line, kind: .type)
    }
    guard isWordStart(first) else { return nil }
    return declaration(bytes, start, end, line: line)
  }

  /// `struct NAME {`, `typedef … NAME;`, or the first `NAME(` of the line and whether a body
  /// or a `;` follows its parameter list.
  private static func declaration(_ bytes: [UInt8], _ start: Int, _ end: Int, line: Int)
    -> Entry?
  {
    var at = start
    var words: [String] = []
    while at < end {
      let byte = bytes[at]
      if isWordStart(byte), let (name, after) = word(bytes, at: at, end: end) {
        let next = skipBlanks(bytes, after, end: end)
        if next < end, bytes[next] == UInt8(ascii: "(") {
          // `EXPORT_SYMBOL(name);`, `DEFINE_MUTEX(lock);`: macro uses, not definitions.
          guard name.contains(where: { $0.isLowercase }), words.first != "typedef" else {
            return nil
          }
          guard let kind = afterParameters(bytes, from: next) else { return nil }
          return Entry(name: name, line: line, kind: kind)
        }
        if next < end, bytes[next] == UInt8(ascii: "{"),
          let keyword = words.last, ["struct", "union", "enum"].contains(keyword)
        {
          return Entry(name: name, line: line, kind: .type)
        }
        if words.first == "typedef", next < end, bytes[next] == UInt8(ascii: ";") {
          return Entry(name: name, line: line, kind: .type)
        }
        words.append(name)
        at = after
        continue
      }
      // An initializer, a statement or a comment: not a definition.
      if byte == UInt8(ascii: "=") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "(")
        || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "{")
      {
        return nil
      }
      at += 1
    }
    return nil
  }

  /// From the `(` of a parameter list: `.body` when a `{` follows it (after attributes such
  /// as `__releases(ptl)`), `.prototype` for a `;`, nil for anything else.
  private static func afterParameters(_ bytes: [UInt8], from open: Int) -> Kind? {
    var at = open
    let limit = min(bytes.count, open + 4096)
    while at < limit {
      // One parenthesised group.
      guard bytes[at] == UInt8(ascii: "(") else { return nil }
      var depth = 0
      while at < limit {
        if bytes[at] == UInt8(ascii: "(") { depth += 1 }
        if bytes[at] == UInt8(ascii: ")") {
          depth -= 1
          if depth == 0 { break }
        }
        at += 1
      }
      at += 1
      // Blanks, newlines, then `{`, `;`, or an attribute word with its own group.
      while at < limit, isBlank(bytes[at]) || bytes[at] == newline { at += 1 }
      guard at < limit else { return nil }
      switch bytes[at] {
      case UInt8(ascii: "{"): return .body
      case UInt8(ascii: ";"): return .prototype
      default:
        guard isWordStart(bytes[at]) else { return nil }
        while at < limit, isWord(bytes[at]) { at += 1 }
        while at < limit, isBlank(bytes[at]) || bytes[at] == newline { at += 1 }
        guard at < limit else { return nil }
        if bytes[at] == UInt8(ascii: "{") { return .body }
        if bytes[at] == UInt8(ascii: ";") { return .prototype }
      }
    }
    return nil
  }
}
