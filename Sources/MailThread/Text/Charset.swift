/// The character sets mail arrives in, and how their bytes become text.
///
/// Kernel mail is UTF-8 or ISO-8859-1 nearly always; Windows-1252 appears
/// where Outlook wrote it. Unknown names fall back to UTF-8 with
/// ISO-8859-1 for bytes that are not valid UTF-8, so no text is ever lost.
///
/// ```swift
/// Charset(name: "iso-8859-1").decode([0x48, 0xF6])  // "Hö"
/// ```
enum Charset: Sendable, Equatable {
  case utf8
  case latin1
  case windows1252

  init(name: String?) {
    switch name?.lowercased().trimmingSpaces() ?? "" {
    case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "iso-8859-15", "iso_8859-1", "l1":
      self = .latin1
    case "windows-1252", "cp1252", "x-cp1252":
      self = .windows1252
    default:
      self = .utf8
    }
  }

  /// Decodes bytes; invalid UTF-8 is read as ISO-8859-1 rather than replaced.
  func decode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    switch self {
    case .utf8:
      if let text = String(validating: bytes, as: UTF8.self) { return text }
      return Charset.latin1.decode(bytes)
    case .latin1:
      var scalars = String.UnicodeScalarView()
      for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
      return String(scalars)
    case .windows1252:
      var scalars = String.UnicodeScalarView()
      for byte in bytes {
        if byte >= 0x80 && byte < 0xA0,
          let mapped = Unicode.Scalar(Charset.cp1252[Int(byte - 0x80)])
        {
          scalars.append(mapped)
        } else {
          scalars.append(Unicode.Scalar(byte))
        }
      }
      return String(scalars)
    }
  }

  /// Windows-1252's code points for 0x80...0x9F (the rest is ISO-8859-1).
  private static let cp1252: [UInt32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
    0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
  ]
}

extension StringProtocol {
  /// The text without leading and trailing spaces, tabs and line breaks.
  func trimmingSpaces() -> String {
    guard let first = firstIndex(where: { !$0.isMailSpace }) else { return "" }
    let last = lastIndex(where: { !$0.isMailSpace })!
    return String(self[first...last])
  }
}

extension Character {
  var isMailSpace: Bool {
    self == " " || self == "\t" || self == "\r" || self == "\n" || self == "\r\n"
  }
}
