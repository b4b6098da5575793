import KernelTree
import LockAnalysis
import MailThread
import PatchDiff
import Review

/// What the claims are checked against: the thread, the patches of every version it posts
/// (or quotes), the primitive table and, when given, the kernel tree at the base revision.
///
/// ```swift
/// let input = ClaimsInput(
///   archive: archive, thread: ThreadReview(archive), patches: patches, table: try .builtin(),
///   repository: try KernelRepository(path: "linux"), base: "v7.0-rc1")
/// ```
public struct ClaimsInput {
  /// A patch of the thread and the message it came in.
  public struct ThreadPatch: Sendable {
    public var subject: String
    /// The index of its message in the archive; nil for a diff found in no message.
    public var message: Int?
    public var patch: Patch
    /// Its analysis against the base, when the caller has it already (b4-check's review).
    public var analysis: PatchAnalysis?

    public init(subject: String, message: Int?, patch: Patch, analysis: PatchAnalysis? = nil) {
      self.subject = subject
      self.message = message
      self.patch = patch
      self.analysis = analysis
    }
  }

  /// How much settling costs: a whole thread's (`lockstep claims`, `annotate`), or a
  /// per-patch check's (`b4-check`: no simulator replay, no stable-line check, no identifier
  /// links — the claims they settle say what would settle them).
  public enum Budget: Sendable {
    case thread
    case perPatch
  }

  public var archive: MailArchive
  public var thread: ThreadReview
  /// Every version's patches (not only the newest: changelogs compare versions).
  public var patches: [ThreadPatch]
  public var table: PrimitiveTable
  public var repository: KernelRepository?
  public var base: String?
  /// Where changed functions are read whole (the repository at `base`, or a directory).
  public var sourceTree: (any SourceTree)?
  /// Parts of the input that could not be read (a hunk that does not add up); the rest is
  /// still checked.
  public var problems: [String] = []
  public var budget: Budget = .thread

  public init(
    archive: MailArchive, thread: ThreadReview, patches: [ThreadPatch], table: PrimitiveTable,
    repository: KernelRepository? = nil, base: String? = nil, sourceTree: (any SourceTree)? = nil
  ) {
    self.archive = archive
    self.thread = thread
    self.patches = patches
    self.table = table
    self.repository = repository
    self.base = base
    self.sourceTree =
      sourceTree ?? repository.map { GitSourceTree(repository: $0, revision: base ?? "HEAD") }
  }

  /// Reads a thread the way every command does (Review's ``PatchReading``), keeping every
  /// version of each series — changelogs compare them — and the tree, revision and
  /// primitive table `reviewer` opened. A thread without a patch (a reply carrying a splat)
  /// is still read: its claims need the tree, not a diff.
  ///
  /// - Throws: ``ReviewError`` when nothing of the input can be read as mail.
  public init(_ mail: MailInput, reviewer: Reviewer) throws(ReviewError) {
    let archive: MailArchive
    let thread: ThreadReview
    var patches: [ThreadPatch] = []
    var problems: [String] = []
    do {
      let reading = try PatchReading(mail, allVersions: true)
      archive = reading.archive
      thread = reading.thread ?? ThreadReview(reading.archive)
      patches = reading.patches.map {
        ThreadPatch(subject: $0.subject, message: $0.message, patch: $0.patch)
      }
      problems = reading.problems
    } catch .noPatch(let name, let detail) {
      archive = MailArchive.read(bytes: mail.bytes, name: mail.name)
      guard !archive.messages.isEmpty else {
        throw .noPatch(name: name, detail: detail ?? "nothing in it reads as mail")
      }
      thread = PostedPatches(archive, allVersions: true).thread
      // A diff that was there but refused is a part of the input that could not be read.
      if let detail { problems.append("\(name): \(detail)") }
    }
    self.init(
      archive: archive, thread: thread, patches: patches, table: reviewer.table,
      repository: reviewer.repository, base: reviewer.options.base,
      sourceTree: reviewer.sourceTree)
    self.problems = problems + reviewer.readErrors.map { "\($0)" }
  }

  /// The claims of one patch mail already reviewed (b4-check): its analyses reused, settled
  /// within a per-patch check's budget.
  public init(review: Review, reviewer: Reviewer) {
    self.init(
      archive: review.archive, thread: review.thread ?? ThreadReview(review.archive),
      patches: review.patches.map {
        ThreadPatch(
          subject: $0.subject, message: $0.message, patch: $0.patch, analysis: $0.analysis)
      }, table: reviewer.table, repository: reviewer.repository, base: reviewer.options.base,
      sourceTree: reviewer.sourceTree)
    budget = .perPatch
  }

  /// The name a message goes by in the output: its Message-ID, else `#N`.
  func name(ofMessage index: Int) -> String {
    archive.messages[index].id ?? "#\(index + 1)"
  }
}
