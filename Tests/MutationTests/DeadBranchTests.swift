import LockAnalysis
import LockMutation
import Testing

/// A mutant in a branch whose guard `a != b` the function makes false on every path (the
/// fixture's `do_swap_page()`: `swapcache = folio;` on every path, neither changed after) is
/// no bug; one where the names can differ (real 6.12 reassigns `folio` after) stays one.
@Suite struct DeadBranchTests {
  /// `swapcache` set from `folio` on both paths, the branch guarded by `folio != swapcache`
  /// twice: straight on, and after a label reached by `goto` from where they are equal.
  static func swapIn(reassigned: String = "", early: String = "") -> String {
    """
    static int swap_in(struct folio *cached, int ret)
    {
    \tstruct folio *swapcache, *folio = NULL;

    \(early)\tfolio = cached;
    \tswapcache = folio;
    \tif (!folio) {
    \t\tfolio = read_in();
    \t\tswapcache = folio;
    \t}
    \(reassigned)\tfolio_lock(folio);
    \tif (ret)
    \t\tgoto out_page;
    \tif (folio != swapcache && swapcache) {
    \t\tfolio_unlock(swapcache);
    \t\tfolio_put(swapcache);
    \t}
    \treturn 0;
    out_page:
    \tfolio_unlock(folio);
    \tif (unlikely(folio != swapcache && swapcache)) {
    \t\tfolio_unlock(swapcache);
    \t\tfolio_put(swapcache);
    \t}
    \treturn ret;
    }

    """
  }

  /// The equivalence of each put/unlock swap drawn in `source`, in line order (the two
  /// branches' swaps: the generator finds both sites whatever the verdict).
  static func verdicts(_ source: String) throws -> [Equivalence?] {
    try EquivalenceTests.mutants(source).filter { $0.mutationOperator == .swapUnlockPut }
      .map(\.equivalence)
  }

  @Test func aSwapInABranchTheFunctionNeverTakesIsNoBug() throws {
    #expect(try Self.verdicts(Self.swapIn()) == [.deadBranch, .deadBranch])
  }

  @Test func aSwapWhereTheNamesCanDifferIsABug() throws {
    let source = Self.swapIn(reassigned: "\tfolio = ksm_might_need_to_copy(folio);\n")
    #expect(try Self.verdicts(source) == [nil, nil])
  }

  /// A `goto` from before the names are made equal reaches the second branch unequal.
  @Test func aLabelReachedBeforeTheNamesAreEqualKeepsItsBranchLive() throws {
    let source = Self.swapIn(early: "\tif (!cached)\n\t\tgoto out_page;\n")
    #expect(try Self.verdicts(source) == [.deadBranch, nil])
  }

  /// `swapcache` a global (declared nowhere in the function): any call may change it.
  @Test func aGlobalIsNeverKnownEqual() throws {
    let source = Self.swapIn().replacingOccurrences(
      of: "struct folio *swapcache, *folio = NULL;", with: "struct folio *folio = NULL;")
    #expect(source != Self.swapIn())
    #expect(try Self.verdicts(source) == [nil, nil])
  }

  /// `&swapcache` given away: anything may change it.
  @Test func aNameWhoseAddressIsTakenIsNeverKnownEqual() throws {
    let source = Self.swapIn(reassigned: "\tlookup(&swapcache);\n")
    #expect(try Self.verdicts(source) == [nil, nil])
  }
}
