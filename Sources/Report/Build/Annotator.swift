import Backport
import Claims
import Foundation
import KernelTree
import MailThread
import PathSimulator
import Review

/// Gathers what the annotated thread shows: the review of the input (patches out of mail,
/// analyzed against the tree), the simulator's replay of the changed paths, and, for a git
/// tree, the stable lines. A stage that fails leaves its part out and says why in
/// ``AnnotatedThread/problems``; only an input with no patch at all throws.
///
/// ```swift
/// let reviewer = try Reviewer(ReviewOptions(tree: "linux", base: "v7.0-rc1"))
/// let report = try Annotator(reviewer).annotate(MailInput(path: "thread.mbox"))
/// report.races.first?.headline  // "do_swap_page(): the patch removes a livelock against …"
/// ```
public struct Annotator {
  public let reviewer: Reviewer
  /// Bounds of each simulator run; a run that reaches one is reported as not decided.
  public var bounds = SearchBounds()
  /// The Claims stage's verdicts, shown with the rest; with ``claimPatterns``, the
  /// annotator settles the thread's claims itself and adds them.
  public var claims: [ClaimSection] = []
  /// The claim patterns to find and settle the thread's claims with (nil: no claims stage).
  public var claimPatterns: ClaimPatternTable?
  /// Told what long work is doing; the CLI shows it on a terminal.
  public var progress: (@Sendable (String) -> Void)?

  public init(_ reviewer: Reviewer) {
    self.reviewer = reviewer
  }

  /// A thread without a patch (a discussion, a bug report) is still annotated: its tree and
  /// messages, with a note that there was no patch to analyze.
  ///
  /// - Throws: ``ReviewError/noPatch(name:detail:)`` when the input is neither mail nor patch.
  public func annotate(_ input: MailInput) throws(ReviewError) -> AnnotatedThread {
    var claims = self.claims
    if let claimPatterns, let thread = try? ClaimsInput(input, reviewer: reviewer) {
      progress?("settling the thread's claims")
      let settled = ClaimChecker(thread, patterns: claimPatterns).check().claims
      claims += settled.map { ClaimSection($0, in: thread.archive) }
    }
    let review: Review
    do {
      review = try reviewer.review(input)
    } catch {
      guard case .noPatch = error else { throw error }
      let archive = MailArchive.read(bytes: input.bytes, name: input.name)
      guard !archive.messages.isEmpty else { throw error }
      var gathered = ReportInput(name: input.name, thread: ThreadReview(archive))
      gathered.notes = ["\(error): the thread is shown without analysis"]
      // Reading stopped early (damaged compressed data): what was read is shown, and said so.
      gathered.problems = archive.problems.filter(\.stopsReading).map(\.description)
      gathered.claims = claims
      return AnnotatedThread(gathered)
    }
    var gathered = ReportInput(review, name: input.name)
    gathered.claims = claims
    if let source = reviewer.sourceTree {
      let path = reviewer.repository?.path ?? reviewer.options.tree ?? source.label
      // A plain source folder has no revisions: its files are read as they are.
      let base = reviewer.repository == nil ? "its files" : reviewer.options.base ?? "HEAD"
      gathered.tree = .init(path: path, base: base)
      gathered.baseFile = { source.text(of: $0) }
      progress?("replaying the changed paths")
      do {
        gathered.replay = try Simulator.replay(
          review.paths, contenders: try ContenderTable.shipped(), bounds: bounds)
      } catch {
        gathered.problems.append("simulator: \(error)")
      }
    }
    if let repository = reviewer.repository {
      progress?("checking the stable lines")
      do {
        let series = try BackportSeries(input)
        let backporter = Backporter(repository: repository, table: reviewer.table)
        backporter.progress = progress
        gathered.backport = try backporter.check(
          series: series.patches, subject: series.subject, message: series.message,
          notes: series.notes)
      } catch let error as ReviewError {
        gathered.problems.append("stable lines: \(error)")
      } catch {
        gathered.problems.append("stable lines: \(error)")
      }
    }
    return AnnotatedThread(gathered)
  }
}

extension ReportInput {
  /// The review's patches, thread, notes and problems; `name` is the input's.
  public init(_ review: Review, name: String) {
    let thread =
      review.thread ?? (review.archive.messages.isEmpty ? nil : ThreadReview(review.archive))
    self.init(name: name, thread: thread)
    patches = review.patches.map {
      AnalyzedPatch(
        subject: $0.subject, message: $0.message, patch: $0.patch, analysis: $0.analysis)
    }
    notes = review.notes + review.readingNotes
    problems = review.problems
  }
}
