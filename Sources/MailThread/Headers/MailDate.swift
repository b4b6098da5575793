/// A date as mail writes it, with the writer's time zone kept.
///
/// Reads RFC 5322 dates and the forms mail clients put in attribution
/// lines: `Sat, 31 Jan 2026 13:42:20 -0800`, `Wed, 2026-02-04 at 21:59 +1100`,
/// `Sat, Jan 31, 2026 at 01:57:21PM +0100`, `1/31/26 11:00 AM` (no zone: UTC assumed,
/// `hasZone` false).
///
/// ```swift
/// MailDate(parsing: "Sat, 31 Jan 2026 13:42:20 -0800")?.description
/// // "2026-01-31 13:42:20 -0800"
/// ```
public struct MailDate: Sendable, Equatable, Comparable, CustomStringConvertible {
  /// Seconds since 1970-01-01 00:00 UTC.
  public let secondsSince1970: Int64
  /// The writer's offset from UTC in minutes (`-0800` is -480).
  public let offsetMinutes: Int
  /// Whether the text named a time zone.
  public let hasZone: Bool

  public static func < (lhs: MailDate, rhs: MailDate) -> Bool {
    lhs.secondsSince1970 < rhs.secondsSince1970
  }

  /// `2026-01-31 13:42:20 -0800`: local time as written, and the zone.
  public var description: String {
    let local = components(offset: offsetMinutes)
    return "\(local.date) \(local.time) \(zoneText(separator: ""))"
  }

  /// ISO 8601: `2026-01-31T13:42:20-08:00`.
  public var iso8601: String {
    let local = components(offset: offsetMinutes)
    return "\(local.date)T\(local.time)\(zoneText(separator: ":"))"
  }

  /// The UTC minute, `2026-01-31 21:42`, as archives' thread overviews show it.
  public var utcMinute: String {
    let utc = components(offset: 0)
    return "\(utc.date) \(utc.time.prefix(5))"
  }

  public init?(parsing text: String) {
    var text = text
    guard let date = text.withUTF8({ MailDate(bytes: $0) }) else { return nil }
    self = date
  }

  /// Parses a date from its bytes without building strings: only ASCII
  /// letters, digits and punctuation matter, so any bytes will do.
  init?(bytes all: UnsafeBufferPointer<UInt8>) {
    var year: Int?
    var month: Int?
    var day: Int?
    var hour = 0
    var minute = 0
    var second = 0
    var sawTime = false
    var pm: Bool?
    var offset: Int?
    var tokens = 0
    var cursor = 0
    while cursor < all.count {
      while cursor < all.count
        && (all[cursor] == 0x20 || all[cursor] == 0x2C || all[cursor] == 0x09)
      {
        cursor += 1
      }
      let tokenStart = cursor
      while cursor < all.count && all[cursor] != 0x20 && all[cursor] != 0x2C && all[cursor] != 0x09
      {
        cursor += 1
      }
      guard cursor > tokenStart else { break }
      tokens += 1
      if tokens > 16 { break }
      var token = all[tokenStart..<cursor]
      guard let first = token.first, first != UInt8(ascii: "(") else { continue }
      let isLetters = token.allSatisfy { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
      if isLetters {
        let b = token.startIndex
        if token.count >= 3 && token.count <= 9,
          let value = MailDate.month(token[b] | 0x20, token[b + 1] | 0x20, token[b + 2] | 0x20)
        {
          month = value
        } else if token.count == 2 && token[b + 1] | 0x20 == 0x6D
          && (token[b] | 0x20 == 0x61 || token[b] | 0x20 == 0x70)
        {
          pm = token[b] | 0x20 == 0x70
        } else if token.count <= 3, let zone = MailDate.zone(token) {
          offset = zone
        }
        continue
      }
      if (first == UInt8(ascii: "+") || first == UInt8(ascii: "-")) && token.count == 5,
        let value = MailDate.number(token.dropFirst())
      {
        let minutes = value / 100 * 60 + value % 100
        offset = first == UInt8(ascii: "-") ? -minutes : minutes
        continue
      }
      if token.contains(UInt8(ascii: ":")) {
        if let last = token.last, last | 0x20 == 0x6D, token.count > 2 {
          pm = token[token.endIndex - 2] | 0x20 == 0x70
          token = token.dropLast(2)
        }
        guard let time = MailDate.clock(token) else { continue }
        (hour, minute, second) = time
        sawTime = true
        continue
      }
      if let dashed = MailDate.triple(token, UInt8(ascii: "-")), dashed.0 > 999 {
        (year, month, day) = dashed
      }
      if let slashed = MailDate.triple(token, UInt8(ascii: "/")) {
        let (a, b, c) = slashed
        (year, month, day) = (c < 100 ? 2000 + c : c, a, b)
      }
      if let value = MailDate.number(token) {
        if token.count == 4 {
          year = value
        } else if day == nil && value >= 1 && value <= 31 {
          day = value
        } else if year == nil && token.count == 2 {
          year = value < 70 ? 2000 + value : 1900 + value
        }
      }
    }
    guard let year, let month, let day, (1...12).contains(month), (1...31).contains(day),
      (1900...9999).contains(year), sawTime, (0...23).contains(hour), (0...59).contains(minute),
      (0...60).contains(second)
    else { return nil }
    if let pm {
      if pm && hour < 12 { hour += 12 }
      if !pm && hour == 12 { hour = 0 }
    }
    let days = MailDate.daysSinceEpoch(year: year, month: month, day: day)
    let local = Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + second)
    self.offsetMinutes = offset ?? 0
    self.hasZone = offset != nil
    self.secondsSince1970 = local - Int64(offsetMinutes * 60)
  }

  private typealias Token = Slice<UnsafeBufferPointer<UInt8>>

  /// `hh:mm` or `hh:mm:ss`: hours and minutes must be numbers; a third
  /// part that is not a number (or is missing) counts as 0 seconds.
  private static func clock(_ token: Token) -> (Int, Int, Int)? {
    let end = token.endIndex
    guard let firstColon = token.firstIndex(of: UInt8(ascii: ":")) else { return nil }
    let secondColon = token[(firstColon + 1)...].firstIndex(of: UInt8(ascii: ":")) ?? end
    guard let h = number(token[token.startIndex..<firstColon]),
      let m = number(token[(firstColon + 1)..<secondColon])
    else { return nil }
    guard secondColon < end else { return (h, m, 0) }
    let thirdColon = token[(secondColon + 1)...].firstIndex(of: UInt8(ascii: ":")) ?? end
    return (h, m, number(token[(secondColon + 1)..<thirdColon]) ?? 0)
  }

  /// Three numbers separated by `separator` (empty pieces skipped), as in
  /// `2026-02-04` or `1/31/26`.
  private static func triple(_ token: Token, _ separator: UInt8) -> (Int, Int, Int)? {
    guard token.contains(separator) else { return nil }
    var values: [Int] = []
    var parts = 0
    var valid = true
    for piece in token.split(separator: separator) {
      parts += 1
      if let value = number(piece) { values.append(value) } else { valid = false }
    }
    guard parts == 3, valid else { return nil }
    return (values[0], values[1], values[2])
  }

  private func zoneText(separator: String) -> String {
    let sign = offsetMinutes < 0 ? "-" : "+"
    let magnitude = abs(offsetMinutes)
    return sign + MailDate.pad(magnitude / 60) + separator + MailDate.pad(magnitude % 60)
  }

  private func components(offset: Int) -> (date: String, time: String) {
    let local = secondsSince1970 + Int64(offset * 60)
    let days = Int(local >= 0 ? local / 86400 : (local - 86399) / 86400)
    let seconds = Int(local - Int64(days) * 86400)
    let (y, m, d) = MailDate.civil(fromDays: days)
    let date = "\(y)-\(MailDate.pad(m))-\(MailDate.pad(d))"
    let time =
      "\(MailDate.pad(seconds / 3600)):\(MailDate.pad(seconds / 60 % 60)):\(MailDate.pad(seconds % 60))"
    return (date, time)
  }

  private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

  /// Howard Hinnant's days_from_civil.
  static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  static func civil(fromDays days: Int) -> (Int, Int, Int) {
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }

  private static func key(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
    Int(a) << 16 | Int(b) << 8 | Int(c)
  }

  private static func number(_ digits: Token) -> Int? {
    guard !digits.isEmpty, digits.count <= 9 else { return nil }
    var value = 0
    for byte in digits {
      guard byte >= 0x30 && byte <= 0x39 else { return nil }
      value = value * 10 + Int(byte - 0x30)
    }
    return value
  }

  /// The month (1...12) whose English name starts with these lowercase letters.
  private static func month(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
    months.firstIndex(of: key(a, b, c)).map { $0 + 1 }
  }

  private static let months: [Int] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
  ].map { name in
    let bytes = Array(name.utf8)
    return key(bytes[0], bytes[1], bytes[2])
  }

  /// The offset in minutes of a zone name of up to three letters (`PST`).
  private static func zone(_ token: Token) -> Int? {
    var wanted = 0
    for byte in token { wanted = wanted << 8 | Int(byte | 0x20) }
    wanted <<= 8 * (3 - token.count)
    return zones.first { $0.key == wanted }?.minutes
  }

  private static let zones: [(key: Int, minutes: Int)] = [
    ("ut", 0), ("utc", 0), ("gmt", 0), ("z", 0), ("est", -300), ("edt", -240), ("cst", -360),
    ("cdt", -300), ("mst", -420), ("mdt", -360), ("pst", -480), ("pdt", -420),
  ].map { name, minutes in
    var bytes = Array(name.utf8)
    while bytes.count < 3 { bytes.append(0) }
    return (key(bytes[0], bytes[1], bytes[2]), minutes)
  }
}
