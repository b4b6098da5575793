/// Content-Transfer-Encoding decoders: quoted-printable and base64.
///
/// Both are lenient the way mail readers are: a broken `=XY` escape is kept
/// as written, characters outside the base64 alphabet are skipped.
///
/// ```swift
/// TransferEncoding.quotedPrintable.decode(Array("Hellstr=C3=B6m=\n".utf8))
/// ```
enum TransferEncoding: Sendable, Equatable {
  case identity
  case quotedPrintable
  case base64

  /// The Content-Transfer-Encoding of a header block, compared as ASCII
  /// bytes (no other characters lowercase to these names).
  init(_ headers: HeaderBlock) {
    guard let index = headers.firstIndex(named: "content-transfer-encoding") else {
      self = .identity
      return
    }
    self = headers.withValueBytes(at: index) { bytes in
      let name = UnsafeBufferPointer(rebasing: bytes[trimmedSpaces(bytes)])
      if asciiCaseInsensitiveEquals(name, "quoted-printable") { return .quotedPrintable }
      if asciiCaseInsensitiveEquals(name, "base64") { return .base64 }
      return .identity
    }
  }

  func decode<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8, C.Index == Int {
    switch self {
    case .identity: return Array(bytes)
    case .quotedPrintable: return Self.decodeQuotedPrintable(bytes, underscoreIsSpace: false)
    case .base64: return Self.decodeBase64(bytes)
    }
  }

  static func decodeQuotedPrintable<C: Collection>(
    _ bytes: C, underscoreIsSpace: Bool
  ) -> [UInt8] where C.Element == UInt8, C.Index == Int {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = bytes.startIndex
    let end = bytes.endIndex
    while i < end {
      let byte = bytes[i]
      if byte == UInt8(ascii: "=") {
        // Soft line break: "=" then optional spaces then CRLF or LF.
        var j = i + 1
        while j < end && (bytes[j] == 0x20 || bytes[j] == 0x09) { j += 1 }
        if j < end && bytes[j] == 0x0D { j += 1 }
        if j < end && bytes[j] == 0x0A {
          i = j + 1
          continue
        }
        if j == end {
          i = end
          continue
        }
        if i + 2 < end, let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]) {
          out.append(high << 4 | low)
          i += 3
          continue
        }
        out.append(byte)
        i += 1
      } else if byte == UInt8(ascii: "_") && underscoreIsSpace {
        out.append(0x20)
        i += 1
      } else {
        out.append(byte)
        i += 1
      }
    }
    return out
  }

  static func decodeBase64<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 3 / 4)
    var accumulator: UInt32 = 0
    var bits = 0
    for byte in bytes {
      let value = base64Table[Int(byte)]
      if value == 0xFF {
        if byte == UInt8(ascii: "=") { bits = 0 }
        continue
      }
      accumulator = accumulator << 6 | UInt32(value)
      bits += 6
      if bits >= 8 {
        bits -= 8
        out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
      }
    }
    return out
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    default: return nil
    }
  }

  private static let base64Table: [UInt8] = {
    var table = [UInt8](repeating: 0xFF, count: 256)
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
    table[Int(UInt8(ascii: "-"))] = 62
    table[Int(UInt8(ascii: "_"))] = 63
    return table
  }()
}
