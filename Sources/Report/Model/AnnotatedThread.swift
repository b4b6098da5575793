/// The annotated thread: everything `lockstep annotate` shows, as one typed value that every
/// output form (HTML page, Markdown, reply mail, JSON) is rendered from.
///
/// Built from the stage results by ``AnnotatedThread/init(_:)``; the renderers never look
/// anything up again, so the four forms cannot disagree.
///
/// ```swift
/// let report = AnnotatedThread(ReportInput(name: "fix.mbox", thread: review, patches: patches))
/// report.patches[0].findings.map(\.rule)   // ["trylock-retry", "callee-releases"]
/// ```
///
/// Invariant: every finding of ``patches`` is shown exactly once, either at a line of its
/// patch's diff (``DiffLine/findings``) or in ``AnnotatedPatch/elsewhere``.
public struct AnnotatedThread: Sendable {
  /// The version of this JSON shape (`lockstep annotate --format json`).
  public var schema = 1
  /// The input as named on the command line (`<stdin>` for standard input).
  public var input: String
  /// The subject of the thread's first message, or of its first patch.
  public var title: String
  /// The tree and base revision the patches were analyzed against (nil: from the hunks alone).
  public var tree: TreeUsed?
  /// The reply tree, in display order.
  public var messages: [MessageEntry]
  public var patches: [AnnotatedPatch]
  /// Claims made in the thread and their verdicts, filled by the Claims stage
  /// (``ReportInput/claims``); empty until it has run.
  public var claims: [ClaimSection]
  /// What the simulator says each patch changes, one entry per distinct counterexample.
  public var races: [RaceTrace]
  /// Races replayed, configurations run, and how many changed.
  public var replaySummary: String?
  public var backport: BackportTable?
  /// How the work was done (`mm/memory.c: from the hunks alone`), what was left out.
  public var notes: [String]
  /// What could not be read, each naming where; a report with any is partial.
  public var problems: [String]
  /// What a search left uncovered (a simulator run that reached its bound, a race that
  /// could not be composed): the report is incomplete there.
  public var incomplete: [String]

  /// The kernel tree of the review.
  public struct TreeUsed: Sendable, Equatable {
    public var path: String
    public var base: String

    public init(path: String, base: String) {
      self.path = path
      self.base = base
    }
  }

  /// How many findings of each severity the patches have.
  public var findingCounts: (errors: Int, warnings: Int, info: Int) {
    let all = patches.flatMap(\.allFindings)
    return (
      all.filter { $0.severity == .error }.count, all.filter { $0.severity == .warning }.count,
      all.filter { $0.severity == .info }.count
    )
  }

  /// Whether anything needs the author's attention: an error finding, a refuted claim, a
  /// race the patch introduces, or a stable line that needs work.
  public var needsWork: Bool {
    findingCounts.errors > 0 || claims.contains { $0.verdict == .refuted }
      || races.contains { $0.kind.isRegression } || (backport?.needsWork ?? false)
  }
}
