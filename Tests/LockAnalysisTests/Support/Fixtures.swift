import Foundation
import KernelTree
import LockAnalysis
import MailThread
import PatchDiff
import TestSupport

/// The package root (TestSupport finds it from its own path).
let packageRoot = Paths.packageRoot

/// The fixture kernel tree, built once per test process by `Fixtures/kernel-tree/build.sh`.
let fixtureTree = Paths.fixtureTree.path

/// `git -C fixtureTree …` output, empty when git fails.
func git(_ arguments: String...) -> String {
  (try? run(["git", "-C", fixtureTree] + arguments)) ?? ""
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
