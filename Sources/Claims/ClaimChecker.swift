import MailThread

/// Finds the checkable statements of a thread and settles each: `confirmed`, `refuted` or
/// `unverifiable` (saying what would settle it), with the evidence one step away; and what
/// changed from each version of a patch to the next, and where the names the thread uses
/// are defined.
///
/// A sentence is a claim only when a pattern of the table matches it (conservative: no
/// pattern, no claim); the pattern names the check that settles it.
///
/// ```swift
/// let report = ClaimChecker(input, patterns: try .builtin()).check()
/// for claim in report.claims where claim.verdict == .refuted { print(claim.text, claim.evidence) }
/// ```
public struct ClaimChecker {
  public let input: ClaimsInput
  public let patterns: ClaimPatternTable

  public init(_ input: ClaimsInput, patterns: ClaimPatternTable) {
    self.input = input
    self.patterns = patterns
  }

  /// - Complexity: one analysis per patch of the thread; a simulator replay per version whose
  ///   message makes a behaviour claim; a backport check per `Cc: stable` range.
  public func check() -> ClaimsReport {
    let context = SettlingContext(input: input)
    var finder = ClaimFinder(context: context, patterns: patterns)
    finder.findInCommitMessages()
    finder.findInReplies()
    finder.findInSplats()
    var notes = context.notes
    if input.sourceTree == nil {
      notes.append(
        "no --tree: only what the diffs and the thread show is checked; claims about the tree "
          + "say so in needs")
    }
    if let problems = context.index?.problems { notes += problems }
    return ClaimsReport(
      claims: finder.claims, versions: VersionDeltas(context: context).all(),
      identifiers: input.budget == .thread ? IdentifierLinks(context: context).all() : [],
      notes: notes)
  }
}
