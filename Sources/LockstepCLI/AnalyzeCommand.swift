import ArgumentParser
import CSyntax
import Foundation
import KernelTree
import LockAnalysis
import Review

/// `lockstep analyze PATCH|-`: locks, references and PTE maps on every path a patch changes.
///
/// ```
/// lockstep analyze fix.patch --tree linux --base v7.0-rc1
/// lockstep analyze thread.mbox --json --paths
/// lockstep analyze --whole-file mm/memory.c --whole-file mm/filemap.c
/// ```
struct AnalyzeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "analyze",
    abstract:
      "Lock, reference and PTE-map findings on every path a patch changes, before and after.",
    discussion: """
      PATCH is a .patch, an .eml, an mbox (the patch is recovered from the mail,
      quoted or damaged), - for standard input, or a commit or range of the tree
      (HEAD, v6.12..HEAD: each commit against its parent, like checkpatch.pl -g).
      The whole changed functions are read from the tree at --base (default HEAD):
      --tree (a git repository or a folder inside one, through libgit2, or a plain
      source directory), else the kernel repository around the current folder;
      without either only the lines the hunks show are analyzed, and the output says
      so. --whole-file takes files or folders (their .c files), read at --base when a
      --tree or --base is given, else from disk. The patches of a series
      are analyzed in order, each against the tree with the earlier ones applied;
      of a series posted in several versions, the newest (--all-versions: all).

      Rules, each with the severity it reports at:

      """
        + RuleID.allCases.map { "\($0) (\($0.severity.rawValue)): \($0.summary)." }
        .joined(separator: "\n\n") + """


          Exit status: 0 no error finding, 1 an error finding, 3 incomplete (no error
          finding, but a file the tree was given for was analyzed from the hunks alone, or
          a walk was cut short), 65 unreadable input (also
          when only part of it could be read: a malformed hunk, a damaged repository; the
          rest is still analyzed and printed), 74 I/O error, 2 usage.
          """
  )

  @Argument(
    help: "The patch or mail (.patch, .eml, mbox), - for standard input, or a commit or range.")
  var patch: String?

  @Option(
    name: .long,
    help: "The kernel tree: a git repository or a source directory (default: the one around .).")
  var tree: String?

  @Option(name: .long, help: "The revision of --tree the patch applies to (default HEAD).")
  var base: String?

  @Flag(name: .long, help: "Print JSON with stable, documented keys.")
  var json = false

  @Flag(name: .long, help: "Include every path's primitive operations (PATHS.md format).")
  var paths = false

  @Flag(
    name: .long,
    help: "One line per finding (FILE:LINE: SEVERITY: [rule] function(): message), nothing else.")
  var terse = false

  @Flag(name: .long, help: "Only warnings and errors: no notes, info findings or summary line.")
  var quiet = false

  @Flag(
    name: .long,
    help: "Analyze every version of a series the mbox holds, not only the newest.")
  var allVersions = false

  @Option(name: .long, help: "An extra primitive table (same format as the built-in one).")
  var primitives: [String] = []

  @Option(
    name: .long,
    help: "Analyze every function of this C file or folder instead of a patch (repeatable).")
  var wholeFile: [String] = []

  func validate() throws {
    guard patch != nil || !wholeFile.isEmpty else {
      throw ValidationError("give a PATCH (or -), or --whole-file FILE")
    }
    guard !(terse && json), !(quiet && json) else {
      throw ValidationError("--terse and --quiet shape the text output; --json prints everything")
    }
  }

  func run() throws {
    let (whole, review) = try analyses()
    var output = AnalyzeOutput(whole.analysis, withPaths: paths)
    output.notes += whole.notes
    var incomplete = whole.analysis.incomplete
    if let review {
      output.notes += review.notes
      for (index, one) in review.patches.enumerated() {
        output.add(one.analysis, patch: index + 1, subject: one.subject, withPaths: paths)
      }
      output.notes += review.readingNotes
      output.problems += review.problems
      incomplete += review.incomplete
      for problem in review.problems { printError("lockstep: error: \(problem)") }
    }
    if json {
      try printJSON(output)
    } else {
      let detail: AnalyzeOutput.Detail = terse ? .terse : quiet ? .quiet : .full
      print(output.text(withPaths: paths, detail: detail), terminator: "")
    }
    // Part of the input could not be read: the rest was analyzed, but the answer is partial.
    if !output.problems.isEmpty { throw ExitStatus.dataError.exitCode }
    if output.hasErrors { throw ExitStatus.findings.exitCode }
    // Said once, whatever the output form: the answer does not cover everything.
    if !incomplete.isEmpty {
      printError(
        "lockstep: warning: the answer is partial (exit 3): " + incomplete.joined(separator: "; "))
      throw ExitStatus.incomplete.exitCode
    }
  }

  /// The whole files analyzed, and the patch reviewed. The reviewer, and the files it parsed
  /// and keeps for a next patch, are let go on return, before the output is made: for a
  /// patch of 200,000 functions, their 250 MB are not held beside the output's rows.
  private func analyses() throws -> (
    whole: (analysis: PatchAnalysis, notes: [String]), review: Review?
  ) {
    let reviewer = try runReviewing { () throws(ReviewError) in
      try Reviewer(
        ReviewOptions(
          tree: tree, searchFrom: FileManager.default.currentDirectoryPath, base: base,
          primitives: primitives, allVersions: allVersions, keepsPaths: paths || json,
          keepsMailText: false))
    }
    let whole = try runReviewing { () throws(ReviewError) in
      try reviewer.analyze(wholeFiles: wholeFile)
    }
    guard let patch else { return (whole, nil) }
    let review = try runReviewing { () throws(ReviewError) in
      // Not a file: a commit or a range of the tree, as `checkpatch.pl -g` takes them.
      if patch != "-", !FileManager.default.fileExists(atPath: patch),
        reviewer.repository != nil
      {
        return try reviewer.review(revisions: patch)
      }
      return try reviewer.review(MailInput(path: patch))
    }
    return (whole, review)
  }
}
