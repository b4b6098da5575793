/// A dump whose line breaks were lost: every newline became one space.
///
/// Headers are found again by their names (`Date: … From: … Subject: …`), the
/// body starts at the first attribution (`On … wrote`) or quote marker, and a
/// new message starts at an mbox separator (`From - Mon Feb 02 11:33:10 2026`).
/// A message whose headers never end is reported as truncated.
enum FlattenedDump {
  /// Most lines are very long: the text was flattened. One long line among short ones (an
  /// 8,000-character line in a patch) is a long line, not a text whose breaks were lost.
  static func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard bytes.count > 400 else { return false }
    var lines = 0
    var longLines = 0
    var start = 0
    for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0A {
      let length = index - start
      if length > 0 { lines += 1 }
      if length > 600 { longLines += 1 }
      start = index + 1
    }
    return longLines > 0 && longLines * 2 >= lines
  }

  static func read(_ text: String, name: String, problems: inout [MailProblem]) -> [Message] {
    let flat = text.replacing("\n", with: " ")
    var messages: [Message] = []
    var segments: [(Substring, Int)] = []
    var rest = flat[...]
    var offset = 0
    while let separator = nextSeparator(in: rest, after: rest.startIndex) {
      let piece = rest[..<separator]
      segments.append((piece, offset))
      offset += piece.utf8.count
      rest = rest[separator...]
    }
    segments.append((rest, offset))
    for (index, (segment, byteOffset)) in segments.enumerated() {
      let location = "\(name) byte \(byteOffset)"
      var segment = segment
      if index > 0 {
        // Drop the separator "From - Www Mmm dd hh:mm:ss yyyy".
        let words = segment.split(separator: " ", maxSplits: 7, omittingEmptySubsequences: true)
        if words.count > 7 { segment = segment[words[7].startIndex...] } else { segment = "" }
      }
      if segment.trimmingSpaces().isEmpty { continue }
      messages.append(readOne(segment, location: location, problems: &problems))
    }
    return messages
  }

  private static func readOne(
    _ segment: Substring, location: String, problems: inout [MailProblem]
  ) -> Message {
    var message = Message(location: location, form: .flattened)
    let bodyStart = bodyStart(in: segment)
    let headerZone = segment[..<(bodyStart ?? segment.endIndex)]
    let starts = headerStarts(in: headerZone)
    guard starts.count >= 2 else {
      message.body = String(segment).trimmingSpaces()
      return message
    }
    if let first = starts.first, !segment[segment.startIndex..<first.0].trimmingSpaces().isEmpty {
      let skipped = segment[segment.startIndex..<first.0].utf8.count
      problems.append(
        MailProblem(
          location: location,
          message: "headers start in the middle of a field; \(skipped) bytes before "
            + "\"\(first.1):\" skipped"))
    }
    var block = HeaderBlock()
    for (i, (start, fieldName)) in starts.enumerated() {
      let end = i + 1 < starts.count ? starts[i + 1].0 : headerZone.endIndex
      let valueStart = segment.index(start, offsetBy: fieldName.count + 1)
      block.append(name: fieldName, value: segment[valueStart..<end].trimmingSpaces())
    }
    message.apply(block)
    if let bodyStart {
      message.body = String(segment[bodyStart...]).trimmingSpaces()
    } else {
      message.isTruncated = true
      let last = starts.last.map { "\($0.1):" } ?? ""
      problems.append(
        MailProblem(
          location: location,
          message: "message is cut off inside its headers (after \(last)): truncated, no body"))
    }
    return message
  }

  /// Where the body begins: an attribution line, or the first quote marker.
  static func bodyStart(in text: Substring) -> Substring.Index? {
    var candidates: [Substring.Index] = []
    var search = text.startIndex
    while let on = text[search...].utf8Range(of: "On ") {
      let window = text[on.lowerBound...].prefix(200)
      if let wrote = window.utf8Range(of: " wrote"),
        on.lowerBound == text.startIndex || text[text.index(before: on.lowerBound)] == " ",
        !window[..<wrote.lowerBound].containsBytes(": ")
      {
        candidates.append(on.lowerBound)
        break
      }
      search = on.upperBound
    }
    if let writes = text.utf8Range(of: " writes: ") {
      // "Name <addr> writes:": back up over the name and address (three words).
      var index = writes.lowerBound
      var spaces = 0
      while index > text.startIndex {
        let previous = text.index(before: index)
        if text[previous] == " " {
          spaces += 1
          if spaces == 3 { break }
        }
        index = previous
      }
      candidates.append(index)
    }
    if let quote = text.utf8Range(of: " > ") { candidates.append(quote.lowerBound) }
    return candidates.min()
  }

  /// Positions of `Name:` tokens that are header names, with the names.
  static func headerStarts(in text: Substring) -> [(Substring.Index, String)] {
    var result: [(Substring.Index, String)] = []
    var index = text.startIndex
    while index < text.endIndex {
      let wordEnd = text[index...].firstIndex(of: " ") ?? text.endIndex
      let word = text[index..<wordEnd]
      if word.count > 2, word.last == ":", word.first?.isUppercase == true {
        let name = String(word.dropLast())
        if isHeaderName(name) { result.append((index, name)) }
      }
      index = wordEnd < text.endIndex ? text.index(after: wordEnd) : text.endIndex
    }
    return result
  }

  private static func isHeaderName(_ name: String) -> Bool {
    guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
      return false
    }
    if knownHeaders.contains(name.lowercased()) { return true }
    return name.hasPrefix("X-") || name.hasPrefix("ARC-") || name.hasPrefix("List-")
  }

  private static let knownHeaders: Set<String> = [
    "from", "to", "cc", "bcc", "date", "subject", "message-id", "in-reply-to", "references",
    "reply-to", "sender", "content-type", "content-transfer-encoding", "content-disposition",
    "mime-version", "received", "return-path", "delivered-to", "dkim-signature",
    "authentication-results", "precedence", "user-agent", "organization", "list-id",
    "mailing-list", "thread-topic", "thread-index", "importance", "x-mailer",
  ]

  /// An mbox separator inside flattened text: ` From <who> Www Mmm d hh:mm:ss yyyy `.
  private static func nextSeparator(in text: Substring, after: Substring.Index) -> Substring.Index?
  {
    var search = after
    while let hit = text[search...].utf8Range(of: " From ") {
      let words = text[hit.upperBound...].prefix(60).split(separator: " ").prefix(5)
      if words.count == 5, weekdays.contains(String(words[1])),
        monthNames.contains(String(words[2])), words[4].containsBytes(":")
      {
        return text.index(after: hit.lowerBound)
      }
      search = hit.upperBound
    }
    return nil
  }

  private static let weekdays: Set<String> = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
  private static let monthNames: Set<String> = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]
}
