/// One trailer line of a commit message or a patch mail: `Fixes: 1afaeb8293c9 ("…")`.
///
/// Parsed with `git interpret-trailers`' rules: the last paragraph of the message is
/// the trailer block when every line in it is a trailer or a continuation, or when at
/// least one is a git-made trailer (`Signed-off-by:`, `(cherry picked from commit …)`)
/// and at least a quarter are trailers. A line starting with white space continues
/// the trailer above it.
///
/// ```swift
/// Trailer.parse(in: message)  // [Trailer(name: "Fixes", value: "1afaeb8293c9 (…)"), …]
/// ```
public struct Trailer: Hashable, Sendable {
  public let name: String
  public let value: String

  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }

  /// The trailers of a message, in order; empty when its last paragraph is no trailer block.
  public static func parse(in message: String) -> [Trailer] {
    let lines = messageBody(message)
    guard let block = lastParagraph(lines) else { return [] }
    var trailers: [Trailer] = []
    var trailerLines = 0
    var gitMade = false
    var others = 0
    for line in block {
      if let first = line.first, first == " " || first == "\t", let last = trailers.popLast() {
        let continued = line.trimmingWhitespace()
        trailers.append(Trailer(name: last.name, value: last.value + " " + continued))
        continue
      }
      if line.hasPrefix("(cherry picked from commit ") {
        gitMade = true
        trailerLines += 1
        continue
      }
      if let trailer = Trailer(line: line) {
        trailers.append(trailer)
        trailerLines += 1
        if trailer.name.lowercased() == "signed-off-by" { gitMade = true }
      } else {
        others += 1
      }
    }
    let total = trailerLines + others
    guard total > 0 else { return [] }
    if others == 0 || (gitMade && trailerLines * 4 >= total) { return trailers }
    return []
  }

  /// `Token: value` with a token of letters, digits and dashes (no spaces).
  init?(line: String) {
    guard let colon = line.firstIndex(of: ":") else { return nil }
    let token = line[..<colon]
    guard !token.isEmpty, token.first?.isLetter == true,
      token.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
    else { return nil }
    let value = line[line.index(after: colon)...].trimmingWhitespace()
    self.init(name: String(token), value: value)
  }

  /// The message without a patch part (`---` and below) and without `#` comments.
  private static func messageBody(_ message: String) -> [String] {
    var lines: [String] = []
    for line in message.split(separator: "\n", omittingEmptySubsequences: false) {
      if line == "---" || line.hasPrefix("--- ") || line.hasPrefix("diff --git ") { break }
      if line.hasPrefix("#") { continue }
      lines.append(String(line))
    }
    return lines
  }

  private static func lastParagraph(_ lines: [String]) -> [String]? {
    var end = lines.endIndex
    while end > lines.startIndex, lines[end - 1].trimmingWhitespace().isEmpty { end -= 1 }
    guard end > lines.startIndex else { return nil }
    var start = end
    while start > lines.startIndex, !lines[start - 1].trimmingWhitespace().isEmpty { start -= 1 }
    // The subject paragraph alone is never a trailer block.
    guard start > lines.startIndex else { return nil }
    return Array(lines[start..<end])
  }
}

extension StringProtocol {
  func trimmingWhitespace() -> String {
    var slice = Substring(self)
    while let first = slice.first, first.isWhitespace { slice.removeFirst() }
    while let last = slice.last, last.isWhitespace { slice.removeLast() }
    return String(slice)
  }
}
