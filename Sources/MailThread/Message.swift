/// One mail as recovered from its input, damaged or not.
///
/// `form` says how it was read (a clean mbox entry, an archive web page,
/// a dump whose line breaks were lost, a body-only fragment), so every later
/// stage knows how far to trust line structure.
///
/// ```swift
/// let archive = try MailArchive.read(path: "Fixtures/seeds/001_9c3082e7bf73a071.txt")
/// archive.messages[0].from?.name   // "John Hubbard"
/// ```
public struct Message: Sendable {
  /// Message-ID without angle brackets; nil when the input had none.
  public var id: String?
  public var from: Mailbox?
  public var to: [Mailbox] = []
  public var cc: [Mailbox] = []
  public var date: MailDate?
  /// Subject with RFC 2047 words decoded; empty when absent.
  public var subject: String = ""
  public var inReplyTo: [String] = []
  public var references: [String] = []
  /// The readable text: MIME decoded, charset converted, flowed text joined.
  public var body: String = ""
  public var headers: [HeaderField] = []
  /// Where the message starts: `FILE:LINE` or `FILE byte N`.
  public var location: String
  public var form: Form
  /// The input ended inside this message.
  public var isTruncated = false

  /// How a message was recovered from its input.
  public enum Form: String, Sendable {
    /// An entry of an mbox, an .eml file: real line structure and headers.
    case mail
    /// An archive's web page (lore): headers, body, thread overview as text.
    case archivePage
    /// Headers and body with every line break turned into a space.
    case flattened
    /// Only a body, starting with an attribution line; no headers.
    case fragment
  }

  public init(location: String, form: Form) {
    self.location = location
    self.form = form
  }

  /// In-Reply-To, else the last of References: the message this one answers.
  public var parentID: String? { inReplyTo.last ?? references.last }

  /// Fills the well-known fields from parsed headers.
  mutating func apply(_ block: HeaderBlock) {
    headers = block.fields
    if let value = block["message-id"] { id = MessageIDList.parse(value).first }
    if let value = block["from"] { from = Mailbox.list(value).first }
    if let value = block["to"] { to = Mailbox.list(value) }
    if let value = block["cc"] { cc = Mailbox.list(value) }
    if let value = block["date"] { date = MailDate(parsing: value) }
    if let value = block["subject"] { subject = EncodedWord.decode(value).trimmingSpaces() }
    inReplyTo = MessageIDList.parse(block["in-reply-to"])
    references = MessageIDList.parse(block["references"])
  }
}

/// A problem met while reading, with where it happened.
public struct MailProblem: Sendable, Equatable, CustomStringConvertible {
  /// `FILE:LINE`, `FILE byte N`, or a message id.
  public let location: String
  public let message: String

  public init(location: String, message: String) {
    self.location = location
    self.message = message
  }

  public var description: String { "\(location): \(message)" }
}
