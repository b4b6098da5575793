import ArgumentParser
import Backport
import Foundation
import KernelTree
import Review

/// `lockstep backport PATCH|THREAD`: for every stable line, whether it has the bug,
/// already has the fix, whether the patch applies and what it needs first.
///
/// ```
/// lockstep backport fix.patch --tree linux --lines 'linux-6.1*' --mail
/// ```
struct BackportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "backport",
    abstract: "Per stable line: affected, already applied, applies, what it needs first.",
    discussion: """
      PATCH is a .patch, an .eml, an mbox or thread (the newest version of the series
      is taken, every patch of it in order), or - for standard input. Every linux-X.Y.y
      line of --tree is checked in memory; the repository is never written. Status per
      line: applies, applies-with-offset, applies-with-fuzz, conflict, already-applied,
      not-affected. JSON: {"patch", "fixCommit", "fixes", "statedRange", "notes",
      "lines": [{line, tip, affected, affectedBy, status, evidence, hunks, libgit2Applies,
      missing, dependencies, findings, builds, notes}], "series"}; absent values are null.
      Exit status: 0 every affected line applies, 1 an affected line conflicts or needs
      something, 2 usage, 65 unreadable input, 74 I/O error.
      """
  )

  @Argument(help: "The patch or mail (.patch, .eml, mbox, thread), or - for standard input.")
  var patch: String

  @OptionGroup var common: CommonOptions

  @Option(name: .long, help: "Only the lines whose name matches this glob (linux-6.1*.y).")
  var lines: String?

  @Flag(name: .long, help: "Print, for each line where it does not apply, the stable mail.")
  var mail = false

  func run() throws {
    let input = try runReviewing { () throws(ReviewError) in
      try BackportSeries(MailInput(path: patch))
    }
    let tree = try openTree(common, cache: true)
    let table = try runReviewing { () throws(ReviewError) in
      try Reviewer(ReviewOptions()).table
    }
    let backporter = Backporter(repository: tree, table: table)
    backporter.progress = tree.progress
    let report = try runReporting { () throws(KernelTreeError) in
      try backporter.check(
        series: input.patches, subject: input.subject, message: input.message,
        notes: input.notes, lines: lines)
    }
    clearProgress()
    if report.lines.isEmpty, let lines {
      printError("lockstep: error: no stable line of \(tree.path) matches \"\(lines)\"")
      throw ExitStatus.dataError.exitCode
    }
    if common.json {
      try printJSON(report)
    } else {
      print(report.text, terminator: "")
    }
    if mail {
      for each in report.series ?? [report] {
        for line in each.lines where line.needsMail {
          print(StableMail(report: each, line: line).text)
        }
      }
    }
    if report.needsWork { throw ExitStatus.findings.exitCode }
  }
}
