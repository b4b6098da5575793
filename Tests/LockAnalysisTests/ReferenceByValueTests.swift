import LockAnalysis
import Testing

/// `delete-put` mutants of real mm/ functions (`make mutation-check`) whose value tells the
/// caller whether they took a reference: `return 1` (`true`) hands it on, so `return 0`
/// (`false`) holding it leaks it, even where no other path of the function drops it.
@Suite struct ReferenceByValueTests {
  /// `__get_hwpoison_page()` with the `folio_put()` of the tail case deleted: it returns 1
  /// holding the reference (handed to the caller) and 0 still holding it.
  @Test func returningZeroBesideOneHoldingTheReferenceLeaksIt() throws {
    let result = try analyzeFragment(
      """
      static int __get_hwpoison_page(struct page *page, unsigned long flags)
      {
      \tstruct folio *folio = page_folio(page);
      \tif (!HWPoisonHandlable(&folio->page, flags))
      \t\treturn -EBUSY;
      \tif (folio_try_get(folio)) {
      \t\tif (folio == page_folio(page))
      \t\t\treturn 1;
      \t\tpr_info("%#lx cannot catch tail\\n", page_to_pfn(page));
      \t}
      \treturn 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "__get_hwpoison_page")
    let leak = try #require(result.findings.first { $0.rule == .refImbalance })
    #expect(leak.message.contains("taken by folio_try_get()"))
    #expect(leak.message.contains("returning 0, which hands no reference back"))
  }

  /// `isolate_folio()` (6.1 vmscan.c) with the `folio_put()` of a lost race deleted: a
  /// truth value says whether the folio was isolated, with its reference.
  @Test func returningFalseBesideTrueHoldingTheReferenceLeaksIt() throws {
    let result = try analyzeFragment(
      """
      static bool isolate_folio(struct lruvec *lruvec, struct folio *folio, struct scan_control *sc)
      {
      \tif (!folio_try_get(folio))
      \t\treturn false;
      \tif (!folio_test_clear_lru(folio))
      \t\treturn false;
      \tfolio_clear_reclaim(folio);
      \treturn true;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "isolate_folio")
    let leak = try #require(result.findings.first { $0.rule == .refImbalance })
    #expect(leak.message.contains("returning false"))
  }

  /// The unmutated `isolate_folio()`: the lost race drops its reference, so only `true`
  /// holds one.
  @Test func returningTrueAloneHoldingTheReferenceHandsItOn() throws {
    let result = try analyzeFragment(
      """
      static bool isolate_folio(struct lruvec *lruvec, struct folio *folio, struct scan_control *sc)
      {
      \tif (!folio_try_get(folio))
      \t\treturn false;
      \tif (!folio_test_clear_lru(folio)) {
      \t\tfolio_put(folio);
      \t\treturn false;
      \t}
      \tfolio_clear_reclaim(folio);
      \treturn true;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "isolate_folio")
    #expect(!result.findings.contains { $0.rule == .refImbalance })
  }
}
