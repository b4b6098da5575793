/// Builds a ``ThreadReview`` one message at a time, as the input streams.
///
/// Reading a whole mbox into memory first costs several times its size (each body, then
/// each body cut into quoted lines). The builder reads each message as it arrives: its
/// quotes, trailers, splats and series membership are taken at once, and — unless bodies
/// are kept — the message is then kept only as what the review prints (headers that thread
/// it, its quote authors and the comments shown), so memory grows with the number of
/// messages, not with their text.
struct ReviewBuilder {
  /// Whether each message keeps its body and all its quoted lines (``ThreadReview/init(_:)``).
  let keepsBodies: Bool
  private(set) var messages: [Message] = []
  var overview: [OverviewEntry] = []
  /// Problems met while reading, then problems found in the messages.
  var readProblems: [MailProblem] = []
  private var foundProblems: [MailProblem] = []
  private var quotes: [QuotedText] = []
  /// Comments already listed (author and first line), so each is listed once.
  private var seenComments: Set<String> = []
  private var trailers: [[Trailer]] = []
  private var splats: [[Splat]] = []
  private var series = SeriesBuilder()

  init(keepsBodies: Bool) { self.keepsBodies = keepsBodies }

  mutating func add(_ message: Message, diffs: [DiffSighting] = []) {
    let index = messages.count
    let quoted = QuotedText(
      message.body, flattened: message.form == .flattened, author: message.from?.displayName)
    let found = Trailer.find(in: quoted)
    for trailer in found {
      if let meant = trailer.probablyMeant {
        foundProblems.append(
          MailProblem(
            location: "\(message.id.map { "<\($0)>" } ?? message.location) line \(trailer.line)",
            message: "unknown trailer \"\(trailer.name)\": probably meant \"\(meant)\""))
      }
    }
    series.add(message, index: index, quoted: quoted, diffs: diffs)
    trailers.append(found)
    let foundSplats = Splat.find(in: quoted)
    splats.append(foundSplats)
    var shown = keepsBodies ? quoted : quoted.keepingWhatIsShown
    for report in foundSplats where report.kind == .buildRobot {
      shown.dropComments(inReportAt: report.line, depth: quoted.depth(ofLine: report.line))
    }
    shown.keepNewComments(seen: &seenComments)
    quotes.append(shown)
    messages.append(keepsBodies ? message : message.keepingThreadFields)
  }

  func finish() -> ThreadReview {
    var archive = MailArchive()
    archive.messages = messages
    archive.overview = overview
    archive.problems = readProblems
    return ThreadReview(
      archive: archive, tree: ThreadTree(messages, overview: overview), quotes: quotes,
      trailers: trailers, splats: splats, series: series.finish(), roles: series.roles,
      problems: readProblems + foundProblems)
  }
}

extension Message {
  /// The message without its body and raw headers: what threading and the output use.
  public var keepingThreadFields: Message {
    var slim = self
    slim.body = ""
    slim.headerBlock = HeaderBlock()
    return slim
  }
}

extension ThreadReview {
  /// Reads `path` as it streams (see ``MailArchive/stream(path:message:overview:problem:)``)
  /// and reviews it, keeping of each message only what the review shows; `each` sees every
  /// whole message first (with its index), to take what else it needs, such as its patches,
  /// and returns the diffs it found there (so notices are matched to versions by patch-id).
  ///
  /// ```swift
  /// let review = try ThreadReview.stream(path: "big.mbox") { message, index in
  ///   let found = PatchFinder.patches(in: message.body)
  ///   patches += found.map { (index, $0) }
  ///   return found.map { DiffSighting(quoteDepth: $0.quoteDepth, patchID: $0.patch.patchID) }
  /// }
  /// ```
  public static func stream(
    path: String, each: @escaping (Message, Int) -> [DiffSighting] = { _, _ in [] }
  ) throws(MailReadError) -> ThreadReview {
    var builder = ReviewBuilder(keepsBodies: false)
    try MailArchive.stream(path: path) { message in
      let diffs = each(message, builder.messages.count)
      builder.add(message, diffs: diffs)
    } overview: {
      builder.overview = $0
    } problem: {
      builder.readProblems.append($0)
    }
    return builder.finish()
  }
}
