import Claims
import Foundation
import KernelTree
import LockAnalysis
import Review

/// Checks one mail the way a b4 check command or a patchwork CI job is asked to: a patch
/// is reviewed against the reviewer's tree, a cover letter or a reply has nothing to
/// check, and anything that cannot be read is a `fail` report saying why — never a throw,
/// so the caller always has JSON to print.
///
/// The tree is `tree`, else the kernel repository around the current folder (as every
/// command finds it, through ``Reviewer``), else none: only the hunks are read then. The
/// base is `base` when given, else what `B4_TRACKING_FILE` says the series was applied to
/// (see ``B4Tracking``), else `HEAD` of the tree.
///
/// ```swift
/// let check = MailCheck(tree: nil, base: nil, tracking: nil)   // the repository around "."
/// let report = check.check(MailInput(bytes: bytes, name: "<stdin>"))
/// print(B4CheckResult.json(report.b4Results(url: "")))
/// ```
public struct MailCheck {
  /// `--tree`: nil is the repository around the current folder.
  public var tree: String?
  /// `--base`: nil takes the tracking file's base, else `HEAD`.
  public var base: String?
  /// `B4_TRACKING_FILE` as read (see ``B4Tracking/fromEnvironment(_:)``); a file that could
  /// not be read is a problem of the report, and the base is then `HEAD`.
  public var tracking: Result<B4Tracking, B4TrackingError>?

  public init(tree: String?, base: String?, tracking: Result<B4Tracking, B4TrackingError>?) {
    self.tree = tree
    self.base = base
    self.tracking = tracking
  }

  /// The report of the mail in `input` (b4 hands a check one message).
  /// - Complexity: one review of the patch's changed functions against the tree.
  public func check(_ input: MailInput) -> CheckReport {
    let posting: Posting
    switch Posting.read(input) {
    case .posted(let found): posting = found
    case .answered(let report): return report
    }
    var problems = posting.damage.map { [$0] } ?? []
    if case .failure(let error) = tracking { problems.append("B4_TRACKING_FILE \(error)") }
    let folder = FileManager.default.currentDirectoryPath
    let chosen = base(for: posting.message, around: folder)
    // The same mail at the same base by the same build: the report b4 was given before.
    var cache: JSONCache<CheckReport>?
    if problems.isEmpty, let repository = try? KernelRepository.discover(from: tree ?? folder),
      let id = try? repository.resolve(chosen.revision ?? "HEAD")
    {
      cache = CheckCache.of(
        mail: input.bytes, base: id, origin: chosen.origin + chosen.cautions.joined(),
        in: repository)
      if let known = cache?.load() { return known }
    }
    let report = review(
      input, posting: posting, chosen: chosen, problems: problems, folder: folder)
    if report.exitStatus != 65, report.exitStatus != 74 { cache?.store(report) }
    return report
  }

  private func review(
    _ input: MailInput, posting: Posting, chosen: Base, problems: [String], folder: String
  ) -> CheckReport {
    var problems = problems
    let review: Review
    let reviewer: Reviewer
    var notes: [String] = []
    var cautions = chosen.cautions + posting.cautions
    do throws(ReviewError) {
      reviewer = try Reviewer(
        ReviewOptions(tree: tree, searchFrom: folder, base: chosen.revision))
      review = try reviewer.review(input)
      if let repository = reviewer.repository {
        let revision = chosen.revision ?? "HEAD"
        let id = (try? repository.resolve(revision)).map { " (\($0.short))" } ?? ""
        notes.append("base: \(revision)\(id), \(chosen.origin), in \(repository.path)")
      } else if let tree, reviewer.sourceTree != nil {
        notes.append("tree: \(tree), a source folder read as it is")
      } else {
        cautions.append(
          "no kernel tree: only the lines of the hunks were analyzed (run the check in your "
            + "kernel tree, or give --tree)")
      }
    } catch {
      return .unreadable("\(error)", exitStatus: error.isIOError ? 74 : 65)
    }
    let analyses = review.patches.map(\.analysis)
    problems += review.problems
    if review.archive.messages.count > 1 {
      cautions.append(
        "\(input.name) holds \(review.archive.messages.count) messages (b4 hands a check one): "
          + "checked \(review.patches.map { "\"\($0.subject)\"" }.joined(separator: ", "))")
    }
    let hunksAlone = analyses.flatMap(\.hunksOnly)
    if !hunksAlone.isEmpty {
      cautions.append(
        "only the hunks of \(hunksAlone.joined(separator: ", ")) were analyzed: the patch does "
          + "not apply at the base (see the notes); check against the base it was written for")
    }
    // The claims of the mail, settled within a per-patch check's budget (the tree's
    // definitions from the cache; no simulator replay, no stable-line check).
    var claims: [Claim] = []
    do {
      claims =
        ClaimChecker(ClaimsInput(review: review, reviewer: reviewer), patterns: try .builtin())
        .check().claims
    } catch {
      notes.append("the claims were not checked: the claim patterns could not be read (\(error))")
    }
    return CheckReport(
      findings: analyses.flatMap(\.findings), claims: claims, problems: problems,
      cautions: cautions,
      notes: notes + review.notes + analyses.flatMap(\.notes) + review.readingNotes,
      functions: analyses.map(\.functions.count).reduce(0, +), partial: !review.incomplete.isEmpty)
  }
}
