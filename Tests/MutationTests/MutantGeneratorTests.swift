import LockAnalysis
import LockMutation
import Testing

/// The generator on a small function whose sites are known: which operators apply where,
/// and the diffs they write.
@Suite struct MutantGeneratorTests {
  static let source = """
    static int drain_one(struct mm_struct *mm, spinlock_t *ptl, struct folio *folio)
    {
    \tspin_lock(ptl);
    \tif (folio_test_dirty(folio)) {
    \t\tspin_unlock(ptl);
    \t\treturn -EBUSY;
    \t}
    \tspin_unlock(ptl);
    \tfolio_unlock(folio);
    \tfolio_put(folio);
    \treturn 0;
    }

    """

  static func mutants() throws -> [Mutant] {
    let generator = MutantGenerator(roles: PrimitiveRoles(table: try .builtin()))
    return generator.mutants(path: "mm/drain.c", text: source).mutants
  }

  @Test func everyOperatorThatAppliesFindsItsSites() throws {
    let mutants = try Self.mutants()
    let sites = Set(mutants.map { "\($0.mutationOperator.rawValue):\($0.line)" })
    #expect(sites.contains("delete-unlock:5"))
    #expect(sites.contains("delete-unlock:8"))
    #expect(sites.contains("early-exit:3"))
    #expect(sites.contains("sleep-under-spinlock:3"))
    #expect(sites.contains("swap-unlock-put:10"))
    // No get in the function: the caller's reference is not this function's to keep.
    #expect(!sites.contains { $0.hasPrefix("delete-put") })
    #expect(!sites.contains { $0.hasPrefix("trylock-retry") })
    let sleeps = mutants.filter { $0.mutationOperator == .sleepUnderSpinlock }.map(\.change)
    #expect(sleeps.count == 3, "might_sleep, GFP_KERNEL allocation, folio_lock: \(sleeps)")
    #expect(mutants.allSatisfy { $0.function == "drain_one" && $0.equivalence == nil })
  }

  @Test func aDeletedUnlockIsAHunkThatRemovesItsLine() throws {
    let mutant = try #require(
      try Self.mutants().first { $0.id == "mm/drain.c:drain_one:8:delete-unlock" })
    let lines = Self.source.split(separator: "\n", omittingEmptySubsequences: false).map(
      String.init
    )
    .dropLast()
    let diff = UnifiedDiff.make(
      path: "mm/drain.c", lines: Array(lines), edits: mutant.edits, subject: "s")
    #expect(
      diff.contains(
        "@@ -5,7 +5,6 @@\n \t\tspin_unlock(ptl);\n \t\treturn -EBUSY;\n \t}\n-\tspin_unlock(ptl);\n"
      ))
    #expect(mutant.expectedRules == ["lock-imbalance", "sleep-under-spinlock"])
  }

  @Test func anUnlockSwappedWithItsPutMovesThePutFirst() throws {
    let mutant = try #require(try Self.mutants().first { $0.mutationOperator == .swapUnlockPut })
    #expect(
      mutant.edits == [
        LineEdit(start: 9, count: 2, lines: ["\tfolio_put(folio);", "\tfolio_unlock(folio);"])
      ])
    #expect(mutant.expectedRules == ["put-before-unlock"])
  }
}
