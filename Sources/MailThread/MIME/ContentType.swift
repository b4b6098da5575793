/// A Content-Type header: `type/subtype` and its parameters.
///
/// ```swift
/// let type = ContentType("multipart/mixed; boundary=\"=-x\"")
/// type.isMultipart        // true
/// type["boundary"]        // "=-x"
/// ```
struct ContentType: Sendable {
  var mediaType: String
  /// Parameter names lowercased, values unquoted, in header order.
  var parameters: [(name: String, value: String)]

  init(_ header: String?) {
    guard let header else {
      mediaType = "text/plain"
      parameters = []
      return
    }
    let bytes = Array(header.utf8)
    var pieces: [Range<Int>] = []
    var inQuotes = false
    var start = 0
    for (index, byte) in bytes.enumerated() {
      if byte == 0x22 { inQuotes.toggle() }
      if byte == UInt8(ascii: ";") && !inQuotes {
        pieces.append(start..<index)
        start = index + 1
      }
    }
    pieces.append(start..<bytes.count)
    func trimmed(_ range: Range<Int>) -> Range<Int> {
      var low = range.lowerBound
      var high = range.upperBound
      while low < high && isSpaceByte(bytes[low]) { low += 1 }
      while high > low && isSpaceByte(bytes[high - 1]) { high -= 1 }
      return low..<high
    }
    func lowered(_ range: Range<Int>) -> String {
      String(
        decoding: bytes[range].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
    let type = trimmed(pieces[0])
    mediaType = type.isEmpty ? "text/plain" : lowered(type)
    var parameters: [(name: String, value: String)] = []
    for piece in pieces.dropFirst() {
      guard let equals = bytes[piece].firstIndex(of: UInt8(ascii: "=")) else { continue }
      let name = trimmed(piece.lowerBound..<equals)
      var value = trimmed((equals + 1)..<piece.upperBound)
      if value.count >= 2 && bytes[value.lowerBound] == 0x22 && bytes[value.upperBound - 1] == 0x22
      {
        value = (value.lowerBound + 1)..<(value.upperBound - 1)
      }
      parameters.append((lowered(name), String(decoding: bytes[value], as: UTF8.self)))
    }
    self.parameters = parameters
  }

  subscript(parameter: String) -> String? {
    parameters.first { $0.name == parameter }?.value
  }

  var isMultipart: Bool { mediaType.hasPrefix("multipart/") }
  var isMessage: Bool { mediaType == "message/rfc822" }

  /// Text a reviewer reads: plain text and attached patches, not HTML.
  var isReadableText: Bool {
    mediaType == "text/plain" || mediaType == "text/x-patch" || mediaType == "text/x-diff"
      || mediaType == "text/x-log" || mediaType == "application/x-patch"
  }
}
