import ArgumentParser
import Claims
import Foundation
import Report
import Review

/// `lockstep claims THREAD|-`: the checkable statements of a thread and their verdicts, what
/// changed between versions, and where the names the thread uses are defined.
///
/// ```
/// lockstep claims thread.mbox --tree linux --base v7.0-rc1
/// lockstep claims seed.txt --json --claim-patterns mine.txt
/// ```
struct ClaimsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "claims",
    abstract: "Claims made in a thread, settled against the diffs, the tree and a model.",
    discussion: """
      THREAD is an mbox, an .eml, an archive page or - for standard input. Statements
      about the diff (commit messages; changelog entries vN: against version N-1),
      trailers (Fixes:, Cc: stable), code facts in replies, behaviour (livelock,
      deadlock, spinning) and splats are found by the claim patterns (data:
      Sources/Claims/Resources/claim-patterns.txt, plus --claim-patterns FILE) and
      settled: confirmed, refuted, or unverifiable with what would settle it. The text
      is rendered from Templates/text/claims.mustache; --templates DIR replaces it by
      DIR/text/claims.mustache.
      Exit status: 0 no claim refuted, 1 a claim refuted, 2 usage, 65 unreadable input
      (mail, patch, repository, revision, pattern file; also when part of the input
      could not be read: the rest is still checked), 74 I/O error.
      """
  )

  @Argument(help: "The thread (mbox, .eml, archive page), or - for standard input.")
  var thread: String

  @Option(
    name: .long,
    help:
      "The kernel tree: a git repository or a source directory (default: the repository around the current folder)."
  )
  var tree: String?

  @Option(name: .long, help: "The revision of --tree the patches apply to (default HEAD).")
  var base: String?

  @Option(
    name: .long, help: "More claim patterns, in the format of the built-in table (repeatable).")
  var claimPatterns: [String] = []

  @Flag(name: .long, help: "Print JSON with stable, documented keys.")
  var json = false

  @Option(
    name: .long,
    help: "A folder of templates overriding the shipped ones (text/claims.mustache).")
  var templates: String?

  func run() throws {
    let patterns = try loadPatterns()
    let renderer: ClaimsRenderer
    do {
      renderer = try ClaimsRenderer(templates: templates)
    } catch {
      printError("lockstep: error: \(error)")
      throw (error.isIOError ? ExitStatus.ioError : ExitStatus.dataError).exitCode
    }
    let reviewer = try runReviewing { () throws(ReviewError) in
      try Reviewer(
        ReviewOptions(
          tree: tree, searchFrom: FileManager.default.currentDirectoryPath, base: base,
          allVersions: true))
    }
    let input = try runReviewing { () throws(ReviewError) in
      try ClaimsInput(MailInput(path: thread), reviewer: reviewer)
    }
    for problem in input.problems { printError("lockstep: error: \(problem)") }
    let report = ClaimChecker(input, patterns: patterns).check()
    if json {
      try printJSON(report)
    } else {
      do {
        print(try renderer.render(report), terminator: "")
      } catch {
        printError("lockstep: error: \(error)")
        throw ExitStatus.dataError.exitCode
      }
    }
    if !input.problems.isEmpty { throw ExitStatus.dataError.exitCode }
    if report.hasRefuted { throw ExitStatus.findings.exitCode }
  }

  private func loadPatterns() throws -> ClaimPatternTable {
    do {
      var table = try ClaimPatternTable.builtin()
      for path in claimPatterns {
        guard let data = FileManager.default.contents(atPath: path) else {
          printError("lockstep: error: \(path): cannot read the claim patterns")
          throw ExitStatus.ioError.exitCode
        }
        try table.add(contentsOf: String(decoding: data, as: UTF8.self), source: path)
      }
      return table
    } catch let error as ClaimPatternError {
      printError("lockstep: error: \(error)")
      throw ExitStatus.dataError.exitCode
    }
  }
}
