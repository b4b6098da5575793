import Foundation
import ShippedResources

/// The claim patterns: which sentences of a thread are claims and how each is settled, as
/// data a kernel developer reads and extends (`Resources/claim-patterns.txt`, plus
/// `lockstep claims --claim-patterns FILE`).
///
/// ```swift
/// var patterns = try ClaimPatternTable.builtin()
/// try patterns.add(contentsOf: "message adds introduce* {A}\n", source: "mine.txt")
/// patterns.matches(in: "Introduce folio_wait_unlocked().", at: .message).first?.check  // .adds
/// ```
public struct ClaimPatternTable: Sendable {
  public private(set) var patterns: [ClaimPattern] = []

  public init() {}

  /// The table shipped in `Resources/claim-patterns.txt`.
  public static func builtin() throws(ClaimPatternError) -> ClaimPatternTable {
    guard let url = ShippedResources.url("claim-patterns.txt", module: "Claims"),
      let text = try? String(contentsOf: url, encoding: .utf8)
    else {
      throw ClaimPatternError(
        file: "claim-patterns.txt", line: 0,
        message: "the built-in claim patterns are missing: "
          + ShippedResources.missing(module: "Claims"))
    }
    var table = ClaimPatternTable()
    try table.add(contentsOf: text, source: "claim-patterns.txt")
    return table
  }

  /// Adds the patterns of `text` after those already read; `source` names it in errors.
  ///
  /// - Throws: ``ClaimPatternError`` for the first line that cannot be read.
  public mutating func add(contentsOf text: String, source: String) throws(ClaimPatternError) {
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let content = line.prefix { $0 != "#" }
      guard content.contains(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) else { continue }
      patterns.append(
        try ClaimPattern(
          line: String(content).replacingOccurrences(of: "\r", with: ""), source: source,
          number: index + 1))
    }
  }

  /// The patterns of `place` that match `sentence`, in table order, a match that overlaps an
  /// earlier one left out.
  ///
  /// - Complexity: O(p × w) for p patterns and w words (gaps aside).
  func matches(in sentence: String, at place: PatternPlace) -> [(
    pattern: ClaimPattern, match: ClaimPattern.Match
  )] {
    let words = Sentence.words(of: sentence)
    var taken: [Range<Int>] = []
    var found: [(pattern: ClaimPattern, match: ClaimPattern.Match)] = []
    for pattern in patterns where pattern.place == place {
      guard let match = pattern.match(words) else { continue }
      guard !taken.contains(where: { $0.overlaps(match.range) }) else { continue }
      taken.append(match.range)
      found.append((pattern, match))
    }
    return found
  }

  /// The checks of the trailer patterns that name `trailer` (case-insensitive).
  func checks(forTrailer name: String) -> [ClaimCheck] {
    patterns.filter { pattern in
      pattern.place == .trailer
        && pattern.terms.contains { term in
          if case .words(let choices, _) = term { return choices.contains(name.lowercased()) }
          return false
        }
    }.map(\.check)
  }
}
