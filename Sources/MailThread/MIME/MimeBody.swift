/// Turns a message body's bytes into the text a reviewer reads.
///
/// Walks MIME multipart structure (nested, to a bounded depth), decodes
/// quoted-printable and base64, converts the charset, undoes format=flowed,
/// and joins every readable text part (the plain text, attached patches) in
/// order. A multipart whose closing boundary never comes is read up to the
/// end and reported.
///
/// ```swift
/// var problems: [String] = []
/// let text = MimeBody.text(headers: headers, body: bytes, problems: &problems)
/// ```
enum MimeBody {
  static let maximumDepth = 12

  static func text(
    headers: HeaderBlock, body: UnsafeBufferPointer<UInt8>, problems: inout [String]
  ) -> String {
    let contentType = ContentType(headers)
    let encoding = TransferEncoding(headers)
    if !contentType.isMultipart && !contentType.isMessage {
      // One part, as most mail is: no list of parts to join.
      return leafText(
        contentType: contentType, encoding: encoding, body: body, depth: 0, problems: &problems)
        ?? ""
    }
    var parts: [String] = []
    collect(
      contentType: contentType, encoding: encoding, body: body, depth: 0, parts: &parts,
      problems: &problems)
    return parts.count == 1 ? parts[0] : parts.joined(separator: "\n")
  }

  private static func collect(
    contentType: ContentType, encoding: TransferEncoding, body: UnsafeBufferPointer<UInt8>,
    depth: Int, parts: inout [String], problems: inout [String]
  ) {
    if contentType.isMultipart, let boundary = contentType["boundary"], !boundary.isEmpty {
      guard depth < maximumDepth else {
        problems.append("MIME parts nested deeper than \(maximumDepth) levels were not read")
        return
      }
      let (sections, closed) = split(body, boundary: Array(boundary.utf8))
      if !closed {
        problems.append("multipart boundary \"\(boundary)\" is never closed; read to the end")
      }
      let isAlternative = contentType.mediaType == "multipart/alternative"
      for range in sections {
        let section = UnsafeBufferPointer(rebasing: body[range])
        let (headers, start) = HeaderBlock.parse(section)
        let partBody = UnsafeBufferPointer(rebasing: section[start...])
        let before = parts.count
        collect(
          contentType: ContentType(headers),
          encoding: TransferEncoding(headers),
          body: partBody, depth: depth + 1, parts: &parts, problems: &problems)
        if isAlternative && parts.count > before { break }
      }
      return
    }
    if contentType.isMessage {
      guard depth < maximumDepth else { return }
      let (headers, start) = HeaderBlock.parse(body)
      collect(
        contentType: ContentType(headers),
        encoding: TransferEncoding(headers),
        body: UnsafeBufferPointer(rebasing: body[start...]), depth: depth + 1, parts: &parts,
        problems: &problems)
      return
    }
    if let text = leafText(
      contentType: contentType, encoding: encoding, body: body, depth: depth, problems: &problems)
    {
      parts.append(text)
    }
  }

  /// The text of a part that is not a container, nil when not readable text.
  private static func leafText(
    contentType: ContentType, encoding: TransferEncoding, body: UnsafeBufferPointer<UInt8>,
    depth: Int, problems: inout [String]
  ) -> String? {
    guard contentType.isReadableText || contentType.mediaType.hasPrefix("text/") && depth == 0
    else { return nil }
    let charset = Charset(name: contentType["charset"])
    var text: String
    let decoded = encoding == .identity ? nil : encoding.decode(body)
    if charset == .utf8 {
      let valid =
        decoded.map { $0.withUnsafeBufferPointer(Charset.validUTF8) } ?? Charset.validUTF8(body)
      if let valid {
        text = valid
      } else {
        problems.append("text is not valid UTF-8; the lines that are not read as ISO-8859-1")
        text = decoded.map { Charset.latin1.decode($0) } ?? Charset.latin1.decode(body)
      }
    } else {
      // UTF-8 labelled ISO-8859-1 or Windows-1252 is read as UTF-8 (see `Charset.decode`).
      text = decoded.map { charset.decode($0) } ?? charset.decode(body)
    }
    if contentType["format"]?.lowercased() == "flowed" {
      text = FlowedText.unflow(text, deleteSpace: contentType["delsp"]?.lowercased() == "yes")
    }
    return text
  }

  /// The byte ranges between `--boundary` lines, and whether `--boundary--` was seen.
  static func split(_ body: UnsafeBufferPointer<UInt8>, boundary: [UInt8]) -> (
    [Range<Int>], closed: Bool
  ) {
    var sections: [Range<Int>] = []
    var sectionStart: Int? = nil
    var i = 0
    let end = body.count
    while i < end {
      var lineEnd = i
      while lineEnd < end && body[lineEnd] != 0x0A { lineEnd += 1 }
      if lineEnd - i >= boundary.count + 2 && body[i] == UInt8(ascii: "-")
        && body[i + 1] == UInt8(ascii: "-") && matches(body, at: i + 2, boundary)
      {
        let after = i + 2 + boundary.count
        let isClose =
          after + 1 < lineEnd && body[after] == UInt8(ascii: "-")
          && body[after + 1] == UInt8(ascii: "-")
        if let start = sectionStart {
          var sectionEnd = i
          if sectionEnd > start && body[sectionEnd - 1] == 0x0A { sectionEnd -= 1 }
          if sectionEnd > start && body[sectionEnd - 1] == 0x0D { sectionEnd -= 1 }
          sections.append(start..<max(start, sectionEnd))
        }
        if isClose { return (sections, true) }
        sectionStart = lineEnd < end ? lineEnd + 1 : end
      }
      i = lineEnd + 1
    }
    if let start = sectionStart, start < end { sections.append(start..<end) }
    return (sections, false)
  }

  private static func matches(_ body: UnsafeBufferPointer<UInt8>, at index: Int, _ needle: [UInt8])
    -> Bool
  {
    guard index + needle.count <= body.count else { return false }
    for (offset, byte) in needle.enumerated() where body[index + offset] != byte { return false }
    return true
  }
}

/// RFC 3676 format=flowed: soft line breaks are a trailing space.
enum FlowedText {
  static func unflow(_ text: String, deleteSpace: Bool) -> String {
    // Nothing to join or unstuff: no line ends or starts with a space.
    var text = text
    if text.withUTF8({ isPlain($0) }) { return text }
    let bytes = Array(text.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var pendingDepth = -1
    var lineStart = 0
    while lineStart <= bytes.count {
      var lineEnd = lineStart
      while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
      var end = lineEnd
      if end > lineStart && bytes[end - 1] == 0x0D { end -= 1 }
      var start = lineStart
      var depth = 0
      while start < end && bytes[start] == UInt8(ascii: ">") {
        depth += 1
        start += 1
      }
      if start < end && bytes[start] == 0x20 { start += 1 }
      let isSignature =
        end - start == 3 && bytes[start] == UInt8(ascii: "-")
        && bytes[start + 1] == UInt8(ascii: "-") && bytes[start + 2] == 0x20
      if pendingDepth >= 0 && pendingDepth != depth {
        out.append(0x0A)
        pendingDepth = -1
      }
      if pendingDepth < 0 {
        for _ in 0..<depth { out.append(UInt8(ascii: ">")) }
        if depth > 0 { out.append(0x20) }
      }
      let flows = end > start && bytes[end - 1] == 0x20 && !isSignature
      out.append(contentsOf: bytes[start..<(flows && deleteSpace ? end - 1 : end)])
      if flows {
        pendingDepth = depth
      } else {
        pendingDepth = -1
        if lineEnd < bytes.count { out.append(0x0A) }
      }
      if lineEnd >= bytes.count { break }
      lineStart = lineEnd + 1
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// No line ends or starts with a space, and the text does not end in one.
  private static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var previous: UInt8 = 0x0A
    for byte in bytes {
      if (byte == 0x0A && previous == 0x20) || (byte == 0x20 && previous == 0x0A) { return false }
      previous = byte
    }
    return previous != 0x20
  }
}
