import LockAnalysis
import Testing

/// A test that moves its own counter (`++batch_count == SWAP_CLUSTER_MAX` in
/// madvise_cold_or_pageout_pte_range()) comes out either way each time it is asked: a path
/// that found it false in one round of a loop may find it true in the next.
@Suite struct CounterTestTests {
  /// A batch that drains every eighth round: the drain is clean while nothing was found busy
  /// and leaks the PTL once an earlier round found something busy.
  static let batch = """
    static int drain(spinlock_t *ptl, struct page **pages, int n)
    {
    \tint batch = 0, i, busy = 0;

    \tspin_lock(ptl);
    \tfor (i = 0; i < n; i++) {
    \t\tif (++batch == 8) {
    \t\t\tif (!busy) {
    \t\t\t\tspin_unlock(ptl);
    \t\t\t\treturn 0;
    \t\t\t}
    \t\t\treturn 0;
    \t\t}
    \t\tif (page_busy(pages[i]))
    \t\t\tbusy = 1;
    \t}
    \tspin_unlock(ptl);
    \treturn 0;
    }

    """

  @Test func aCounterTestFoundFalseInOneRoundCanBeTrueInTheNext() throws {
    let result = try analyzeFragment(Self.batch)
    _ = try WalkCoverageTests.walkedWhole(result, "drain")
    // The `return 0` at 12 is reached only in a round after one that found `page_busy()`,
    // and in that round the counter test was false.
    let leaks = result.findings.filter { $0.rule == .lockImbalance && $0.severity == .error }
    let leak = try #require(leaks.first, "\(result.findings)")
    #expect(leak.line == 5)
    #expect(leak.path.map(\.line).contains(12), "\(leak.path)")
  }

  @Test func aCounterTestThatDrainsCleanlyIsBalanced() throws {
    let clean = Self.batch.replacingOccurrences(
      of: "\t\t\treturn 0;\n\t\t}\n\t\tif (page_busy",
      with: "\t\t\tspin_unlock(ptl);\n\t\t\treturn 0;\n\t\t}\n\t\tif (page_busy")
    #expect(clean != Self.batch)
    let result = try analyzeFragment(clean)
    _ = try WalkCoverageTests.walkedWhole(result, "drain")
    #expect(result.findings.filter { $0.severity != .info }.isEmpty, "\(result.findings)")
  }
}
