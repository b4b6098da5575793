import LockAnalysis
import Testing

/// A call through a function pointer that releases the lock of what it is given unless it
/// returns a code the table names (`writepage releasing-pointer-word
/// unless=AOP_WRITEPAGE_ACTIVATE`: "If ->writepage() returns AOP_WRITEPAGE_ACTIVATE the page is
/// still locked", Documentation/filesystems/locking.rst): the path where the result is that
/// code still holds the lock. A bug planted in the real 6.1 write_cache_pages() went unseen
/// because the path stopped tracking the page lock at the call.
@Suite struct KeptByResultTests {
  /// write_cache_pages() (6.1.192), reduced.
  static func writeCachePages(deleting deleted: String? = nil) -> String {
    let lines = [
      "int write_cache_pages(struct address_space *mapping, struct writeback_control *wbc,",
      "\t\twritepage_t writepage, void *data)",
      "{",
      "\tint ret = 0;",
      "\tint error;",
      "\tstruct pagevec pvec;",
      "\tint nr_pages;",
      "\tint i;",
      "",
      "\tnr_pages = pagevec_lookup_range_tag(&pvec, mapping, &index, end, tag);",
      "\tfor (i = 0; i < nr_pages; i++) {",
      "\t\tstruct page *page = pvec.pages[i];",
      "",
      "\t\tlock_page(page);",
      "\t\tif (unlikely(page->mapping != mapping)) {",
      "\t\t\tunlock_page(page);",
      "\t\t\tcontinue;",
      "\t\t}",
      "\t\terror = (*writepage)(page, wbc, data);",
      "\t\tif (unlikely(error)) {",
      "\t\t\tif (error == AOP_WRITEPAGE_ACTIVATE) {",
      "\t\t\t\tunlock_page(page); /* activate unlock */",
      "\t\t\t\terror = 0;",
      "\t\t\t} else if (wbc->sync_mode != WB_SYNC_ALL) {",
      "\t\t\t\tret = error;",
      "\t\t\t\tbreak;",
      "\t\t\t}",
      "\t\t\tif (!ret)",
      "\t\t\t\tret = error;",
      "\t\t}",
      "\t}",
      "\treturn ret;",
      "}",
    ]
    return lines.filter { line in deleted.map { !line.contains($0) } ?? true }
      .joined(separator: "\n")
  }

  /// As written: the page is unlocked by the callee, or by the function where the callee kept
  /// it (`error == AOP_WRITEPAGE_ACTIVATE`).
  @Test func aPageUnlockedWhereTheCalleeKeptItIsClean() throws {
    let result = try analyzeFragment(Self.writeCachePages())
    _ = try WalkCoverageTests.walkedWhole(result, "write_cache_pages")
    #expect(!result.findings.contains { $0.rule == .lockImbalance })
  }

  /// The `unlock_page()` of the AOP_WRITEPAGE_ACTIVATE branch deleted: the page the callee
  /// returned locked stays locked when the loop goes on to the next page.
  @Test func aPageTheCalleeKeptLockedStillLockedAtTheRoundsEndIsAnImbalance() throws {
    let result = try analyzeFragment(Self.writeCachePages(deleting: "activate unlock"))
    _ = try WalkCoverageTests.walkedWhole(result, "write_cache_pages")
    let imbalance = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(imbalance.line == 14)
    #expect(imbalance.message.contains("lock_page() at 14"))
  }
}
