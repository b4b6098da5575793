import Backport
import LockAnalysis
import MailThread
import PatchDiff
import PathSimulator

/// What the report is built from: the stage results of one review, handed over typed.
///
/// ```swift
/// var input = ReportInput(name: "fix.mbox", thread: ThreadReview(archive))
/// input.patches = [.init(subject: s, message: 0, patch: patch, analysis: analysis)]
/// input.replay = try Simulator.replay(paths, contenders: try .shipped())
/// let report = AnnotatedThread(input)
/// ```
public struct ReportInput {
  /// One analyzed patch and the message it came in (an index into the thread's messages).
  public struct AnalyzedPatch: Sendable {
    public var subject: String
    public var message: Int?
    public var patch: Patch
    public var analysis: PatchAnalysis

    public init(subject: String, message: Int?, patch: Patch, analysis: PatchAnalysis) {
      self.subject = subject
      self.message = message
      self.patch = patch
      self.analysis = analysis
    }
  }

  public var name: String
  public var thread: ThreadReview?
  public var patches: [AnalyzedPatch] = []
  public var replay: PatchReplay?
  public var backport: BackportReport?
  /// The Claims stage's verdicts; the report shows a section per claim when there are any.
  public var claims: [ClaimSection] = []
  public var tree: AnnotatedThread.TreeUsed?
  public var notes: [String] = []
  public var problems: [String] = []
  /// The text of a file at the base revision (`mm/memory.c`), to show a finding's line the
  /// hunks do not; nil without a tree.
  public var baseFile: ((String) -> String?)?

  public init(name: String, thread: ThreadReview?) {
    self.name = name
    self.thread = thread
  }
}
