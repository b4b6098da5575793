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
  /// What each message is to its series (posting, reply, notice), in input order.
  let roles: [MessageRole]
  /// The archive's problems, then findings such as misspelt trailer names.
  public let problems: [MailProblem]

  /// Reviews the archive; `diffs` gives the diffs found in a message (see ``DiffSighting``).
  /// Without `keepsBodies`, each message is kept as a streamed review keeps it (its quoted
  /// lines and body let go once read): for a caller that only needs the thread's structure.
  public init(
    _ archive: MailArchive, keepsBodies: Bool = true,
    diffs: (Message) -> [DiffSighting] = { _ in [] }
  ) {
    var builder = ReviewBuilder(keepsBodies: keepsBodies)
    for message in archive.messages { builder.add(message, diffs: diffs(message)) }
    builder.overview = archive.overview
    builder.readProblems = archive.problems
    self = builder.finish()
  }

  init(
    archive: MailArchive, tree: ThreadTree, quotes: [QuotedText], trailers: [[Trailer]],
    splats: [[Splat]], series: [PatchSeries], roles: [MessageRole], problems: [MailProblem]
  ) {
    self.roles = roles
    self.archive = archive
    self.tree = tree
    self.quotes = quotes
    self.trailers = trailers
    self.splats = splats
    self.series = series
    self.problems = problems
  }

  /// Whether anything at all was read as mail.
  public var readAnything: Bool { !archive.messages.isEmpty }
}
