/// A file's lines, and the same lines without white space for comparisons that must
/// survive re-indentation (`\tif (x)  {` and `if (x) {` are the same line).
///
/// ```swift
/// let file = FileLines("a\n\tb\n")
/// file.lines      // ["a", "\tb"]
/// file.squeezed   // ["a", "b"]
/// ```
struct FileLines: Sendable {
  let lines: [String]
  let squeezed: [String]

  init(_ text: String) {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if text.hasSuffix("\n") { lines.removeLast() }
    self.lines = lines
    squeezed = lines.map(FileLines.squeeze)
  }

  /// The line without spaces, tabs and carriage returns.
  static func squeeze(_ line: String) -> String {
    String(decoding: line.utf8.filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }, as: UTF8.self)
  }

  /// The first line where `pattern` (squeezed lines) matches whole, at or after `from`.
  func find(_ pattern: [String], from: Int = 0) -> Int? {
    guard !pattern.isEmpty, squeezed.count >= pattern.count else { return nil }
    for start in from...(squeezed.count - pattern.count)
    where squeezed[start] == pattern[0]
      && pattern.indices.allSatisfy({ squeezed[start + $0] == pattern[$0] })
    {
      return start
    }
    return nil
  }

  /// Whether `pattern` matches somewhere with up to `fuzz` of its outer lines ignored
  /// (only lines that `isContext` marks may be ignored).
  func contains(_ pattern: [String], isContext: [Bool], fuzz: Int) -> Bool {
    let leading = isContext.prefix { $0 }.count
    let trailing = isContext.reversed().prefix { $0 }.count
    for level in 0...fuzz {
      let head = min(level, leading)
      let tail = min(level, trailing, pattern.count - head)
      let core = Array(pattern[head..<(pattern.count - tail)])
      if core.isEmpty || find(core) != nil { return true }
    }
    return false
  }
}
