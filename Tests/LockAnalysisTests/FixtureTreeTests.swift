import CSyntax
import Foundation
import KernelTree
import LockAnalysis
import PatchDiff
import Testing

@Suite struct FixtureTreeTests {
  @Test func testHmmTakesTheMmapLockTwiceThroughDmirrorRangeFault() throws {
    let text = git("show", "master:lib/test_hmm.c")
    let result = Analyzer(table: try .builtin()).analyze(
      file: SourceFile(text: text, path: "lib/test_hmm.c"))
    let finding = try #require(result.findings.first { $0.rule == .recursiveLock })
    #expect(finding.severity == .error)
    #expect(finding.function == "dmirror_fault_and_migrate_to_device")
    #expect(finding.line == 1267)
    #expect(finding.message.contains("lib/test_hmm.c:368"))
    #expect(finding.message.contains("dmirror_range_fault"))
    #expect(finding.path.map(\.line).contains(1267) && finding.path.map(\.line).contains(368))
  }

  /// Every commit of the fixture history, analyzed against its parent: the only error is the
  /// real bug the history carries, the mmap_lock recursion of the migrate-on-fault test case.
  @Test func everyFixtureCommitIsFreeOfErrorsButTheMmapLockRecursion() throws {
    let repository = try KernelRepository(path: fixtureTree)
    let table = try PrimitiveTable.builtin()
    let commits = git("rev-list", "--all", "--no-merges").split(separator: "\n").map(String.init)
    #expect(commits.count > 20)
    var errors: [String] = []
    for commit in commits {
      let diff = git("show", "--format=", "--no-color", commit)
      guard diff.contains("diff --git"), !git("rev-parse", "--verify", "-q", commit + "^").isEmpty
      else { continue }
      let patch = try PatchParser.parse(diff)
      let analyzer = Analyzer(
        table: table, tree: GitSourceTree(repository: repository, revision: commit + "^"))
      for finding in analyzer.analyze(patch).findings where finding.severity == .error {
        errors.append(
          "\(git("log", "-1", "--format=%s", commit).trimmingCharacters(in: .whitespacesAndNewlines)): \(finding.rule) \(finding.file):\(finding.line)"
        )
      }
    }
    #expect(
      errors.allSatisfy {
        $0.hasPrefix("lib/test_hmm: add a new testcase") && $0.contains("recursive-lock")
      }, "\(errors)")
    #expect(errors.contains { $0.contains("recursive-lock lib/test_hmm.c:1267") })
  }

  @Test(arguments: [
    "01-test-hmm-take-mmap-lock-per-vma.patch", "02-migrate-get-locked-helpers.patch",
    "03-yield-in-drain-and-pmd-retry.patch",
  ])
  func cleanPatchesHaveNoErrorFindings(name: String) throws {
    let text = try String(
      contentsOf: packageRoot.appendingPathComponent("Fixtures/analysis/clean/\(name)"),
      encoding: .utf8)
    let result = try treeAnalyzer(at: "master").analyze(try PatchParser.parse(text))
    #expect(!result.functions.isEmpty)
    #expect(!result.hasErrors, "\(result.findings.filter { $0.severity == .error })")
  }

  @Test func takingTheMmapLockPerVmaFixesTheRecursion() throws {
    let text = try String(
      contentsOf: packageRoot.appendingPathComponent(
        "Fixtures/analysis/clean/01-test-hmm-take-mmap-lock-per-vma.patch"),
      encoding: .utf8)
    let result = try treeAnalyzer(at: "master").analyze(try PatchParser.parse(text))
    #expect(result.findingsBefore.contains { $0.rule == .recursiveLock })
    #expect(
      result.findings.contains {
        $0.rule == .recursiveLock && $0.message.hasPrefix("fixed by this patch")
      })
  }
}
