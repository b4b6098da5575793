import LockAnalysis
import MailThread
import PatchDiff
import PathFormat

/// What one review of an input found: the patches as posted, each analyzed against the
/// tree with the earlier ones of its series applied, and what the input could not give.
///
/// ```swift
/// let review = try Reviewer(ReviewOptions(tree: "linux", base: "v6.12"))
///   .review(MailInput(path: "thread.mbox"))
/// review.patches.first?.analysis.findings  // [Finding(rule: .trylockRetry, …)]
/// review.hasErrors  // true
/// ```
public struct Review: Sendable {
  /// A patch of the input with its analysis.
  public struct ReviewedPatch: Sendable {
    /// The subject of its mail (empty for a plain diff).
    public var subject: String
    /// The index of its message in ``Review/archive`` (a plain
    /// diff is one message without headers; nil only for a diff found in no message).
    public var message: Int?
    public var patch: Patch
    public var analysis: PatchAnalysis
  }

  public var patches: [ReviewedPatch]
  /// The input read as mail (no messages for a plain diff).
  public var archive: MailArchive
  /// The mail read as a thread: series, versions, trailers, the role of every diff.
  public var thread: ThreadReview?
  /// What was left out of the input: older versions, reviewers' proposals, notices' copies.
  public var notes: [String]
  /// What the C reader could not follow in the files it read (`#if` it could not pair, …).
  public var readingNotes: [String]
  /// Parts of the input or the tree that could not be read; the rest was analyzed.
  public var problems: [String]

  /// What leaves the answer partial: files a tree was given for but analyzed from the hunks
  /// alone, and walks cut short (`analysis-incomplete`), each once, with its patch number.
  public var incomplete: [String] {
    patches.enumerated().flatMap { index, patch in
      let number = patches.count > 1 ? "patch \(index + 1): " : ""
      return patch.analysis.incomplete.map { number + $0 }
    }
  }

  /// Whether any patch has a finding of severity error.
  public var hasErrors: Bool { patches.contains { $0.analysis.hasErrors } }

  /// The before and after paths of every changed function, for the simulator.
  public var paths: PathSet { PatchPaths.of(patches.map(\.analysis)) }
}
