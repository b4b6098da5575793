/// Plain-text wrapping for mail: paragraphs at 72 columns, as the kernel's lists expect.
enum TextWrap {
  static let width = 72

  /// `text` broken at spaces into lines of at most `width` characters (a word longer than
  /// the width stands alone); continuation lines start with `indent`.
  ///
  /// ```swift
  /// TextWrap.lines("a b c", width: 3)  // ["a b", "c"]
  /// ```
  static func lines(_ text: String, width: Int = width, indent: String = "") -> [String] {
    var out: [String] = []
    var current = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
      if current.isEmpty {
        current = (out.isEmpty ? "" : indent) + word
      } else if current.count + 1 + word.count <= width {
        current += " " + word
      } else {
        out.append(current)
        current = indent + word
      }
    }
    if !current.isEmpty { out.append(current) }
    return out
  }

  /// Each paragraph (split at line breaks) wrapped, its continuation lines under `indent`.
  static func paragraphs(_ text: String, indent: String = "") -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
      line.isEmpty ? [""] : lines(String(line), indent: indent)
    }
  }
}
