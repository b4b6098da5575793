import LockAnalysis
import Testing

/// `delete-put` mutants of real mm/ functions (`make mutation-check`) that the exit rules
/// missed: a function whose value tells the caller whether it took a reference (`return 1`,
/// `true` hands it on, so `return 0`, `false` holding it leaks it), one that stores the
/// object for its caller on another path, and a second line taking a reference on a name
/// whose first one already leaks.
@Suite struct KeptReferenceTests {
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

  /// `get_mctgt_type_thp()` with the `folio_put()` of a failed trylock deleted: the path that
  /// succeeds stores the folio for its caller (`target->folio = folio`), the one that fails
  /// returns `MC_TARGET_NONE` still holding the reference it took, stored nowhere.
  @Test func returningHoldingAReferenceAnotherPathStoresForTheCallerLeaksIt() throws {
    let result = try analyzeFragment(
      """
      static enum mc_target_type get_mctgt_type_thp(struct vm_area_struct *vma,
      \t\tunsigned long addr, pmd_t pmd, union mc_target *target)
      {
      \tstruct page *page = pmd_page(pmd);
      \tstruct folio *folio = page_folio(page);
      \tenum mc_target_type ret = MC_TARGET_NONE;
      \tif (folio_memcg(folio) == mc.from) {
      \t\tret = MC_TARGET_PAGE;
      \t\tif (target) {
      \t\t\tfolio_get(folio);
      \t\t\tif (!folio_trylock(folio))
      \t\t\t\treturn MC_TARGET_NONE;
      \t\t\ttarget->folio = folio;
      \t\t}
      \t}
      \treturn ret;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "get_mctgt_type_thp")
    let leak = try #require(result.findings.first { $0.rule == .refImbalance })
    #expect(leak.message.contains("returning MC_TARGET_NONE"))
  }

  /// The unmutated `get_mctgt_type_thp()`: the failed trylock drops the reference, so only
  /// the path that stores the folio for its caller holds one.
  @Test func aReferenceStoredForTheCallerIsHandedOn() throws {
    let result = try analyzeFragment(
      """
      static enum mc_target_type get_mctgt_type_thp(struct vm_area_struct *vma,
      \t\tunsigned long addr, pmd_t pmd, union mc_target *target)
      {
      \tstruct folio *folio = page_folio(pmd_page(pmd));
      \tenum mc_target_type ret = MC_TARGET_NONE;
      \tif (target) {
      \t\tfolio_get(folio);
      \t\tif (!folio_trylock(folio)) {
      \t\t\tfolio_put(folio);
      \t\t\treturn MC_TARGET_NONE;
      \t\t}
      \t\ttarget->folio = folio;
      \t\tret = MC_TARGET_PAGE;
      \t}
      \treturn ret;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "get_mctgt_type_thp")
    #expect(!result.findings.contains { $0.rule == .refImbalance })
  }

  /// 6.1 `migrate_vma_collect_pmd()` with the `folio_put()` of a failed trylock deleted in its
  /// PTE loop: the THP branch before the loop already keeps the reference `get_page()` took
  /// on `page` on one path, and the loop's `folio_get()` on the same name is a second leak,
  /// judged on its own (the round ends differ: `mpfn = 0` on the failed trylock, so only the
  /// exit shows the leak).
  @Test func eachLineThatTakesAReferenceIsJudgedOnItsOwn() throws {
    let result = try analyzeFragment(
      """
      static int collect_pmd(pmd_t *pmdp, unsigned long addr, unsigned long end,
      \t\tstruct migrate_vma *migrate)
      {
      \tstruct page *page;
      \tif (pmd_trans_huge(*pmdp)) {
      \t\tpage = pmd_page(*pmdp);
      \t\tget_page(page);
      \t\tif (!trylock_page(page))
      \t\t\treturn 0;
      \t\tunlock_page(page);
      \t\tput_page(page);
      \t}
      \tfor (; addr < end; addr += PAGE_SIZE) {
      \t\tstruct folio *folio;
      \t\tunsigned long mpfn;
      \t\tpage = vm_normal_page(migrate->vma, addr, *pmdp);
      \t\tmpfn = migrate_pfn(page_to_pfn(page));
      \t\tfolio = page_folio(page);
      \t\tfolio_get(folio);
      \t\tif (folio_trylock(folio)) {
      \t\t\tfolio_unlock(folio);
      \t\t\tfolio_put(folio);
      \t\t} else {
      \t\t\tmpfn = 0;
      \t\t}
      \t\tmigrate->src[migrate->npages++] = mpfn;
      \t}
      \treturn 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "collect_pmd")
    let leaks = result.findings.filter { $0.rule == .refImbalance }
    #expect(leaks.contains { $0.message.contains("taken by get_page()") })
    #expect(
      leaks.contains {
        $0.message.contains("taken by folio_get()") && $0.message.contains("leaves at 28")
      })
  }

  /// 6.1 `migrate_vma_collect_pmd()` with the `put_page()` after `split_huge_page()` deleted:
  /// its THP branch already keeps the reference when the trylock fails (a finding the code
  /// had), and now keeps it also when the split fails. Each exit that keeps it beside one
  /// that dropped it is a leak of its own, so the planted one is not read as the known one.
  @Test func eachExitKeepingAReferenceIsALeakOfItsOwn() throws {
    let result = try analyzeFragment(
      """
      static int collect_pmd(pmd_t *pmdp, unsigned long start, unsigned long end,
      \t\tstruct mm_walk *walk)
      {
      \tstruct page *page;
      \tint ret;
      \tif (pmd_trans_huge(*pmdp)) {
      \t\tpage = pmd_page(*pmdp);
      \t\tget_page(page);
      \t\tif (unlikely(!trylock_page(page)))
      \t\t\treturn collect_skip(start, end, walk);
      \t\tret = split_huge_page(page);
      \t\tunlock_page(page);
      \t\tif (ret)
      \t\t\treturn collect_skip(start, end, walk);
      \t}
      \tpage = vm_normal_page(walk->vma, start, *pmdp);
      \tfolio_get(page);
      \tfolio_put(page);
      \treturn 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "collect_pmd")
    let leaks = result.findings.filter {
      $0.rule == .refImbalance && $0.message.contains("taken by get_page() at 8")
    }
    #expect(leaks.contains { $0.message.contains("leaves at 10") })
    #expect(leaks.contains { $0.message.contains("leaves at 14") })
  }
}
