import Foundation
import KernelTree
import LockAnalysis
import MailThread
import PatchDiff

/// The package root, found from this file's path.
let packageRoot: URL = {
  var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
    url.deleteLastPathComponent()
  }
  return url
}()

/// The fixture kernel tree, built once per test run by `Fixtures/kernel-tree/build.sh`.
let fixtureTree: String = {
  let destination = FileManager.default.temporaryDirectory
    .appendingPathComponent("lockstep-analysis-\(ProcessInfo.processInfo.processIdentifier)").path
  try? FileManager.default.removeItem(atPath: destination)
  let status = run(
    packageRoot.appendingPathComponent("Fixtures/kernel-tree/build.sh").path, [destination])
  precondition(status.code == 0, "build.sh failed: \(status.output)")
  return destination
}()

/// Runs a program, returning its exit code and standard output.
@discardableResult
func run(_ program: String, _ arguments: [String], in directory: String? = nil) -> (
  code: Int32, output: String
) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: program.hasPrefix("/") ? program : "/usr/bin/env")
  process.arguments = program.hasPrefix("/") ? arguments : [program] + arguments
  if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = FileHandle.nullDevice
  try? process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// `git -C fixtureTree …` output.
func git(_ arguments: String...) -> String {
  run("git", ["-C", fixtureTree] + arguments).output
}

/// The patch a seed mail carries, recovered the way `lockstep analyze` does (MailThread, then PatchDiff).
func seedPatch(_ prefix: String) throws -> Patch {
  let folder = packageRoot.appendingPathComponent("Fixtures/seeds")
  let name = try FileManager.default.contentsOfDirectory(atPath: folder.path).first {
    $0.hasPrefix(prefix)
  }!
  let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
  var found: [RecoveredPatch] = []
  for message in MailArchive.read(bytes: bytes, name: name).messages {
    found += PatchFinder.patches(in: message.body)
  }
  return found.filter { !$0.patch.files.isEmpty }.min { $0.quoteDepth < $1.quoteDepth }!.patch
}

/// An analyzer with the built-in table, reading whole functions from the fixture tree at `revision`.
func treeAnalyzer(at revision: String) throws -> Analyzer {
  let repository = try KernelRepository(path: fixtureTree)
  return Analyzer(
    table: try .builtin(), tree: GitSourceTree(repository: repository, revision: revision))
}

extension PatchAnalysis {
  func rules(severity: Finding.Severity? = nil) -> [String] {
    findings.filter { severity == nil || $0.severity == severity }.map(\.rule)
  }
}
