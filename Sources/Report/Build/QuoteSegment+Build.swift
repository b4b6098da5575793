import Foundation
import MailThread

extension QuoteSegment {
  /// A body's lines as nested segments by quote depth: the writer's text at depth 0, each
  /// quoted run a segment one level deeper, with the author of that level.
  ///
  /// ```swift
  /// QuoteSegment.segments(QuotedText("Hi\n> quoted\n>> deeper\nbye"))
  /// // [depth 0: "Hi", [depth 1: "quoted", [depth 2: "deeper"]], "bye"]
  /// ```
  /// - Complexity: O(l·d) for l lines quoted d deep.
  static func segments(_ quoted: QuotedText) -> [QuoteSegment] {
    var position = 0
    let lines = quoted.lines
    // Trailing empty lines carry nothing.
    var end = lines.count
    while end > 0, lines[end - 1].text.trimmingCharacters(in: .whitespaces).isEmpty { end -= 1 }
    func author(_ depth: Int) -> String? {
      depth < quoted.authors.count ? quoted.authors[depth] : nil
    }
    func segment(at depth: Int) -> QuoteSegment {
      var parts: [Part] = []
      var text: [String] = []
      var count = 0
      while position < end, lines[position].depth >= depth {
        let line = lines[position]
        if line.depth == depth {
          text.append(line.text)
          count += 1
          position += 1
        } else {
          if !text.isEmpty { parts.append(.text(text)) }
          text = []
          let inner = segment(at: depth + 1)
          count += inner.lineCount
          parts.append(.quote(inner))
        }
      }
      if !text.isEmpty { parts.append(.text(text)) }
      return QuoteSegment(depth: depth, author: author(depth), parts: parts, lineCount: count)
    }
    // Every line is at depth 0 or deeper: one segment holds the body.
    return end == 0 ? [] : [segment(at: 0)]
  }
}
