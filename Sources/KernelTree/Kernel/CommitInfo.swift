import Foundation

/// What a reviewer reads of a commit: id, subject, body, author, date, trailers.
public struct CommitInfo: Sendable, Hashable {
  public let id: ObjectID
  /// The first line of the message.
  public let subject: String
  /// The message after the subject line and the blank line that follows it.
  public let body: String
  public let authorName: String
  public let authorEmail: String
  public let date: Date
  /// The author's UTC offset in minutes, as recorded.
  public let utcOffsetMinutes: Int
  public let trailers: [Trailer]
  public let parents: [ObjectID]

  init(_ commit: Commit) {
    id = commit.id
    let message = commit.message
    let (subject, body) = CommitInfo.split(message)
    self.subject = subject
    self.body = body
    authorName = commit.authorName
    authorEmail = commit.authorEmail
    (date, utcOffsetMinutes) = commit.authorDate
    trailers = Trailer.parse(in: message)
    parents = commit.parentIDs
  }

  /// The subject alone (first paragraph joined), without splitting the whole message.
  static func subject(of message: String) -> String {
    let bytes = message.utf8
    var start = bytes.startIndex
    while start != bytes.endIndex, bytes[start] == UInt8(ascii: "\n") {
      start = bytes.index(after: start)
    }
    var end = start
    var previousWasNewline = false
    while end != bytes.endIndex {
      let byte = bytes[end]
      if byte == UInt8(ascii: "\n") {
        if previousWasNewline { break }
        previousWasNewline = true
      } else if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") {
        previousWasNewline = false
      }
      end = bytes.index(after: end)
    }
    let paragraph = message[start..<end].trimmingWhitespace()
    // One line (the usual case): no split of the paragraph into lines.
    guard paragraph.utf8.contains(UInt8(ascii: "\n")) else { return paragraph }
    return split(paragraph).subject
  }

  /// Splits a message into its subject (first paragraph joined, like git) and body.
  static func split(_ message: String) -> (subject: String, body: String) {
    let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
    var subjectLines: [Substring] = []
    var index = 0
    while index < lines.count, lines[index].trimmingWhitespace().isEmpty { index += 1 }
    while index < lines.count, !lines[index].trimmingWhitespace().isEmpty {
      subjectLines.append(lines[index])
      index += 1
    }
    let body = lines.dropFirst(index).drop { $0.trimmingWhitespace().isEmpty }
    return (
      subjectLines.map { $0.trimmingWhitespace() }.joined(separator: " "),
      body.joined(separator: "\n")
    )
  }
}
