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
    let all = Array(text.utf8)
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
          let value = MailDate.months[
            MailDate.key(token[b] | 0x20, token[b + 1] | 0x20, token[b + 2] | 0x20)]
        {
          month = value
        } else if token.count == 2 && token[b + 1] | 0x20 == 0x6D
          && (token[b] | 0x20 == 0x61 || token[b] | 0x20 == 0x70)
        {
          pm = token[b] | 0x20 == 0x70
        } else if token.count <= 3,
          let zone = MailDate.zones[String(decoding: token.map { $0 | 0x20 }, as: UTF8.self)]
        {
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
        let parts = token.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard parts.count >= 2, let h = MailDate.number(parts[0]), let m = MailDate.number(parts[1])
        else { continue }
        hour = h
        minute = m
        second = parts.count > 2 ? MailDate.number(parts[2]) ?? 0 : 0
        sawTime = true
        continue
      }
      for separator in [UInt8(ascii: "-"), UInt8(ascii: "/")] where token.contains(separator) {
        let parts = token.split(separator: separator).map { MailDate.number($0) }
        if parts.count == 3, let a = parts[0], let b = parts[1], let c = parts[2] {
          if separator == UInt8(ascii: "-") && a > 999 {
            (year, month, day) = (a, b, c)
          } else if separator == UInt8(ascii: "/") {
            (year, month, day) = (c < 100 ? 2000 + c : c, a, b)
          }
        }
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

  private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
    guard !digits.isEmpty, digits.count <= 9 else { return nil }
    var value = 0
    for byte in digits {
      guard byte >= 0x30 && byte <= 0x39 else { return nil }
      value = value * 10 + Int(byte - 0x30)
    }
    return value
  }

  private static let months: [Int: Int] = {
    var table: [Int: Int] = [:]
    for (index, name) in [
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ].enumerated() {
      let bytes = Array(name.utf8)
      table[key(bytes[0], bytes[1], bytes[2])] = index + 1
    }
    return table
  }()

  private static let zones: [String: Int] = [
    "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -300, "edt": -240, "cst": -360, "cdt": -300,
    "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
  ]
}
