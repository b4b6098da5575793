import ArgumentParser
import CSyntax
import Foundation
import KernelTree
import LockAnalysis
import MailThread
import PatchDiff

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
      quoted or damaged), or - for standard input. With --tree and --base the whole
      changed functions are read from the tree at that revision (a git repository
      through libgit2, or a plain source directory); otherwise only the lines the
      hunks show are analyzed, and the output says so. The patches of a series
      are analyzed in order, each against the tree with the earlier ones applied;
      of a series posted in several versions, the newest (--all-versions: all).

      Rules, each with the severity it reports at:

      """
        + RuleID.allCases.map { "\($0) (\($0.severity.rawValue)): \($0.summary)." }
        .joined(separator: "\n\n") + """


          Exit status: 0 no error finding, 1 an error finding, 65 unreadable input (also
          when only part of it could be read: a malformed hunk, a damaged repository; the
          rest is still analyzed and printed), 74 I/O error, 2 usage.
          """
  )

  @Argument(help: "The patch or mail (.patch, .eml, mbox), or - for standard input.")
  var patch: String?

  @Option(name: .long, help: "The kernel tree: a git repository or a source directory.")
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
    name: .long, help: "Analyze every function of this C file instead of a patch (repeatable).")
  var wholeFile: [String] = []

  func validate() throws {
    guard patch != nil || !wholeFile.isEmpty else {
      throw ValidationError("give a PATCH (or -), or --whole-file FILE")
    }
    guard base == nil || tree != nil else { throw ValidationError("--base needs --tree") }
    guard !(terse && json), !(quiet && json) else {
      throw ValidationError("--terse and --quiet shape the text output; --json prints everything")
    }
  }

  func run() throws {
    let input = PatchInput(
      tree: tree, base: base, primitives: primitives, command: "analyze", allVersions: allVersions)
    let table = try input.loadTable()
    let sourceTree = try input.openSourceTree()
    let analyzer = Analyzer(table: table, tree: sourceTree)
    var files: [SourceFile] = []
    for path in wholeFile {
      guard let data = FileManager.default.contents(atPath: path) else {
        printError("lockstep analyze: \(path): cannot read the file")
        throw ExitStatus.ioError.exitCode
      }
      files.append(SourceFile(text: String(decoding: data, as: UTF8.self), path: path))
    }
    var output = AnalyzeOutput(Analyzer.analyze(files: files, table: table), withPaths: paths)
    output.notes += files.flatMap(\.readingNotes)
    if let patch {
      let (patches, notes, problems) = try input.readPatches(patch)
      output.notes += notes
      output.problems += problems
      for problem in problems { printError("lockstep: error: \(problem)") }
      for (index, one) in analyzer.analyze(series: patches.map(\.patch)).enumerated() {
        output.add(one, patch: index + 1, subject: patches[index].subject, withPaths: paths)
      }
      output.notes += analyzer.readingNotes
    }
    // A file the tree has but could not give is damage, not "not in the tree".
    for error in (sourceTree as? GitSourceTree)?.readErrors ?? [] {
      output.problems.append("\(error)")
      printError("lockstep: error: \(error)")
      output.notes.removeAll { note in
        let file = AnalyzeOutput.withoutPatchNumber(note).prefix { $0 != ":" }
        return note.contains(": not in ") && "\(error)".contains(":\(file) ")
      }
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
  }

}
