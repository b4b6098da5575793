import LockAnalysis
import Testing

/// Calls that only borrow the object a path holds a reference on (the table's `reads-only`
/// lines: `page_mapping()`, `total_mapcount()`, `compound_nr()`) do not hand the reference
/// on, so a reference lost after one is still reported; calls that keep it (`do_set_pte()`,
/// `keeps-reference`) do hand it on.
@Suite struct BorrowedReferenceTests {
  /// 6.1 `isolate_migratepages_block()` reduced, with `failed` as the body of its failed
  /// check: each round takes a reference, lets `page_mapping()` and `total_mapcount()` read
  /// the page, and puts it on a list.
  static func isolateBlock(failed: String) -> String {
    """
    static int isolate_block(struct compact_control *cc, unsigned long low_pfn,
    \t\tunsigned long end_pfn)
    {
    \tstruct address_space *mapping;
    \tstruct page *page;
    \tfor (; low_pfn < end_pfn; low_pfn++) {
    \t\tpage = pfn_to_page(low_pfn);
    \t\tif (!get_page_unless_zero(page))
    \t\t\tcontinue;
    \t\tmapping = page_mapping(page);
    \t\tif (!mapping && (page_count(page) - 1) > total_mapcount(page)) {
    \t\t\t\(failed)
    \t\t}
    \t\tlow_pfn += compound_nr(page) - 1;
    \t\tlist_add(&page->lru, &cc->migratepages);
    \t}
    \treturn 0;
    }
    """
  }

  /// With the `put_page()` of `isolate_fail_put:` deleted, the page was only read, and the
  /// next round gives `page` the next pfn's page.
  @Test func aReferenceOnlyReadByCalleesIsLostAtTheNextRound() throws {
    let result = try analyzeFragment(Self.isolateBlock(failed: "continue;"))
    _ = try WalkCoverageTests.walkedWhole(result, "isolate_block")
    let lost = try #require(result.findings.first { $0.rule == .refImbalance })
    #expect(lost.message.contains("is lost when page is given another value"))
  }

  /// The unmutated loop: the failed check drops the reference, the other rounds hand the page
  /// to the list.
  @Test func aReferenceDroppedOrListedIsNotLost() throws {
    let result = try analyzeFragment(Self.isolateBlock(failed: "put_page(page);\n\t\t\tcontinue;"))
    _ = try WalkCoverageTests.walkedWhole(result, "isolate_block")
    #expect(!result.findings.contains { $0.rule == .refImbalance })
  }

  /// 6.1 `filemap_map_pages()`: `do_set_pte()` maps the page and adds its rmap, keeping the
  /// reference taken for it; the path that does not map the page drops its own.
  @Test func aReferenceGivenToDoSetPteIsHandedOn() throws {
    let result = try analyzeFragment(
      """
      static vm_fault_t map_one(struct vm_fault *vmf, struct page *page)
      {
      \tget_page(page);
      \tif (!pte_none(*vmf->pte)) {
      \t\tput_page(page);
      \t\treturn 0;
      \t}
      \tdo_set_pte(vmf, page, vmf->address);
      \treturn 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "map_one")
    #expect(!result.findings.contains { $0.rule == .refImbalance })
  }
}
