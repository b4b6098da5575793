import LockAnalysis
import LockMutation
import Testing

/// Mutants that are provably no bug the rules cover are marked with the reason, mechanically.
@Suite struct EquivalenceTests {
  static func mutants(_ source: String) throws -> [Mutant] {
    let generator = MutantGenerator(roles: PrimitiveRoles(table: try .builtin()))
    return generator.mutants(path: "mm/equivalent.c", text: source).mutants
  }

  @Test func anUnlockAfterAReturnInItsBlockIsUnreachable() throws {
    let mutants = try Self.mutants(
      """
      static void f(spinlock_t *ptl, int x)
      {
      \tspin_lock(ptl);
      \tif (x) {
      \t\tspin_unlock(ptl);
      \t\treturn;
      \t\tspin_unlock(ptl);
      \t}
      \tspin_unlock(ptl);
      }

      """)
    let deletions = mutants.filter { $0.mutationOperator == .deleteUnlock }
    #expect(deletions.map(\.line) == [5, 7, 9])
    #expect(deletions.map(\.equivalence) == [nil, .unreachableSite, nil])
  }

  @Test func aLockReleasedAndRetakenIsABugForEveryFamily() throws {
    let mutants = try Self.mutants(
      """
      static void g(spinlock_t *ptl, struct mutex *m, int x)
      {
      \tif (x)
      \t\treturn;
      \tspin_lock(ptl);
      \tspin_unlock(ptl);
      \ttouch(ptl);
      \tspin_lock(ptl);
      \tspin_unlock(ptl);
      \tmutex_lock(m);
      \tmutex_unlock(m);
      \tcond_resched();
      \tmutex_lock(m);
      \tmutex_unlock(m);
      }

      """)
    let deletions = mutants.filter { $0.mutationOperator == .deleteUnlock }
    #expect(deletions.map(\.line) == [6, 9, 11, 14])
    // Deleted, a release followed by taking the lock again leaves it taken twice: a bug.
    #expect(deletions.map(\.equivalence) == [nil, nil, nil, nil])
    #expect(deletions[2].expectedRules == ["lock-imbalance", "recursive-lock"])
  }
}

extension EquivalenceTests {
  /// With a sleep (here in a nested block) between the deleted release and the re-acquisition the spinlock is held
  /// over the sleep: a bug `sleep-under-spinlock` reports.
  @Test func aSpinlockKeptOverASleepIsABug() throws {
    let mutants = try Self.mutants(
      """
      static void k(spinlock_t *ptl, int x)
      {
      \tif (x)
      \t\treturn;
      \tspin_lock(ptl);
      \tspin_unlock(ptl);
      \tif (need_resched()) {
      \t\tcond_resched();
      \t}
      \tspin_lock(ptl);
      \tspin_unlock(ptl);
      }

      """)
    let deletion = try #require(mutants.first { $0.mutationOperator == .deleteUnlock })
    #expect(deletion.line == 6)
    #expect(deletion.equivalence == nil)
    #expect(deletion.expectedRules == ["lock-imbalance", "sleep-under-spinlock"])
  }
}

/// An early `goto` goes only to a label that the unmutated code reaches released.
@Suite struct EarlyExitLabelTests {
  @Test func aLabelTheLockFallsIntoIsNoExitPastTheRelease() throws {
    let mutants = try EquivalenceTests.mutants(
      """
      static int h(struct folio *folio, spinlock_t *ptl)
      {
      \tint err;

      \tspin_lock(ptl);
      \tif (folio_test_dirty(folio)) {
      \t\tspin_unlock(ptl);
      \t\tgoto out;
      \t}
      \tif (folio_test_uptodate(folio))
      \t\tcount_it(folio);
      filler:
      \terr = read_and_unlock(folio, ptl);
      \treturn err;
      out:
      \treturn 0;
      }

      """)
    let exits = mutants.filter { $0.mutationOperator == .earlyExit }.map(\.change)
    // `filler:` is reached by falling through with ptl held; `out:` only after a return.
    #expect(exits.count == 2)
    #expect(exits.contains { $0.contains("return 0;") })
    #expect(exits.contains { $0.contains("goto out;") })
    #expect(!exits.contains { $0.contains("goto filler;") })
  }
}
