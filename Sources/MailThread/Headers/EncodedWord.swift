/// RFC 2047 encoded words in header text: `=?charset?Q?...?=` and `=?charset?B?...?=`.
///
/// Adjacent encoded words separated only by white space join without it,
/// as the RFC asks, so a name split over two words reads as one.
///
/// ```swift
/// EncodedWord.decode("Thomas =?iso-8859-1?Q?Hellstr=F6m?=")  // "Thomas Hellström"
/// ```
enum EncodedWord {
  static func decode(_ text: String) -> String {
    guard EncodedWord.mayContainWord(text) else { return text }
    var text = text
    return text.withUTF8 { String(decoding: decodedUTF8($0), as: UTF8.self) }
  }

  /// Decodes the words in valid UTF-8 text; the result is valid UTF-8.
  static func decodedUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    var lastWordEnd: Int? = nil
    while i < bytes.count {
      if bytes[i] == UInt8(ascii: "="), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "?"),
        let (decoded, end) = parseWord(bytes, at: i)
      {
        if let last = lastWordEnd, bytes[last..<i].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
          // White space between two encoded words is dropped.
          out.removeLast(i - last)
        }
        out.append(contentsOf: decoded.utf8)
        i = end
        lastWordEnd = end
        continue
      }
      out.append(bytes[i])
      i += 1
    }
    return out
  }

  /// `=?charset?E?payload?=` starting at `start`: its text and the index after it.
  private static func parseWord(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (
    String, Int
  )? {
    var q1 = start + 2
    while q1 < bytes.count && bytes[q1] != UInt8(ascii: "?") {
      if bytes[q1] == 0x20 || q1 - start > 64 { return nil }
      q1 += 1
    }
    guard q1 + 2 < bytes.count, bytes[q1 + 2] == UInt8(ascii: "?") else { return nil }
    let encoding = bytes[q1 + 1] | 0x20
    let payloadStart = q1 + 3
    var close = payloadStart
    while close + 1 < bytes.count
      && !(bytes[close] == UInt8(ascii: "?") && bytes[close + 1] == UInt8(ascii: "="))
    {
      if close - payloadStart > 4096 { return nil }
      close += 1
    }
    guard close + 1 < bytes.count else { return nil }
    let charsetName = charset(UnsafeBufferPointer(rebasing: bytes[(start + 2)..<q1]))
    let payload = bytes[payloadStart..<close]
    let decoded: [UInt8]
    switch encoding {
    case UInt8(ascii: "q"):
      decoded = TransferEncoding.decodeQuotedPrintable(payload, underscoreIsSpace: true)
    case UInt8(ascii: "b"): decoded = TransferEncoding.decodeBase64(payload)
    default: return nil
    }
    return (Charset(name: charsetName).decode(decoded), close + 2)
  }

  /// The charset name before any `*language` suffix (RFC 2231), nil if empty.
  private static func charset(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    guard isASCII(bytes) else {
      // Split by characters, as a `*` followed by a combining mark is not a `*`.
      return String(decoding: bytes, as: UTF8.self).split(separator: "*").first.map(String.init)
    }
    return bytes.split(separator: UInt8(ascii: "*")).first.map {
      String(decoding: UnsafeBufferPointer(rebasing: $0), as: UTF8.self)
    }
  }

  /// A quick byte scan for `=?`, so plain headers cost one pass.
  static func mayContainWord(_ text: String) -> Bool {
    if let found = text.utf8.withContiguousStorageIfAvailable({ mayContainWord($0) }) {
      return found
    }
    return Array(text.utf8).withUnsafeBufferPointer { mayContainWord($0) }
  }

  static func mayContainWord(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    ByteSearch.find(wordStart, in: bytes, from: 0) != nil
  }

  private static let wordStart: [UInt8] = Array("=?".utf8)
}
