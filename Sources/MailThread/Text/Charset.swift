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

  /// Names compare as ASCII, in any case, spaces around ignored: no other
  /// character lowercases to a letter of these names.
  init(name: String?) {
    guard var name else {
      self = .utf8
      return
    }
    self = name.withUTF8 { Charset(nameBytes: $0) }
  }

  private init(nameBytes bytes: UnsafeBufferPointer<UInt8>) {
    let name = UnsafeBufferPointer(rebasing: bytes[trimmedSpaces(bytes)])
    if Charset.latin1Names.contains(where: { asciiCaseInsensitiveEquals(name, $0) }) {
      self = .latin1
    } else if Charset.windows1252Names.contains(where: { asciiCaseInsensitiveEquals(name, $0) }) {
      self = .windows1252
    } else {
      self = .utf8
    }
  }

  private static let latin1Names: [StaticString] = [
    "iso-8859-1", "iso8859-1", "latin1", "latin-1", "iso-8859-15", "iso_8859-1", "l1",
  ]
  private static let windows1252Names: [StaticString] = ["windows-1252", "cp1252", "x-cp1252"]

  /// Decodes bytes; a line of invalid UTF-8 is read as ISO-8859-1 rather than replaced.
  func decode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    switch self {
    case .utf8:
      let valid: String? =
        if let contiguous = bytes.withContiguousStorageIfAvailable(Charset.validUTF8) {
          contiguous
        } else {
          String(validating: bytes, as: UTF8.self)
        }
      return valid ?? Charset.latin1.decode(bytes)
    case .latin1, .windows1252:
      // Labelled ISO-8859-1, written as UTF-8 (many mail clients, and quotes of other
      // people's mail): each line that is valid UTF-8 is read as UTF-8, as git mailinfo and
      // b4 read a body, the others in the labelled charset.
      if let valid = Charset.validUTF8Unless8859(bytes) { return valid }
      var text = ""
      var line: [UInt8] = []
      for byte in bytes {
        line.append(byte)
        if byte == 0x0A {
          text += String(validating: line, as: UTF8.self) ?? singleByte(line)
          line.removeAll(keepingCapacity: true)
        }
      }
      return text + (String(validating: line, as: UTF8.self) ?? singleByte(line))
    }
  }

  /// Bytes read one character each, in ISO-8859-1 or Windows-1252.
  private func singleByte(_ bytes: [UInt8]) -> String {
    if self == .windows1252 {
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
    var utf8: [UInt8] = []
    utf8.reserveCapacity(bytes.count + bytes.count / 8)
    for byte in bytes {
      if byte < 0x80 {
        utf8.append(byte)
      } else {
        utf8.append(0xC0 | byte >> 6)
        utf8.append(0x80 | byte & 0x3F)
      }
    }
    return String(decoding: utf8, as: UTF8.self)
  }

  /// The text of bytes with non-ASCII that are valid UTF-8; nil otherwise (ASCII is the
  /// same in every charset here, and invalid UTF-8 is the labelled charset's).
  private static func validUTF8Unless8859<C: Collection>(_ bytes: C) -> String?
  where C.Element == UInt8 {
    guard bytes.contains(where: { $0 >= 0x80 }) else { return nil }
    return String(validating: bytes, as: UTF8.self)
  }

  /// The text of valid UTF-8, nil for invalid: all-ASCII bytes (most mail)
  /// are copied after one fast scan instead of being validated byte by byte.
  static func validUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    if isASCII(bytes) { return String(decoding: bytes, as: Unicode.ASCII.self) }
    return String(validating: bytes, as: UTF8.self)
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
  /// The text without leading and trailing spaces, tabs and line breaks
  /// (ASCII bytes, so trimming the UTF-8 view is exact).
  func trimmingSpaces() -> String {
    let text = Substring(self)
    let bytes = text.utf8
    guard let first = bytes.firstIndex(where: { !isSpaceByte($0) }) else { return "" }
    let last = bytes.lastIndex(where: { !isSpaceByte($0) })!
    return String(text[first...last])
  }
}

@inline(__always)
func isSpaceByte(_ byte: UInt8) -> Bool {
  byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
}
