/// Parses one message's raw bytes (headers, blank line, body) into a `Message`.
///
/// ```swift
/// let message = MessageParser.parse(bytes, location: "t.mbox:120", problems: &problems)
/// ```
enum MessageParser {
  static func parse(
    _ bytes: UnsafeBufferPointer<UInt8>, location: String, problems: inout [MailProblem]
  ) -> Message {
    var message = Message(location: location, form: .mail)
    let (block, bodyStart) = HeaderBlock.parse(bytes)
    message.apply(block)
    if block.isTruncated {
      message.isTruncated = true
      problems.append(
        MailProblem(location: location, message: "message ends inside its headers (truncated)"))
    }
    var mimeProblems: [String] = []
    message.body = MimeBody.text(
      headers: block, body: UnsafeBufferPointer(rebasing: bytes[bodyStart...]),
      problems: &mimeProblems)
    for problem in mimeProblems {
      problems.append(MailProblem(location: location, message: problem))
    }
    return message
  }

  static func parse(_ bytes: [UInt8], location: String, problems: inout [MailProblem]) -> Message {
    bytes.withUnsafeBufferPointer { parse($0, location: location, problems: &problems) }
  }
}
