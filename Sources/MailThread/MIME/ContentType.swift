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
    guard var header else {
      self.init(mediaType: "text/plain", parameters: [])
      return
    }
    self = header.withUTF8 { ContentType(utf8: $0) }
  }

  /// The Content-Type of a header block: its first such field read from its
  /// bytes (through the decoded `String` if they are not ASCII), else text/plain.
  init(_ headers: HeaderBlock) {
    guard let index = headers.firstIndex(named: "content-type") else {
      self.init(nil)
      return
    }
    self = headers.withValueBytes(at: index) { bytes in
      isASCII(bytes) ? ContentType(utf8: bytes) : ContentType(Charset.utf8.decode(bytes))
    }
  }

  private init(mediaType: String, parameters: [(name: String, value: String)]) {
    self.mediaType = mediaType
    self.parameters = parameters
  }

  /// Parses valid UTF-8: pieces split at `;` outside quotes, the first the
  /// media type, the others `name=value` (lowercased names, unquoted values).
  private init(utf8 bytes: UnsafeBufferPointer<UInt8>) {
    func trimmed(_ range: Range<Int>) -> Range<Int> {
      trimmedSpaces(UnsafeBufferPointer(rebasing: bytes[range])).shifted(by: range.lowerBound)
    }
    func lowered(_ range: Range<Int>) -> String {
      String(unsafeUninitializedCapacity: range.count) { out in
        for (offset, byte) in bytes[range].enumerated() {
          out[offset] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
        }
        return range.count
      }
    }
    mediaType = "text/plain"
    parameters = []
    var inQuotes = false
    var start = 0
    var isFirst = true
    for index in 0...bytes.count {
      if index < bytes.count {
        if bytes[index] == 0x22 { inQuotes.toggle() }
        guard bytes[index] == UInt8(ascii: ";") && !inQuotes else { continue }
      }
      let piece = start..<index
      start = index + 1
      if isFirst {
        isFirst = false
        let type = trimmed(piece)
        if !type.isEmpty { mediaType = lowered(type) }
        continue
      }
      guard let equals = bytes[piece].firstIndex(of: UInt8(ascii: "=")) else { continue }
      let name = trimmed(piece.lowerBound..<equals)
      var value = trimmed((equals + 1)..<piece.upperBound)
      if value.count >= 2 && bytes[value.lowerBound] == 0x22 && bytes[value.upperBound - 1] == 0x22
      {
        value = (value.lowerBound + 1)..<(value.upperBound - 1)
      }
      parameters.append(
        (
          lowered(name),
          String(decoding: UnsafeBufferPointer(rebasing: bytes[value]), as: UTF8.self)
        ))
    }
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
