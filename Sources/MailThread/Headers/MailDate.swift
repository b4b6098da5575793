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
    let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
    for raw in tokens.prefix(16) {
      var token = Substring(raw)
      if token.hasPrefix("(") { continue }
      let lower = token.lowercased()
      if let value = MailDate.months[String(lower.prefix(3))], lower.count <= 9,
        lower.allSatisfy(\.isLetter)
      {
        month = value
        continue
      }
      if lower == "am" || lower == "pm" {
        pm = lower == "pm"
        continue
      }
      if let zone = MailDate.zones[lower] {
        offset = zone
        continue
      }
      if (token.first == "+" || token.first == "-") && token.count == 5,
        let value = Int(token.dropFirst())
      {
        let minutes = value / 100 * 60 + value % 100
        offset = token.first == "-" ? -minutes : minutes
        continue
      }
      if token.contains(":") {
        if lower.hasSuffix("am") || lower.hasSuffix("pm") {
          pm = lower.hasSuffix("pm")
          token = token.dropLast(2)
        }
        let parts = token.split(separator: ":").map { Int($0) }
        guard parts.count >= 2, let h = parts[0], let m = parts[1] else { continue }
        hour = h
        minute = m
        second = parts.count > 2 ? parts[2] ?? 0 : 0
        sawTime = true
        continue
      }
      if token.contains("-") {
        let parts = token.split(separator: "-").map { Int($0) }
        if parts.count == 3, let y = parts[0], let m = parts[1], let d = parts[2], y > 999 {
          (year, month, day) = (y, m, d)
        }
        continue
      }
      if token.contains("/") {
        let parts = token.split(separator: "/").map { Int($0) }
        if parts.count == 3, let m = parts[0], let d = parts[1], let y = parts[2] {
          (year, month, day) = (y < 100 ? 2000 + y : y, m, d)
        }
        continue
      }
      if let number = Int(token) {
        if token.count == 4 {
          year = number
        } else if day == nil && number >= 1 && number <= 31 {
          day = number
        } else if year == nil && token.count == 2 {
          year = number < 70 ? 2000 + number : 1900 + number
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

  private static let months: [String: Int] = [
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
  ]

  private static let zones: [String: Int] = [
    "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -300, "edt": -240, "cst": -360, "cdt": -300,
    "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
  ]
}
