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
      hunks show are analyzed, and the output says so.
      Rules: trylock-retry, lock-to-trylock, trylock-to-lock, put-before-unlock,
      sleep-under-spinlock, missing-pte-unmap, lock-imbalance, ref-imbalance,
      recursive-lock, stub-gap, callee-releases.
      Exit status: 0 no error finding, 1 an error finding, 65 unreadable input,
      74 I/O error, 2 usage.
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

  @Option(name: .long, help: "An extra primitive table (same format as the built-in one).")
  var primitives: [String] = []

  @Option(
    name: .long, help: "Analyze every function of this C file instead of a patch (repeatable).")
  var wholeFile: [String] = []

  func validate() throws {
    var problem: String?
    if patch == nil && wholeFile.isEmpty { problem = "give a PATCH (or -), or --whole-file FILE" }
    if base != nil && tree == nil { problem = "--base needs --tree" }
    guard let problem else { return }
    printError("lockstep analyze: \(problem)\n\(Self.usageString())")
    throw ExitStatus.usage.exitCode
  }

  func run() throws {
    let table = try loadTable()
    let sourceTree = try openSourceTree()
    let analyzer = Analyzer(table: table, tree: sourceTree)
    var files: [SourceFile] = []
    for path in wholeFile {
      guard let data = FileManager.default.contents(atPath: path) else {
        printError("lockstep analyze: \(path): cannot read the file")
        throw ExitStatus.ioError.exitCode
      }
      files.append(SourceFile(text: String(decoding: data, as: UTF8.self), path: path))
    }
    var result = Analyzer.analyze(files: files, table: table)
    if let patch {
      for recovered in try readPatches(patch) {
        let one = analyzer.analyze(recovered)
        result.findings += one.findings
        result.functions += one.functions
        result.findingsBefore += one.findingsBefore
        result.notes += one.notes
      }
    }
    if json {
      try printJSON(AnalyzeOutput(result, withPaths: paths))
    } else {
      print(AnalyzeOutput.text(result, withPaths: paths), terminator: "")
    }
    if result.hasErrors { throw ExitStatus.findings.exitCode }
  }

  private func loadTable() throws -> PrimitiveTable {
    do {
      var table = try PrimitiveTable.builtin()
      for path in primitives {
        guard let data = FileManager.default.contents(atPath: path) else {
          printError("lockstep analyze: \(path): cannot read the primitive table")
          throw ExitStatus.ioError.exitCode
        }
        try table.add(contentsOf: String(decoding: data, as: UTF8.self), source: path)
      }
      return table
    } catch let error as AnalysisError {
      printError("lockstep analyze: \(error)")
      throw ExitStatus.dataError.exitCode
    }
  }

  private func openSourceTree() throws -> (any SourceTree)? {
    guard let tree else { return nil }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: tree, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      printError("lockstep analyze: \(tree): no such directory")
      throw ExitStatus.ioError.exitCode
    }
    let isGit =
      FileManager.default.fileExists(atPath: tree + "/.git")
      || FileManager.default.fileExists(atPath: tree + "/HEAD")
    guard isGit else { return DirectorySourceTree(root: tree) }
    let repository = try runReporting { () throws(KernelTreeError) in
      try KernelRepository(path: tree)
    }
    let revision = base ?? "HEAD"
    _ = try runReporting { () throws(KernelTreeError) in try repository.resolve(revision) }
    return GitSourceTree(repository: repository, revision: revision)
  }

  /// The patches of the input: a plain diff, or those recovered from mail at the least quote depth.
  private func readPatches(_ path: String) throws -> [Patch] {
    let bytes: [UInt8]
    if path == "-" {
      bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
    } else {
      guard let data = FileManager.default.contents(atPath: path) else {
        printError("lockstep analyze: \(path): cannot read the file")
        throw ExitStatus.ioError.exitCode
      }
      bytes = Array(data)
    }
    let name = path == "-" ? "<stdin>" : path
    var found: [RecoveredPatch] = []
    for message in MailArchive.read(bytes: bytes, name: name).messages {
      found += PatchFinder.patches(in: message.body)
    }
    if found.isEmpty { found = PatchFinder.patches(in: String(decoding: bytes, as: UTF8.self)) }
    let usable = found.filter { !$0.patch.files.isEmpty }
    guard let depth = usable.map(\.quoteDepth).min() else {
      let problem = found.flatMap(\.problems).first.map { ": \($0)" } ?? ""
      printError("lockstep analyze: \(name): no patch found\(problem)")
      throw ExitStatus.dataError.exitCode
    }
    for problem in usable.flatMap(\.problems) {
      printError("lockstep analyze: \(name): \(problem)")
    }
    var seen: Set<Patch> = []
    return usable.filter { $0.quoteDepth == depth && seen.insert($0.patch).inserted }.map(\.patch)
  }
}
