/// Everything `lockstep thread` reports about one input: the reply tree,
/// each message's quotes, trailers and splats, the series and their
/// versions, and the problems met.
///
/// ```swift
/// let review = ThreadReview(try MailArchive.read(path: "thread.mbox"))
/// review.series.first?.versions.map(\.version)
/// ```
public struct ThreadReview: Sendable {
  public let archive: MailArchive
  public let tree: ThreadTree
  /// Per message, in input order.
  public let quotes: [QuotedText]
  public let trailers: [[Trailer]]
  public let splats: [[Splat]]
  public let series: [PatchSeries]
  /// The archive's problems, then findings such as misspelt trailer names.
  public let problems: [MailProblem]

  public init(_ archive: MailArchive) {
    self.archive = archive
    tree = ThreadTree(archive.messages, overview: archive.overview)
    var quotes: [QuotedText] = []
    var trailers: [[Trailer]] = []
    var splats: [[Splat]] = []
    var problems = archive.problems
    for message in archive.messages {
      let quoted = QuotedText(
        message.body, flattened: message.form == .flattened, author: message.from?.displayName)
      let found = Trailer.find(in: quoted)
      for trailer in found {
        if let meant = trailer.probablyMeant {
          problems.append(
            MailProblem(
              location: "\(message.id.map { "<\($0)>" } ?? message.location) line \(trailer.line)",
              message: "unknown trailer \"\(trailer.name)\": probably meant \"\(meant)\""))
        }
      }
      quotes.append(quoted)
      trailers.append(found)
      splats.append(Splat.find(in: quoted))
    }
    self.quotes = quotes
    self.trailers = trailers
    self.splats = splats
    self.series = PatchSeries.build(archive.messages, quotes: quotes)
    self.problems = problems
  }

  /// Whether anything at all was read as mail.
  public var readAnything: Bool { !archive.messages.isEmpty }
}
