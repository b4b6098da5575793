/// The line a stable commit carries to name its upstream original.
///
/// Greg's form, `commit 1afaeb8293c9a1b2… upstream.`, or Sasha's,
/// `[ Upstream commit 1afaeb8293c9a1b2… ]`, anywhere in the first lines of the body.
///
/// ```swift
/// UpstreamReference.find(in: "commit 0123…abcd upstream.\n\nmm: …")  // "0123…abcd"
/// ```
///
/// - Complexity: O(n) in the bytes of the first 12 lines, no string made for a line that
///   names nothing (a line scan reads thousands of messages).
enum UpstreamReference {
  /// The upstream id (as written, lowercased hex, 7 to 40 digits) or `nil`.
  static func find(in message: String) -> String? {
    var message = message
    return message.withUTF8 { find(in: $0) }
  }

  private static func find(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
    var start = 0
    var lines = 0
    while start < bytes.count, lines < 12 {
      var end = start
      while end < bytes.count, bytes[end] != newline { end += 1 }
      if let id = id(inLine: bytes[start..<end]) { return id }
      start = end + 1
      lines += 1
    }
    return nil
  }

  /// The id a line names in one of the two forms.
  private static func id(inLine line: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
    let words = line.split(whereSeparator: { $0 == space || $0 == tab || $0 == carriageReturn })
    guard let first = words.first else { return nil }
    if words.count == 3, first.elementsEqual("commit".utf8),
      words[2].elementsEqual("upstream.".utf8) || words[2].elementsEqual("upstream".utf8)
    {
      return hexID(words[1])
    }
    // `[ Upstream commit <id> ]`, the brackets alone or against the words.
    var inner = Array(words)
    guard first.first == openBracket, let last = inner.last, last.last == closeBracket else {
      return nil
    }
    inner[0] = inner[0].dropFirst()
    inner[inner.count - 1] = inner[inner.count - 1].dropLast()
    inner = inner.filter { !$0.isEmpty }
    guard inner.count == 3, inner[0].map(lowercase).elementsEqual("upstream".utf8),
      inner[1].elementsEqual("commit".utf8)
    else { return nil }
    return hexID(inner[2])
  }

  private static func hexID(_ word: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
    guard (7...40).contains(word.count), word.allSatisfy(isHexDigit) else { return nil }
    return String(decoding: word.map(lowercase), as: UTF8.self)
  }

  private static func isHexDigit(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66)
      || (byte >= 0x41 && byte <= 0x46)
  }

  private static func lowercase(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
  }

  private static let newline = UInt8(ascii: "\n")
  private static let space = UInt8(ascii: " ")
  private static let tab = UInt8(ascii: "\t")
  private static let carriageReturn = UInt8(ascii: "\r")
  private static let openBracket = UInt8(ascii: "[")
  private static let closeBracket = UInt8(ascii: "]")
}
