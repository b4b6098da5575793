import CSyntax
import Foundation
import KernelTree
import LockAnalysis
import MailThread
import PatchDiff
import Review
import TestSupport

/// The package root (TestSupport finds it from its own path).
let packageRoot = Paths.packageRoot

/// The fixture kernel tree, built once per test process by `Fixtures/kernel-tree/build.sh`.
let fixtureTree = Paths.fixtureTree.path

/// `git -C fixtureTree …` output, empty when git fails.
func git(_ arguments: String...) -> String {
  (try? run(["git", "-C", fixtureTree] + arguments)) ?? ""
}

/// The patch a seed mail carries, read as `lockstep analyze` reads it (`PatchReading`).
func seedPatch(_ prefix: String) throws -> Patch {
  let folder = packageRoot.appendingPathComponent("Fixtures/seeds")
  let name = try FileManager.default.contentsOfDirectory(atPath: folder.path).first {
    $0.hasPrefix(prefix)
  }!
  let input = try MailInput(path: folder.appendingPathComponent(name).path)
  return try PatchReading(input, allVersions: false).patches[0].patch
}

/// An analyzer with the built-in table, reading whole functions from the fixture tree at `revision`.
func treeAnalyzer(at revision: String) throws -> Analyzer {
  let repository = try KernelRepository(path: fixtureTree)
  return Analyzer(
    table: try .builtin(), tree: GitSourceTree(repository: repository, revision: revision))
}

extension PatchAnalysis {
  func rules(severity: Finding.Severity? = nil) -> [RuleID] {
    findings.filter { severity == nil || $0.severity == severity }.map(\.rule)
  }
}

/// Every function of a C fragment, analyzed as `mm/example.c`.
func analyzeFragment(_ text: String) throws -> PatchAnalysis {
  Analyzer(table: try .builtin()).analyze(file: SourceFile(text: text, path: "mm/example.c"))
}

/// An analyzer reading a sandbox repository at `revision` through libgit2.
func treeAnalyzer(_ sandbox: GitSandbox, at revision: String) throws -> Analyzer {
  Analyzer(
    table: try .builtin(),
    tree: GitSourceTree(repository: try KernelRepository(path: sandbox.path), revision: revision))
}

/// A new repository with `base` committed and then `change` on top: the change analyzed as a
/// patch (`git show`) against the base commit.
func analyzeCommit(base: [String: String], change: [String: String]) throws -> PatchAnalysis {
  let sandbox = try GitSandbox()
  try sandbox.git("init", "-q")
  let baseCommit = try sandbox.commit("base", files: base)
  try sandbox.commit("change", files: change)
  let patch = try PatchParser.parse(try sandbox.git("show", "--format=", "HEAD"))
  return try treeAnalyzer(sandbox, at: baseCommit).analyze(patch)
}
