import ArgumentParser
import Checks
import Foundation
import Review

/// `lockstep b4-check`: one mail on standard input, checked in the reviewer's kernel tree,
/// answered in b4's check protocol (b4 0.16) or as a patchwork check.
///
/// ```
/// git config b4.review-perpatch-check-cmd "lockstep b4-check"
/// lockstep b4-check --format patchwork --url "$CI_JOB_URL" < patch.eml
/// ```
struct B4CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "b4-check",
    abstract: "Check one patch mail from standard input, for b4 review or a patchwork CI job.",
    discussion: """
      Reads one RFC 2822 message (a patch; a cover letter or a reply has nothing to check)
      and analyzes its patch in the kernel tree around the current folder (or --tree), at
      --base, else at the base B4_TRACKING_FILE names, else at HEAD.

      --format b4 (default) prints b4's JSON array of {tool, status, summary, url, details}:
      fail for an error finding or an input that cannot be read, warn for a warning
      (analysis-incomplete included), pass otherwise; [] when there is nothing to check.
      --format patchwork prints the object patchwork's checks API takes:
      {state: success|warning|fail, context: "lockstep", description, target_url}.

      JSON is printed whatever happens, so b4 shows the reason of a failure. Exit status:
      0 no error finding (or nothing to check), 1 an error finding, 3 a partial answer (a
      file read from the hunks alone although a tree was given, a walk cut short), 65 the
      mail, tree or base (or part of the patch) could not be read, 74 I/O error, 2 usage.
      """
  )

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case b4, patchwork
  }

  @Argument(help: "The mail (default: - for standard input, as b4 gives it).")
  var mail = "-"

  @Option(name: .long, help: "Output: b4 (the check protocol's array) or patchwork (a check).")
  var format: Format = .b4

  @Option(name: .long, help: "The kernel git tree (default: the repository around here).")
  var tree: String?

  @Option(
    name: .long, help: "The revision to analyze against (default: B4_TRACKING_FILE's, else HEAD).")
  var base: String?

  @Option(name: .long, help: "A link to the full report: b4's url, patchwork's target_url.")
  var url: String?

  func run() throws {
    let report: CheckReport
    do throws(ReviewError) {
      let check = MailCheck(
        tree: tree, base: base,
        tracking: B4Tracking.fromEnvironment(ProcessInfo.processInfo.environment))
      report = check.check(try MailInput(path: mail))
    } catch {
      report = .unreadable("\(error)", exitStatus: error.isIOError ? 74 : 65)
    }
    switch format {
    case .b4: print(B4CheckResult.json(report.b4Results(url: url ?? "")))
    case .patchwork: print(report.patchwork(targetURL: url).json)
    }
    if report.status == .fail, report.exitStatus >= 65 {
      printError("lockstep: error: \(report.summary)")
    }
    if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
  }
}
