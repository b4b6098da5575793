import ArgumentParser
import Claims
import Foundation
import Report
import Review

/// `lockstep annotate THREAD|-`: the thread as a reviewer reads it, each patch with its
/// findings at their lines, the simulator's counterexamples drawn, the stable table; as one
/// HTML page, Markdown, reply mails or JSON.
///
/// ```
/// lockstep annotate thread.mbox --tree linux --base v7.0-rc1 -o review.html
/// lockstep annotate fix.eml --tree linux --format mbox > reply.mbox
/// ```
struct AnnotateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "annotate",
    abstract: "The annotated thread: findings at their lines, traces drawn, stable table.",
    discussion: """
      THREAD is an mbox, .eml, archive page or damaged dump (as for 'lockstep thread'),
      or - for standard input. With a tree (--tree, else the kernel repository around
      the current folder; --base, default HEAD) the whole changed functions are
      analyzed, the changed paths replayed in the simulator, and, for a git tree, the
      stable lines checked; without one, only the lines the hunks show.
      The form is --format, else the extension of -o (.html, .md, .mbox, .json), else
      Markdown on standard output. --templates DIR overrides any template of the
      shipped Templates/ (DIR/html/page.mustache, DIR/mbox/reply.mustache, ...).
      With -o, a one-line summary goes to standard output (coloured on a terminal
      unless NO_COLOR is set).
      Exit status: 0 nothing that needs work, 1 an error finding, a race the patch
      introduces or a stable line that needs work, 3 a simulator search was cut short
      (said in the report), 65 unreadable input or template (what was read is still
      reported), 74 I/O error, 2 usage.
      """
  )

  @Argument(help: "The thread or patch mail, or - for standard input.")
  var thread: String

  @Option(
    name: .long,
    help: "The kernel tree: a git repository or a source directory (default: the one around here).")
  var tree: String?

  @Option(name: .long, help: "The revision of --tree the patches apply to (default HEAD).")
  var base: String?

  @Option(name: [.short, .customLong("output")], help: "Write the report to this file.")
  var output: String?

  @Option(name: .long, help: "html, md, mbox or json (default: from -o's extension, else md).")
  var format: ReportFormat?

  @Flag(name: .long, help: "Print JSON with stable, documented keys (--format json).")
  var json = false

  @Option(name: .long, help: "A folder of templates overriding the shipped ones.")
  var templates: String?

  func validate() throws {
    guard !json || format == nil || format == .json else {
      throw ValidationError("--json and --format \(format!.rawValue) ask for two forms: choose one")
    }
    if format == nil, !json, let output, ReportFormat(path: output) == nil {
      throw ValidationError(
        "cannot tell the form from '\(output)': give --format html, md, mbox or json")
    }
  }

  func run() throws {
    let form = json ? .json : format ?? output.flatMap(ReportFormat.init(path:)) ?? .md
    let renderer: ReportRenderer
    do {
      renderer = try ReportRenderer(templates: templates)
    } catch {
      printError("lockstep: error: \(error)")
      throw (error.isIOError ? ExitStatus.ioError : ExitStatus.dataError).exitCode
    }
    var annotator = try runReviewing { () throws(ReviewError) in
      Annotator(
        try Reviewer(
          ReviewOptions(
            tree: tree, searchFrom: FileManager.default.currentDirectoryPath, base: base)))
    }
    do {
      annotator.claimPatterns = try ClaimPatternTable.builtin()
    } catch {
      printError("lockstep: error: \(error)")
      throw ExitStatus.dataError.exitCode
    }
    nonisolated(unsafe) let progress = Progress(label: "annotate")
    annotator.progress = { progress.say($0) }
    let report = try runReviewing { () throws(ReviewError) in
      try annotator.annotate(try MailInput(path: thread))
    }
    progress.finish()
    for problem in report.problems { printError("lockstep: error: \(problem)") }
    for gap in report.incomplete { printError("lockstep: warning: not covered: \(gap)") }
    let text: String
    do {
      text = try renderer.render(report, as: form)
    } catch {
      printError("lockstep: error: \(error)")
      throw ExitStatus.dataError.exitCode
    }
    if form == .mbox {
      for patch in report.patches where patch.replyTo?.messageID == nil {
        printError(
          "lockstep: note: patch \(patch.number) came without a Message-ID: its reply "
            + "has no In-Reply-To; add one before sending")
      }
    }
    if let output {
      do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: output))
      } catch {
        printError(
          "lockstep: error: \(output): cannot write (\(ThreadCommand.reason(error, at: output)))")
        throw ExitStatus.ioError.exitCode
      }
      print(AnnotateSummary(report: report, path: output).line(colour: Terminal.colours))
    } else {
      FileHandle.standardOutput.write(Data(text.utf8))
    }
    let status: ExitStatus =
      !report.problems.isEmpty
      ? .dataError
      : report.needsWork ? .findings : !report.incomplete.isEmpty ? .incomplete : .clean
    if status != .clean { throw status.exitCode }
  }
}

extension ReportFormat: ExpressibleByArgument {}

/// The line `annotate -o` prints: where the report is and what it says.
struct AnnotateSummary {
  let report: AnnotatedThread
  let path: String

  func line(colour: Bool) -> String {
    let counts = report.findingCounts
    let verdict = report.needsWork ? "needs work" : "nothing that needs work"
    let shown =
      colour ? (report.needsWork ? "\u{1B}[31m" : "\u{1B}[32m") + verdict + "\u{1B}[0m" : verdict
    return "\(path): \(shown) (\(report.patches.count) patch(es), \(counts.errors) error(s), "
      + "\(counts.warnings) warning(s), \(report.races.count) race trace(s))"
  }
}

/// Whether standard output takes colour: a terminal, `NO_COLOR` unset, not `TERM=dumb`.
enum Terminal {
  static var colours: Bool {
    let environment = ProcessInfo.processInfo.environment
    return isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil
      && environment["TERM"] != "dumb"
  }
}
