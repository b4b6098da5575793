/// A Content-Type header: `type/subtype` and its parameters.
///
/// ```swift
/// let type = ContentType("multipart/mixed; boundary=\"=-x\"")
/// type.isMultipart        // true
/// type["boundary"]        // "=-x"
/// ```
struct ContentType: Sendable {
  var mediaType: String
  var parameters: [String: String]

  init(_ header: String?) {
    guard let header else {
      mediaType = "text/plain"
      parameters = [:]
      return
    }
    var pieces: [Substring] = []
    var inQuotes = false
    var pieceStart = header.startIndex
    let bytes = header.utf8
    var index = bytes.startIndex
    while index < bytes.endIndex {
      let byte = bytes[index]
      if byte == 0x22 { inQuotes.toggle() }
      if byte == UInt8(ascii: ";") && !inQuotes {
        pieces.append(header[pieceStart..<index])
        pieceStart = bytes.index(after: index)
      }
      index = bytes.index(after: index)
    }
    pieces.append(header[pieceStart...])
    mediaType = pieces[0].trimmingSpaces().lowercased()
    if mediaType.isEmpty { mediaType = "text/plain" }
    var parameters: [String: String] = [:]
    for piece in pieces.dropFirst() {
      guard let equals = piece.utf8.firstIndex(of: UInt8(ascii: "=")) else { continue }
      let key = piece[..<equals].trimmingSpaces().lowercased()
      var value = piece[piece.utf8.index(after: equals)...].trimmingSpaces()
      if value.utf8.count >= 2 && value.utf8.first == 0x22 && value.utf8.last == 0x22 {
        value = String(value.dropFirst().dropLast())
      }
      parameters[key] = value
    }
    self.parameters = parameters
  }

  subscript(parameter: String) -> String? { parameters[parameter] }

  var isMultipart: Bool { mediaType.hasPrefix("multipart/") }
  var isMessage: Bool { mediaType == "message/rfc822" }

  /// Text a reviewer reads: plain text and attached patches, not HTML.
  var isReadableText: Bool {
    mediaType == "text/plain" || mediaType == "text/x-patch" || mediaType == "text/x-diff"
      || mediaType == "text/x-log" || mediaType == "application/x-patch"
  }
}
