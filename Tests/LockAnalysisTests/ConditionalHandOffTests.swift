import LockAnalysis
import Testing

/// References whose hand-off depends on an outcome: a `*_try_dup_*_rmap()` call keeps the
/// reference only when it returns 0 (`try-keeps-reference`), `ksm_might_need_to_copy()` gives
/// back its page or a locked, referenced copy (`same-or-copy`), and a hand-off of one round
/// (`list_add()`) does not cover the object the name moves on to. Each is a real fragment
/// committed to a repository, the mutant (the put deleted) analyzed as a patch against it.
@Suite struct ConditionalHandOffTests {
  /// 6.1 `copy_hugetlb_page_range()` reduced: a failed `page_try_dup_anon_rmap()` copies the
  /// page and must drop the reference on the source page.
  static func copyHuge(failed: String) -> String {
    """
    int copy_huge(struct mm_struct *dst, struct vm_area_struct *src_vma,
    \t\tunsigned long addr, unsigned long end)
    {
    \tstruct page *ptepage;
    \tstruct page *new;
    \tint ret = 0;
    \tfor (; addr < end; addr += PAGE_SIZE) {
    \t\tptepage = pte_page(huge_ptep_get(src_pte(addr)));
    \t\tget_page(ptepage);
    \t\tif (!PageAnon(ptepage)) {
    \t\t\tpage_dup_file_rmap(ptepage, true);
    \t\t} else if (page_try_dup_anon_rmap(ptepage, true, src_vma)) {
    \t\t\tnew = alloc_huge_page(src_vma, addr, 1);
    \t\t\tif (IS_ERR(new)) {
    \t\t\t\tput_page(ptepage);
    \t\t\t\tret = PTR_ERR(new);
    \t\t\t\tbreak;
    \t\t\t}
    \t\t\tcopy_user_huge_page(new, ptepage, addr, src_vma, 1);
    \t\t\t\(failed)
    \t\t\thugetlb_install_page(src_vma, addr, new);
    \t\t\tcontinue;
    \t\t}
    \t\tset_huge_pte_at(dst, addr);
    \t}
    \treturn ret;
    }
    """
  }

  @Test func aFailedTryDupLeavesTheReferenceToTheCaller() throws {
    let result = try analyzeCommit(
      base: ["mm/hugetlb.c": Self.copyHuge(failed: "put_page(ptepage);")],
      change: ["mm/hugetlb.c": Self.copyHuge(failed: "")])
    _ = try WalkCoverageTests.walkedWhole(result, "copy_huge")
    #expect(
      result.findings.contains {
        $0.rule == .refImbalance && $0.severity == .warning && $0.function == "copy_huge"
      })
  }

  /// The unmutated loop: the mapping keeps the reference where the dup succeeded, the copy's
  /// path drops it.
  @Test func aSuccessfulTryDupHandsTheReferenceOn() throws {
    let result = try analyzeCommit(
      base: ["mm/hugetlb.c": Self.copyHuge(failed: "put_page(ptepage);")],
      change: ["mm/hugetlb.c": Self.copyHuge(failed: "put_page(ptepage); /* dropped */")])
    _ = try WalkCoverageTests.walkedWhole(result, "copy_huge")
    #expect(!result.findings.contains { $0.rule == .refImbalance })
  }

  /// 6.1 `isolate_migratepages_block()` reduced: a round that lists its page, then a round
  /// whose `test_and_set_skip()` aborts must still drop the new page's reference.
  static func isolateBlock(abort: String) -> String {
    """
    static int isolate_block(struct compact_control *cc, unsigned long low_pfn,
    \t\tunsigned long end_pfn)
    {
    \tstruct page *page;
    \tfor (; low_pfn < end_pfn; low_pfn++) {
    \t\tpage = pfn_to_page(low_pfn);
    \t\tif (!get_page_unless_zero(page))
    \t\t\tcontinue;
    \t\tif (test_and_set_skip(cc, page, low_pfn))
    \t\t\tgoto isolate_abort;
    \t\tif (PageDirty(page)) {
    \t\t\tput_page(page);
    \t\t\tcontinue;
    \t\t}
    \t\tlist_add(&page->lru, &cc->migratepages);
    \t}
    \tpage = NULL;
    isolate_abort:
    \tif (page) {
    \t\tSetPageLRU(page);
    \t\t\(abort)
    \t}
    \treturn 0;
    }
    """
  }

  @Test func aListingOfAnEarlierRoundDoesNotCoverTheNextPage() throws {
    let result = try analyzeCommit(
      base: ["mm/compaction.c": Self.isolateBlock(abort: "put_page(page);")],
      change: ["mm/compaction.c": Self.isolateBlock(abort: "")])
    _ = try WalkCoverageTests.walkedWhole(result, "isolate_block")
    #expect(
      result.findings.contains {
        $0.rule == .refImbalance && $0.severity == .warning && $0.function == "isolate_block"
      })
  }

  /// 6.1 `unuse_pte()` reduced: the copy `ksm_might_need_to_copy()` made is unlocked and
  /// dropped where the page differs from the swap cache's.
  static func unusePte(copied: String) -> String {
    """
    static int unuse_pte(struct vm_area_struct *vma, unsigned long addr,
    \t\tstruct folio *folio)
    {
    \tstruct page *page = folio_file_page(folio, 0);
    \tstruct page *swapcache;
    \tint ret = 1;
    \tswapcache = page;
    \tpage = ksm_might_need_to_copy(page, vma, addr);
    \tif (unlikely(!page))
    \t\treturn -ENOMEM;
    \tif (unlikely(!PageUptodate(page))) {
    \t\tret = 0;
    \t\tgoto out;
    \t}
    \tget_page(page);
    \tif (page == swapcache)
    \t\tpage_add_anon_rmap(page, vma, addr, RMAP_NONE);
    \telse
    \t\tpage_add_new_anon_rmap(page, vma, addr);
    out:
    \tif (page != swapcache) {
    \t\tunlock_page(page);
    \t\t\(copied)
    \t}
    \treturn ret;
    }
    """
  }

  @Test func aCopyOfKsmMightNeedToCopyMustBeDropped() throws {
    let result = try analyzeCommit(
      base: ["mm/swapfile.c": Self.unusePte(copied: "put_page(page);")],
      change: ["mm/swapfile.c": Self.unusePte(copied: "")])
    _ = try WalkCoverageTests.walkedWhole(result, "unuse_pte")
    let leak = try #require(
      result.findings.first { $0.rule == .refImbalance && $0.severity == .warning })
    #expect(leak.message.contains("ksm_might_need_to_copy()"))
  }

  /// The unmutated function, and 6.12's folio form with its `ERR_PTR(-EHWPOISON)` test: the
  /// page given back is neither unlocked nor dropped, the copy is both.
  @Test func theCopyUnlockedAndDroppedIsClean() throws {
    let folios = """
      static int unuse_folio(struct vm_area_struct *vma, unsigned long addr,
      \t\tstruct folio *folio)
      {
      \tstruct folio *swapcache;
      \tbool hwpoisoned = false;
      \tswapcache = folio;
      \tfolio = ksm_might_need_to_copy(folio, vma, addr);
      \tif (unlikely(!folio))
      \t\treturn -ENOMEM;
      \telse if (unlikely(folio == ERR_PTR(-EHWPOISON))) {
      \t\thwpoisoned = true;
      \t\tfolio = swapcache;
      \t}
      \tfolio_get(folio);
      \tif (folio == swapcache)
      \t\tfolio_add_anon_rmap_pte(folio, folio_page(folio, 0), vma, addr, RMAP_NONE);
      \telse
      \t\tfolio_add_new_anon_rmap(folio, vma, addr, RMAP_EXCLUSIVE);
      \tif (folio != swapcache) {
      \t\tfolio_unlock(folio);
      \t\tfolio_put(folio);
      \t}
      \treturn hwpoisoned ? -EHWPOISON : 1;
      }
      """
    let base = Self.unusePte(copied: "put_page(page);")
    let result = try analyzeCommit(
      base: ["mm/swapfile.c": base + "\n" + folios],
      change: [
        "mm/swapfile.c": base.replacingOccurrences(of: "int ret = 1;", with: "int ret = 2;")
          + "\n"
          + folios.replacingOccurrences(
            of: "bool hwpoisoned = false;", with: "bool hwpoisoned = 0;")
      ])
    _ = try WalkCoverageTests.walkedWhole(result, "unuse_pte")
    _ = try WalkCoverageTests.walkedWhole(result, "unuse_folio")
    #expect(result.findings.isEmpty)
  }
}
