import LockAnalysis
import Testing

/// A path that never jumped back to a label knows what it holds; one that did was joined with
/// others there and may not (the rules that need a path's flags skip it). A path reaching a
/// label the reruns already walked in the same state is not covered by them: bugs planted in
/// the real 6.12 gather_surplus_pages() (`make mutation-check`) went unseen because its
/// `goto free` before the first `goto retry` was dropped as walked, and the reruns that walked
/// on were not trusted.
@Suite struct FirstPassTests {
  /// gather_surplus_pages() (6.12.117), reduced: `retry:` drops the caller's hugetlb_lock,
  /// allocates, takes it again; not enough pages: `goto retry` or `goto free`, which drops it
  /// to free the surplus and takes it back for the caller.
  static func gather(deleting deleted: String? = nil) -> String {
    let lines = [
      "static int gather(struct hstate *h, long delta)",
      "\t__must_hold(&hugetlb_lock)",
      "{",
      "\tLIST_HEAD(surplus_list);",
      "\tstruct folio *folio, *tmp;",
      "\tint ret;",
      "\tlong i;",
      "\tlong needed, allocated;",
      "\tbool alloc_ok = true;",
      "",
      "\tneeded = (h->resv_huge_pages + delta) - h->free_huge_pages;",
      "\tif (needed <= 0) {",
      "\t\th->resv_huge_pages += delta;",
      "\t\treturn 0;",
      "\t}",
      "\tallocated = 0;",
      "\tret = -ENOMEM;",
      "retry:",
      "\tspin_unlock_irq(&hugetlb_lock);",
      "\tfor (i = 0; i < needed; i++) {",
      "\t\tfolio = alloc_surplus_hugetlb_folio(h, node);",
      "\t\tif (!folio) {",
      "\t\t\talloc_ok = false;",
      "\t\t\tbreak;",
      "\t\t}",
      "\t\tlist_add(&folio->lru, &surplus_list);",
      "\t\tcond_resched();",
      "\t}",
      "\tallocated += i;",
      "\tspin_lock_irq(&hugetlb_lock);",
      "\tneeded = (h->resv_huge_pages + delta) - (h->free_huge_pages + allocated);",
      "\tif (needed > 0) {",
      "\t\tif (alloc_ok)",
      "\t\t\tgoto retry;",
      "\t\tgoto free;",
      "\t}",
      "\tneeded += allocated;",
      "\tret = 0;",
      "\tlist_for_each_entry_safe(folio, tmp, &surplus_list, lru) {",
      "\t\tif ((--needed) < 0)",
      "\t\t\tbreak;",
      "\t\tenqueue_hugetlb_folio(h, folio);",
      "\t}",
      "free:",
      "\tspin_unlock_irq(&hugetlb_lock); /* free unlock */",
      "\tlist_for_each_entry_safe(folio, tmp, &surplus_list, lru)",
      "\t\tfree_huge_folio(folio);",
      "\tspin_lock_irq(&hugetlb_lock);",
      "\treturn ret;",
      "}",
    ]
    return lines.filter { line in deleted.map { !line.contains($0) } ?? true }
      .joined(separator: "\n")
  }

  /// As written: the lock is dropped at `free:` and taken back once.
  @Test func aLockDroppedBeforeItIsTakenBackForTheCallerIsClean() throws {
    let result = try analyzeFragment(Self.gather())
    _ = try WalkCoverageTests.walkedWhole(result, "gather")
    #expect(!result.findings.contains { $0.rule == .lockImbalance })
  }

  /// `free:`'s `spin_unlock_irq()` deleted: the path that gives up before any `goto retry`
  /// takes hugetlb_lock again while it holds it.
  @Test func aLockTakenAgainOnAPathThatNeverJumpedBackIsFoundAfterTheReruns() throws {
    let result = try analyzeFragment(Self.gather(deleting: "free unlock"))
    _ = try WalkCoverageTests.walkedWhole(result, "gather")
    let again = try #require(
      result.findings.first { $0.rule == .lockImbalance && $0.message.contains("again") })
    #expect(again.severity == .error)
    #expect(again.message.contains("taken by spin_lock_irq() at 30"))
  }
}
