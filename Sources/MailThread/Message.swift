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
  /// To and Cc are parsed when asked for: threading never needs them.
  public var to: [Mailbox] { header("to").map(Mailbox.list) ?? [] }
  public var cc: [Mailbox] { header("cc").map(Mailbox.list) ?? [] }
  public var date: MailDate?
  /// Subject with RFC 2047 words decoded; empty when absent.
  public var subject: String = ""
  public var inReplyTo: [String] = []
  public var references: [String] = []
  /// The readable text: MIME decoded, charset converted, flowed text joined.
  public var body: String = ""
  /// Every header field, in order, as written.
  public var headers: [HeaderField] { headerBlock.fields }
  var headerBlock = HeaderBlock()
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

  /// The first header field of that name (case-insensitive), as written.
  public func header(_ name: String) -> String? { headerBlock[name] }

  /// In-Reply-To, else the last of References: the message this one answers.
  public var parentID: String? { inReplyTo.last ?? references.last }

  /// Fills the well-known fields from parsed headers.
  mutating func apply(_ block: HeaderBlock) {
    headerBlock = block
    for index in 0..<block.count {
      switch block.nameInitial(index) {
      case UInt8(ascii: "m") where id == nil && block.nameIs(index, "message-id"):
        id = block.withValueBytes(at: index) { MessageIDList.parse(bytes: $0) }.first
      case UInt8(ascii: "f") where from == nil && block.nameIs(index, "from"):
        from = block.withValueBytes(at: index) { Mailbox(headerBytes: $0) }
      case UInt8(ascii: "d") where date == nil && block.nameIs(index, "date"):
        date = block.withValueBytes(at: index) { MailDate(bytes: $0) }
      case UInt8(ascii: "s") where subject.isEmpty && block.nameIs(index, "subject"):
        subject = block.withValueBytes(at: index) { bytes in
          guard !EncodedWord.mayContainWord(bytes) else {
            guard isASCII(bytes) else {
              return EncodedWord.decode(Charset.utf8.decode(bytes)).trimmingSpaces()
            }
            return EncodedWord.decodedUTF8(bytes).withUnsafeBufferPointer {
              String(decoding: UnsafeBufferPointer(rebasing: $0[trimmedSpaces($0)]), as: UTF8.self)
            }
          }
          // Trimming ASCII spaces first gives the same text as trimming after decoding.
          return Charset.utf8.decode(UnsafeBufferPointer(rebasing: bytes[trimmedSpaces(bytes)]))
        }
      case UInt8(ascii: "i") where inReplyTo.isEmpty && block.nameIs(index, "in-reply-to"):
        inReplyTo = block.withValueBytes(at: index) { MessageIDList.parse(bytes: $0) }
      case UInt8(ascii: "r") where references.isEmpty && block.nameIs(index, "references"):
        references = block.withValueBytes(at: index) { MessageIDList.parse(bytes: $0) }
      default:
        break
      }
    }
  }
}

/// A problem met while reading, with where it happened.
public struct MailProblem: Sendable, Equatable, CustomStringConvertible {
  /// `FILE:LINE`, `FILE byte N`, or a message id.
  public let location: String
  public let message: String
  /// Reading stopped here (damaged compressed data, a refused expansion): the input was
  /// read only up to this point, and `lockstep thread` exits 65 after printing it.
  public let stopsReading: Bool

  public init(location: String, message: String, stopsReading: Bool = false) {
    self.location = location
    self.message = message
    self.stopsReading = stopsReading
  }

  public var description: String { "\(location): \(message)" }
}
