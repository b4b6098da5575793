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
    var pieces: [String] = []
    var current = ""
    var inQuotes = false
    for character in header {
      if character == "\"" { inQuotes.toggle() }
      if character == ";" && !inQuotes {
        pieces.append(current)
        current = ""
      } else {
        current.append(character)
      }
    }
    pieces.append(current)
    mediaType = pieces[0].trimmingSpaces().lowercased()
    if mediaType.isEmpty { mediaType = "text/plain" }
    var parameters: [String: String] = [:]
    for piece in pieces.dropFirst() {
      guard let equals = piece.firstIndex(of: "=") else { continue }
      let key = piece[..<equals].trimmingSpaces().lowercased()
      var value = piece[piece.index(after: equals)...].trimmingSpaces()
      if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 {
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
