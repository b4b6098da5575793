import Foundation
import KernelTree
import LockAnalysis
import PatchDiff
import TestSupport
import Testing

/// A series is analyzed patch after patch, each against the tree with the earlier ones applied.
@Suite struct SeriesTests {
  static let base = """
    #include <linux/spinlock.h>

    static int counter_bump(struct counter *c)
    {
    \tc->value++;
    \treturn 0;
    }

    static int counter_drop(struct counter *c)
    {
    \tc->value--;
    \treturn 0;
    }

    """

  /// The base commit and two patches made with git: patch 1 locks counter_bump(), patch 2
  /// (written on top of patch 1, its context shows the lock) adds a second exit to it.
  static func series() throws -> (sandbox: GitSandbox, base: String, patches: [Patch]) {
    let sandbox = try GitSandbox()
    try sandbox.git("init", "-q")
    let base = try sandbox.commit("counter", files: ["lib/counter.c": Self.base])
    let locked = Self.base.replacingOccurrences(
      of: "\tc->value++;\n",
      with: "\tspin_lock(&c->lock);\n\tc->value++;\n\tspin_unlock(&c->lock);\n")
    try sandbox.commit("counter: lock the bump", files: ["lib/counter.c": locked])
    let early = locked.replacingOccurrences(
      of: "\tspin_lock(&c->lock);\n\tc->value++;\n",
      with: "\tspin_lock(&c->lock);\n\tif (c->value < 0)\n\t\treturn -EINVAL;\n\tc->value++;\n")
    try sandbox.commit("counter: refuse a negative count", files: ["lib/counter.c": early])
    let patches = try ["HEAD~1", "HEAD"].map { revision in
      try PatchParser.parse(try sandbox.git("show", "--format=", revision))
    }
    return (sandbox, base, patches)
  }

  static func analyzer(_ sandbox: GitSandbox, at revision: String) throws -> Analyzer {
    Analyzer(
      table: try .builtin(),
      tree: GitSourceTree(repository: try KernelRepository(path: sandbox.path), revision: revision))
  }

  @Test func theSecondPatchSeesTheFirstPatchesLockInItsBeforePaths() throws {
    let (sandbox, base, patches) = try Self.series()
    let results = try Self.analyzer(sandbox, at: base).analyze(series: patches)
    #expect(results.count == 2)
    let before = try #require(results[1].functions.first { $0.name == "counter_bump" }?.before)
    #expect(before.paths.allSatisfy { path in path.ops.contains { $0.call == "spin_lock" } })
    #expect(!results[1].notes.contains { $0.contains("does not apply") })
  }

  @Test func theSecondPatchsEarlyReturnUnderTheLockIsAnImbalance() throws {
    let (sandbox, base, patches) = try Self.series()
    let results = try Self.analyzer(sandbox, at: base).analyze(series: patches)
    let imbalance = try #require(results[1].findings.first { $0.rule == "lock-imbalance" })
    #expect(imbalance.function == "counter_bump")
    #expect(imbalance.severity == .error)
  }

  @Test func aPatchThatOnlyAppliesToTheBaseIsAnalyzedThereWithANote() throws {
    let (sandbox, base, patches) = try Self.series()
    // Patch 1 twice: the second copy no longer applies on top of the first.
    let results = try Self.analyzer(sandbox, at: base).analyze(series: [patches[0], patches[0]])
    let note = try #require(results[1].notes.first { $0.contains("does not apply after") })
    #expect(note.hasPrefix("patch 2 of 2 (lib/counter.c)"))
    #expect(results[1].functions.contains { $0.name == "counter_bump" && $0.after != nil })
  }

  @Test func aSeriesWithoutATreeIsReadFromItsHunks() throws {
    let (_, _, patches) = try Self.series()
    let results = Analyzer(table: try .builtin()).analyze(series: patches)
    #expect(results.count == 2)
    #expect(results.allSatisfy { $0.notes.contains { $0.contains("from the hunks alone") } })
  }
}
