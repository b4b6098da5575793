/// One line of an archive's "Thread overview" (lore, public-inbox).
///
/// ```
/// 2026-01-31 21:42         ` John Hubbard [this message]
/// ```
/// is depth 5 (indentation 2 per level after the backtick's line), author
/// John Hubbard, the message the page shows.
public struct OverviewEntry: Sendable, Equatable {
  /// UTC minute as the archive shows it: `2026-01-31 21:42`.
  public let date: String
  public let author: String
  /// A subject, when the archive shows one (it does where the subject changed).
  public let subject: String?
  public let depth: Int
  /// Marked `[this message]`: the message the page is about.
  public let current: Bool

  /// Parses one overview line; nil when it is not one.
  init?(line: Substring) {
    let bytes = Array(line.utf8)
    guard bytes.count > 17, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
      bytes[10] == 0x20, bytes[13] == UInt8(ascii: ":"),
      bytes[0..<4].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
    else { return nil }
    let day = String(decoding: bytes[0..<10], as: UTF8.self)
    let hour = String(decoding: bytes[11..<13], as: UTF8.self).trimmingSpaces()
    let minute = String(decoding: bytes[14..<16], as: UTF8.self)
    date = "\(day) \(hour.count == 1 ? "0" + hour : hour):\(minute)"
    var rest = String(decoding: bytes[16...], as: UTF8.self)
    let spaces = rest.prefix { $0 == " " }.count
    rest = String(rest.dropFirst(spaces))
    if rest.hasPrefix("` ") {
      depth = max(0, spaces - 1) / 2 + 1
      rest = String(rest.dropFirst(2))
    } else {
      depth = 0
    }
    current = rest.contains("[this message]")
    rest = rest.replacing("[this message]", with: "").trimmingSpaces()
    if let quote = rest.firstRange(of: "\" ") {
      subject = rest[..<quote.lowerBound].trimmingSpaces()
      author = rest[quote.upperBound...].trimmingSpaces()
    } else {
      subject = nil
      author = rest
    }
  }
}
