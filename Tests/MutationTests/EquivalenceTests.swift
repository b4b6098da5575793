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

  @Test func aSpinlockReleasedAndRetakenIsRelockedButAMutexIsABug() throws {
    let mutants = try Self.mutants(
      """
      static void g(spinlock_t *ptl, struct mutex *m, int x)
      {
      \tif (x)
      \t\treturn;
      \tspin_lock(ptl);
      \tspin_unlock(ptl);
      \tcond_resched();
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
    #expect(deletions.map(\.equivalence) == [.relockedSameLock, nil, nil, nil])
    #expect(deletions[2].expectedRules == ["lock-imbalance", "recursive-lock"])
  }
}
