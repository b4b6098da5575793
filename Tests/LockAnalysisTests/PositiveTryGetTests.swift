import LockAnalysis
import Testing

/// A call that takes a reference when it returns a positive value, and sets a flag through a
/// pointer whenever it does (`get_hwpoison_hugetlb_folio(folio, &hugetlb, …)` in mm/hugetlb.c,
/// the table's `try-get success=positive success-flag=*$2` line): `ret > 0` tests whether it
/// took one, and a path that took one knows `hugetlb` is set (`make mutation-check`: the deleted
/// `folio_put()` of 6.12 `__get_hwpoison_page()` was missed, and the unmutated function had a
/// false `ref-imbalance` warning, because the reference of the callee was not known).
@Suite struct PositiveTryGetTests {
  /// 6.12.117 mm/memory-failure.c `__get_hwpoison_page()` (its comment left out).
  static let getHwpoisonPage = """
    static inline bool HWPoisonHandlable(struct page *page, unsigned long flags)
    {
    \tif (PageSlab(page))
    \t\treturn false;
    \tif ((flags & MF_SOFT_OFFLINE) && __PageMovable(page))
    \t\treturn true;
    \treturn PageLRU(page) || is_free_buddy_page(page);
    }

    static int __get_hwpoison_page(struct page *page, unsigned long flags)
    {
    \tstruct folio *folio = page_folio(page);
    \tint ret = 0;
    \tbool hugetlb = false;

    \tret = get_hwpoison_hugetlb_folio(folio, &hugetlb, false);
    \tif (hugetlb) {
    \t\t/* Make sure hugetlb demotion did not happen from under us. */
    \t\tif (folio == page_folio(page))
    \t\t\treturn ret;
    \t\tif (ret > 0) {
    \t\t\tfolio_put(folio);
    \t\t\tfolio = page_folio(page);
    \t\t}
    \t}

    \tif (!HWPoisonHandlable(&folio->page, flags))
    \t\treturn -EBUSY;

    \tif (folio_try_get(folio)) {
    \t\tif (folio == page_folio(page))
    \t\t\treturn 1;

    \t\tpr_info("%#lx cannot catch tail\\n", page_to_pfn(page));
    \t\tfolio_put(folio);
    \t}

    \treturn 0;
    }

    """

  /// The unmutated function: the hugetlb reference is returned (`return ret;`, a function
  /// named for getting one) or dropped before the next folio is tried; a path where the callee
  /// took none never passes `if (hugetlb)` holding one.
  @Test func aReferenceTakenWhenTheCallReturnsAPositiveValueIsBalanced() throws {
    let result = try analyzeCommit(
      base: ["mm/example.c": ""], change: ["mm/example.c": Self.getHwpoisonPage])
    _ = try WalkCoverageTests.walkedWhole(result, "__get_hwpoison_page")
    #expect(result.findings.filter { $0.severity != .info }.isEmpty, "\(result.findings)")
  }

  /// With the `folio_put()` under `if (ret > 0)` deleted, the demoted hugetlb folio's
  /// reference is still held where the function leaves with another folio.
  @Test func aReferenceTakenWhenTheCallReturnsAPositiveValueIsKeptWhenItsPutIsMissing() throws {
    let mutated = Self.getHwpoisonPage.replacingOccurrences(
      of: "\t\t\tfolio_put(folio);\n\t\t\tfolio = page_folio(page);\n",
      with: "\t\t\tfolio = page_folio(page);\n")
    #expect(mutated != Self.getHwpoisonPage, "the mutation applies")
    let result = try analyzeCommit(
      base: ["mm/example.c": Self.getHwpoisonPage], change: ["mm/example.c": mutated])
    _ = try WalkCoverageTests.walkedWhole(result, "__get_hwpoison_page")
    #expect(
      result.findings.contains {
        $0.rule == .refImbalance && $0.severity == .warning
          && $0.message.contains("taken by get_hwpoison_hugetlb_folio()")
      }, "\(result.findings)")
  }
}
