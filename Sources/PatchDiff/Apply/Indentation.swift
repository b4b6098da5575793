/// Re-indents the added lines of a hunk whose whitespace the mail client
/// collapsed, from the lines around them in kernel style: one tab more after
/// `{` or a brace-less `if`/`else`/`for`/`while`, one less for `}`, and
/// continuation lines aligned after the open parenthesis (tabs, then spaces).
///
/// Only lines that plainly lost their indentation are touched: no leading
/// whitespace, or one space before anything but the `*` of a comment block.
enum Indentation {
  static func restore(_ hunk: Hunk) -> Hunk {
    var hunk = hunk
    var above = Context()
    for index in hunk.lines.indices where hunk.lines[index].kind != .removed {
      let line = hunk.lines[index]
      if line.kind == .added, lostIndentation(line.text), !above.lines.isEmpty {
        let text = line.text.drop { $0 == " " || $0 == "\t" }
        hunk.lines[index].text = indentation(after: above, for: text) + text
      }
      if !hunk.lines[index].text.allSatisfy(\.isWhitespace) {
        above.append(hunk.lines[index].text)
      }
    }
    return hunk
  }

  static func lostIndentation(_ text: String) -> Bool {
    guard let first = text.first else { return false }
    if first == " " {
      let rest = text.dropFirst()
      return rest.first.map { $0 != " " && $0 != "\t" && $0 != "*" } ?? false
    }
    return first != "\t" && first != "#"
  }

  static func leading(_ text: String) -> Substring {
    text.prefix { $0 == " " || $0 == "\t" }
  }

  static func trimmed(_ text: String) -> Substring {
    text.drop { $0 == " " || $0 == "\t" }
  }

  /// Indentation of a line's statement, without the space before a comment's `*`.
  static func base(_ text: String) -> String {
    var indent = String(leading(text))
    if trimmed(text).hasPrefix("*") {
      while indent.hasSuffix(" ") { indent.removeLast() }
    }
    return indent
  }

  /// The new-side lines seen so far, with the parentheses left open across them.
  struct Context {
    var lines: [String] = []
    /// Index of the first line of the statement each line belongs to.
    var heads: [Int] = []
    /// Parentheses open after each line.
    var open: [Int] = []

    mutating func append(_ line: String) {
      let before = open.last ?? 0
      heads.append(before > 0 ? heads[heads.count - 1] : lines.count)
      var depth = before
      for char in line {
        if char == "(" { depth += 1 } else if char == ")" { depth = max(0, depth - 1) }
      }
      lines.append(line)
      open.append(depth)
    }

    func head(_ index: Int) -> String { lines[heads[index]] }
  }

  static func indentation(after context: Context, for text: Substring) -> String {
    let lines = context.lines
    let previous = lines[lines.count - 1]
    let last = trimmed(previous)
    let head = context.head(lines.count - 1)
    var indent = base(head)
    let continuing = ["?", "&&", "||", "=", "+", ":"]
    if context.open[lines.count - 1] > 0, openParenthesisColumn(previous) == nil {
      indent = String(leading(previous))
    } else if let column = openParenthesisColumn(previous) {
      indent =
        String(repeating: "\t", count: column / 8) + String(repeating: " ", count: column % 8)
    } else if last.hasSuffix("{") || isBracelessHead(trimmed(head)) {
      indent += "\t"
    } else if continuing.contains(where: { last.hasSuffix($0) }) {
      indent = base(previous) + "\t"
    } else if lines.count > 1 {
      let before = context.head(lines.count - 2)
      if isBracelessHead(trimmed(before)), !last.hasSuffix(";") || before != head {
        indent = base(before)
      }
    }
    if text.hasPrefix("}"), indent.hasSuffix("\t") { indent.removeLast() }
    return indent
  }

  static func isBracelessHead(_ text: Substring) -> Bool {
    let heads = ["if (", "} else if (", "for (", "while (", "else if ("]
    return (heads.contains { text.hasPrefix($0) } && text.hasSuffix(")"))
      || text == "else" || text == "} else"
  }

  /// Display column just after the innermost parenthesis left open, tabs as 8.
  static func openParenthesisColumn(_ text: String) -> Int? {
    var column = 0
    var open: [Int] = []
    for char in text {
      switch char {
      case "\t": column = (column / 8 + 1) * 8
      case "(":
        column += 1
        open.append(column)
      case ")":
        column += 1
        _ = open.popLast()
      default: column += 1
      }
    }
    return open.last
  }
}
