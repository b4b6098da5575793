/// A patch mail's subject taken apart: `Re: [RFC PATCH v10 2/5] mm/hmm: Fix …`.
///
/// ```swift
/// let subject = SubjectLine("Re: [PATCH v3] mm: Fix a hmm_range_fault() livelock")
/// subject.version   // 3
/// subject.title     // "mm: Fix a hmm_range_fault() livelock"
/// subject.seriesKey // "fix a hmm_range_fault() livelock" (subsystem prefix dropped)
/// ```
public struct SubjectLine: Sendable, Equatable {
  public let isReply: Bool
  public let isPatch: Bool
  public let isRFC: Bool
  public let version: Int
  /// The stable line a backport or stable review is for: `6.18` of `[PATCH 6.18.y]` or
  /// `[PATCH 6.19 212/378]`; nil for a mainline posting.
  public let stableLine: String?
  /// `2` of `2/5`; nil without a number.
  public let number: Int?
  public let total: Int?
  /// The subject after `Re:` and the bracketed tags.
  public let title: String

  public init(_ subject: String) {
    var rest = Substring(subject.trimmingSpaces())
    var reply = false
    var patch = false
    var rfc = false
    var version = 1
    var number: Int? = nil
    var total: Int? = nil
    var stableLine: String? = nil
    while true {
      let lower = rest.prefix(5).lowercased()
      if lower.hasPrefix("re:") || lower.hasPrefix("aw:") {
        reply = true
        rest = rest.dropFirst(3).drop { $0 == " " }
      } else if lower.hasPrefix("fwd:") {
        rest = rest.dropFirst(4).drop { $0 == " " }
      } else if rest.first == "[", let close = rest.firstIndex(of: "]") {
        for tag in rest[rest.index(after: rest.startIndex)..<close].split(separator: " ") {
          let upper = tag.uppercased()
          if upper == "PATCH" || upper.hasPrefix("PATCH") { patch = true }
          if upper == "RFC" {
            rfc = true
            patch = true
          }
          if upper.first == "V", let value = Int(upper.dropFirst()) { version = value }
          if patch, stableLine == nil, let line = Self.stableLine(tag) { stableLine = line }
          let fraction = tag.split(separator: "/")
          if fraction.count == 2, let n = Int(fraction[0]), let t = Int(fraction[1]) {
            (number, total) = (n, t)
          }
        }
        rest = rest[rest.index(after: close)...].drop { $0 == " " }
      } else {
        break
      }
    }
    isReply = reply
    isPatch = patch
    isRFC = rfc
    self.version = version
    self.number = number
    self.total = total
    self.stableLine = stableLine
    title = rest.trimmingSpaces()
  }

  /// `6.18.y` or `6.19` (a release line, not a `v3` version) → `6.18`.
  private static func stableLine(_ tag: Substring) -> String? {
    var parts = tag.split(separator: ".", omittingEmptySubsequences: false)
    if parts.count == 3, parts[2] == "y" { parts.removeLast() }
    guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else {
      return nil
    }
    return parts.joined(separator: ".")
  }

  /// `0/N`: the cover letter of a series.
  public var isCoverLetter: Bool { number == 0 && total != nil }

  /// The title without its subsystem prefix, lowercased: the same for
  /// `mm/hmm: Fix X` (v1) and `mm: Fix X` (v3), so versions link up.
  public var seriesKey: String {
    var text = Substring(title)
    // Drop leading "word/word:" prefixes (no spaces inside a prefix).
    while let colon = text.firstIndex(of: ":"),
      colon > text.startIndex, !text[..<colon].containsBytes(" "),
      text.index(after: colon) < text.endIndex, text[text.index(after: colon)] == " "
    {
      text = text[text.index(after: colon)...].drop { $0 == " " }
    }
    return text.lowercased()
  }

  /// The key replies share with what they answer (prefixes and tags dropped).
  var threadKey: String { title.lowercased() }
}
