import LockAnalysis
import Testing

/// Locks and references that a loop collects on a list of the function's own and a later loop
/// releases, as collapse_file() does with `pagelist`: bugs planted in the real function
/// (`make mutation-check`) that went unseen because the walk did not follow the objects
/// through the list, or lost the name's object among the listed ones at a join.
@Suite struct CollectedListTests {
  /// collapse_file() (6.12), reduced: each folio is locked and referenced, then either put on
  /// `pagelist` or unlocked and put (`out_unlock:`); the success and rollback loops take each
  /// folio off the list, unlock it and put it; the copy loop between only reads the folios.
  static func collapse(deleting deleted: String? = nil) -> String {
    let lines = [
      "static int collapse(struct address_space *mapping, pgoff_t start, pgoff_t end)",
      "{",
      "\tstruct folio *folio, *tmp;",
      "\tLIST_HEAD(pagelist);",
      "\tpgoff_t index;",
      "\tint result = SCAN_SUCCEED;",
      "",
      "\tfor (index = start; index < end;) {",
      "\t\tfolio = xas_load(&xas);",
      "\t\tif (!folio_trylock(folio)) {",
      "\t\t\tresult = SCAN_PAGE_LOCK;",
      "\t\t\tgoto xa_unlocked;",
      "\t\t}",
      "\t\tfolio_get(folio);",
      "\t\tif (!folio_test_uptodate(folio)) {",
      "\t\t\tresult = SCAN_FAIL;",
      "\t\t\tgoto out_unlock;",
      "\t\t}",
      "\t\tlist_add_tail(&folio->lru, &pagelist);",
      "\t\tindex += folio_nr_pages(folio);",
      "\t\tcontinue;",
      "out_unlock:",
      "\t\tfolio_unlock(folio);",
      "\t\tfolio_put(folio); /* out_unlock put */",
      "\t\tgoto xa_unlocked;",
      "\t}",
      "xa_unlocked:",
      "\tif (result != SCAN_SUCCEED)",
      "\t\tgoto rollback;",
      "\tlist_for_each_entry(folio, &pagelist, lru) {",
      "\t\tif (copy_mc_highpage(dst, folio_page(folio, 0)) > 0) {",
      "\t\t\tresult = SCAN_COPY_MC;",
      "\t\t\tgoto rollback;",
      "\t\t}",
      "\t}",
      "\tlist_for_each_entry_safe(folio, tmp, &pagelist, lru) {",
      "\t\tlist_del(&folio->lru);",
      "\t\tfolio_clear_active(folio);",
      "\t\tfolio_unlock(folio); /* success unlock */",
      "\t\tfolio_put_refs(folio, 2 + folio_nr_pages(folio)); /* success put */",
      "\t}",
      "\tgoto out;",
      "rollback:",
      "\tlist_for_each_entry_safe(folio, tmp, &pagelist, lru) {",
      "\t\tlist_del(&folio->lru);",
      "\t\tfolio_unlock(folio);",
      "\t\tfolio_putback_lru(folio);",
      "\t\tfolio_put(folio); /* rollback put */",
      "\t}",
      "out:",
      "\treturn result;",
      "}",
    ]
    return lines.filter { line in deleted.map { !line.contains($0) } ?? true }
      .joined(separator: "\n")
  }

  /// The finding of `rule` whose message says `saying` on the function with the line marked
  /// `deleted` deleted, the function walked whole.
  static func finding(deleting deleted: String, _ rule: RuleID, saying: String) throws -> Finding {
    let result = try analyzeFragment(Self.collapse(deleting: deleted))
    _ = try WalkCoverageTests.walkedWhole(result, "collapse")
    return try #require(result.findings.first { $0.rule == rule && $0.message.contains(saying) })
  }

  /// The function as written: every folio put on the list is unlocked and put by the loop that
  /// takes it off, and the copy loop, which leaves the folios on the list, releases nothing.
  @Test func theCollectingAndReleasingLoopsAsWrittenAreClean() throws {
    let result = try analyzeFragment(Self.collapse())
    _ = try WalkCoverageTests.walkedWhole(result, "collapse")
    #expect(
      !result.findings.contains {
        $0.rule == .lockImbalance || $0.rule == .refImbalance || $0.rule == .putBeforeUnlock
      })
  }

  /// The success loop's `folio_unlock()` deleted: every folio taken off `pagelist` stays
  /// locked when the loop moves on.
  @Test func aFolioTakenOffTheListStillLockedAtTheRoundsEndIsAnImbalance() throws {
    let imbalance = try Self.finding(
      deleting: "success unlock", .lockImbalance, saying: "taken off")
    #expect(imbalance.line == 37)
    #expect(imbalance.message.contains("locked by folio_trylock() at 10"))
    #expect(!imbalance.path.isEmpty)
  }

  /// The rollback loop's `folio_put()` deleted: the reference each listed folio was given by
  /// `folio_get()` is still held when the loop moves on (`folio_putback_lru()` gives back the
  /// LRU isolation's reference, not this one).
  @Test func aReferenceTheListHeldStillHeldAtTheRoundsEndIsAnImbalance() throws {
    let imbalance = try Self.finding(deleting: "rollback put", .refImbalance, saying: "taken off")
    #expect(imbalance.line == 45)
    #expect(imbalance.message.contains("folio_get() at 14"))
  }

  /// `out_unlock:`'s `folio_put()` deleted: the folio keeps its reference when the path leaves
  /// the loop, and the rollback loop's head gives the name the listed folios: the reference is
  /// lost. A path that handed its folio to `list_add_tail()` is not joined with this one.
  @Test func aReferenceLeftInTheNameALoopOverTheListMovesOnIsLost() throws {
    let lost = try Self.finding(deleting: "out_unlock put", .refImbalance, saying: "is lost")
    #expect(lost.line == 14)
    #expect(lost.message.contains("given another value at 43"))
  }

  /// 6.1's rollback: `page = list_first_entry_or_null(&pagelist, …)` in a loop over the page
  /// cache takes each page off the list with its lock; with `unlock_page()` deleted the page
  /// stays locked (`xas_store()` keeps the page cache's reference, not the lock).
  @Test func anObjectTheListReturnsReceivesItsLock() throws {
    let text = """
      static void rollback(struct xa_state *xas, struct address_space *mapping, pgoff_t end)
      {
      \tstruct page *page;
      \tLIST_HEAD(pagelist);
      \tpgoff_t i;

      \tfor (i = 0; i < end; i++) {
      \t\tpage = xa_load(&mapping->i_pages, i);
      \t\tif (!trylock_page(page))
      \t\t\tbreak;
      \t\tlist_add_tail(&page->lru, &pagelist);
      \t}
      \txas_for_each(xas, page, end) {
      \t\tpage = list_first_entry_or_null(&pagelist, struct page, lru);
      \t\tif (!page)
      \t\t\tbreak;
      \t\tlist_del(&page->lru);
      \t\txas_store(xas, page);
      \t\tunlock_page(page); /* rollback unlock */
      \t}
      }
      """
    let clean = try analyzeFragment(text)
    _ = try WalkCoverageTests.walkedWhole(clean, "rollback")
    #expect(!clean.findings.contains { $0.rule == .lockImbalance })
    let mutated = try analyzeFragment(
      text.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.contains("rollback unlock") }.joined(separator: "\n"))
    _ = try WalkCoverageTests.walkedWhole(mutated, "rollback")
    let imbalance = try #require(
      mutated.findings.first { $0.rule == .lockImbalance && $0.message.contains("taken off") })
    #expect(imbalance.line == 17)
    #expect(imbalance.message.contains("trylock_page() at 9"))
  }
}
