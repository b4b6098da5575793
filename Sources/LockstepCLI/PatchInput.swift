import ArgumentParser
import Foundation
import KernelTree
import LockAnalysis
import MailThread
import PatchDiff

/// What `lockstep analyze` and `lockstep simulate --patch` read: the primitive table
/// (built in, plus `--primitives` files), the tree at `--base`, and the patches of a
/// `.patch`, `.eml` or mbox. Failures print one line and exit with the documented status.
struct PatchInput {
  let tree: String?
  let base: String?
  let primitives: [String]
  /// The subcommand named in error lines (`lockstep analyze: …`).
  let command: String

  func loadTable() throws -> PrimitiveTable {
    do {
      var table = try PrimitiveTable.builtin()
      for path in primitives {
        guard let data = FileManager.default.contents(atPath: path) else {
          printError("lockstep \(command): \(path): cannot read the primitive table")
          throw ExitStatus.ioError.exitCode
        }
        try table.add(contentsOf: String(decoding: data, as: UTF8.self), source: path)
      }
      return table
    } catch let error as AnalysisError {
      printError("lockstep \(command): \(error)")
      throw ExitStatus.dataError.exitCode
    }
  }

  func openSourceTree() throws -> (any SourceTree)? {
    guard let tree else { return nil }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: tree, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      printError("lockstep \(command): \(tree): no such directory")
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

  /// A patch of the input and the subject of the mail it came in (empty for a plain diff).
  struct InputPatch {
    var subject: String
    var patch: Patch
  }

  /// The patches of the input: a plain diff, or those recovered from mail at the least quote depth.
  func readPatches(_ path: String) throws -> [InputPatch] {
    let bytes: [UInt8]
    if path == "-" {
      bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
    } else {
      guard let data = FileManager.default.contents(atPath: path) else {
        printError("lockstep \(command): \(path): cannot read the file")
        throw ExitStatus.ioError.exitCode
      }
      bytes = Array(data)
    }
    let name = path == "-" ? "<stdin>" : path
    var found: [(subject: String, recovered: RecoveredPatch)] = []
    for message in MailArchive.read(bytes: bytes, name: name).messages {
      found += PatchFinder.patches(in: message.body).map { (message.subject, $0) }
    }
    if found.isEmpty {
      found = PatchFinder.patches(in: String(decoding: bytes, as: UTF8.self)).map { ("", $0) }
    }
    let usable = found.filter { !$0.recovered.patch.files.isEmpty }
    guard let depth = usable.map(\.recovered.quoteDepth).min() else {
      let problem = found.flatMap(\.recovered.problems).first.map { ": \($0)" } ?? ""
      printError("lockstep \(command): \(name): no patch found\(problem)")
      throw ExitStatus.dataError.exitCode
    }
    for problem in usable.flatMap(\.recovered.problems) {
      printError("lockstep \(command): \(name): \(problem)")
    }
    var seen: Set<Patch> = []
    return usable.filter {
      $0.recovered.quoteDepth == depth && seen.insert($0.recovered.patch).inserted
    }.map { InputPatch(subject: $0.subject, patch: $0.recovered.patch) }
  }
}
