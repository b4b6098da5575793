import Foundation
import LockAnalysis
import PatchDiff
import TestSupport
import Testing

/// A series is analyzed patch after patch, each against the tree with the earlier ones applied.
@Suite struct SeriesTests {
  /// The counter series (TestSupport) and its two patches as `git show` prints them.
  static func series() throws -> (sandbox: GitSandbox, base: String, patches: [Patch]) {
    let series = try CounterSeries()
    let patches = try ["HEAD~1", "HEAD"].map { revision in
      try PatchParser.parse(try series.sandbox.git("show", "--format=", revision))
    }
    return (series.sandbox, series.base, patches)
  }

  @Test func theSecondPatchSeesTheFirstPatchesLockInItsBeforePaths() throws {
    let (sandbox, base, patches) = try Self.series()
    let results = try treeAnalyzer(sandbox, at: base).analyze(series: patches)
    #expect(results.count == 2)
    let before = try #require(results[1].functions.first { $0.name == "counter_bump" }?.before)
    #expect(before.paths.allSatisfy { path in path.ops.contains { $0.call == "spin_lock" } })
    #expect(!results[1].notes.contains { $0.contains("does not apply") })
  }

  @Test func theSecondPatchsEarlyReturnUnderTheLockIsAnImbalance() throws {
    let (sandbox, base, patches) = try Self.series()
    let results = try treeAnalyzer(sandbox, at: base).analyze(series: patches)
    let imbalance = try #require(results[1].findings.first { $0.rule == .lockImbalance })
    #expect(imbalance.function == "counter_bump")
    #expect(imbalance.severity == .error)
  }

  @Test func aPatchThatOnlyAppliesToTheBaseIsAnalyzedThereWithANote() throws {
    let (sandbox, base, patches) = try Self.series()
    // Patch 1 twice: the second copy no longer applies on top of the first.
    let results = try treeAnalyzer(sandbox, at: base).analyze(series: [patches[0], patches[0]])
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
