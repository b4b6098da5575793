/// One node of the reply tree: a message of the input, or a placeholder for a message the
/// input lacks but others answer.
///
/// The body is cut into ``QuoteSegment``s by quote depth, so that a page can fold every
/// quoted level and a reader opens only what they need.
public struct MessageEntry: Sendable {
  /// `m3`: the anchor of the message in the page; placeholders get one too.
  public var anchor: String
  /// Depth in the reply tree (0 for a thread's root).
  public var depth: Int
  /// The Message-ID, without angle brackets (nil when the input had none).
  public var messageID: String?
  public var from: String?
  /// `2026-02-04 10:59 UTC`.
  public var date: String?
  public var subject: String
  /// False for a placeholder: a message others answer that the input does not hold.
  public var inInput: Bool
  /// Where the message starts in the input (`thread.mbox:120`).
  public var location: String?
  /// The body as segments of its own text and folded quotes.
  public var body: [QuoteSegment]
  /// Anchors of the patches this message posts (`p1`).
  public var posts: [String]

  public init(
    anchor: String, depth: Int, messageID: String?, from: String?, date: String?,
    subject: String, inInput: Bool, location: String?, body: [QuoteSegment], posts: [String]
  ) {
    self.anchor = anchor
    self.depth = depth
    self.messageID = messageID
    self.from = from
    self.date = date
    self.subject = subject
    self.inInput = inInput
    self.location = location
    self.body = body
    self.posts = posts
  }
}

/// A run of a message's lines at one quote depth; deeper quotes nest inside it.
///
/// ```text
/// depth 0  "Thanks for reviewing."            (the writer's own text)
/// depth 1  "Code wise this looks fine …"      (Alistair Popple, quoted)
///   depth 2  "diff --git a/mm/memory.c …"     (Thomas Hellström, quoted twice: folded)
/// ```
public struct QuoteSegment: Sendable {
  public var depth: Int
  /// Who wrote this level, when an attribution line says so.
  public var author: String?
  /// The lines in order; a line is text at this depth or a nested deeper segment.
  public var parts: [Part]
  /// Lines at this depth and below.
  public var lineCount: Int

  /// `{"text": [lines]}` or `{"quote": {segment}}` in JSON.
  public enum Part: Sendable {
    case text([String])
    case quote(QuoteSegment)
  }

  public init(depth: Int, author: String?, parts: [Part], lineCount: Int) {
    self.depth = depth
    self.author = author
    self.parts = parts
    self.lineCount = lineCount
  }
}
