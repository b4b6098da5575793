import LockAnalysis
import Testing

/// Locks a page-cache lookup puts on every folio of a batch of the function's own
/// (`find_lock_entries(mapping, &index, end - 1, &fbatch, indices)`): each folio the code reads
/// out of the batch is the round's to unlock. Bugs planted in the real shmem_undo_range()
/// (`make mutation-check`) went unseen because the folio read out of the batch held nothing.
@Suite struct LockedBatchTests {
  /// shmem_undo_range() (6.12.117), its first loop: value entries (swap) are skipped, every
  /// folio is truncated and unlocked.
  static func undoRange(deleting deleted: String? = nil) -> String {
    let lines = [
      "static void undo_range(struct address_space *mapping, pgoff_t start, pgoff_t end,",
      "\t\tbool unfalloc)",
      "{",
      "\tstruct folio_batch fbatch;",
      "\tpgoff_t indices[PAGEVEC_SIZE];",
      "\tstruct folio *folio;",
      "\tpgoff_t index;",
      "\tint i;",
      "",
      "\tfolio_batch_init(&fbatch);",
      "\tindex = start;",
      "\twhile (index < end && find_lock_entries(mapping, &index, end - 1,",
      "\t\t\t&fbatch, indices)) {",
      "\t\tfor (i = 0; i < folio_batch_count(&fbatch); i++) {",
      "\t\t\tfolio = fbatch.folios[i];",
      "\t\t\tif (xa_is_value(folio)) {",
      "\t\t\t\tif (unfalloc)",
      "\t\t\t\t\tcontinue;",
      "\t\t\t\tshmem_free_swap(mapping, indices[i], end - 1, folio);",
      "\t\t\t\tcontinue;",
      "\t\t\t}",
      "\t\t\tif (!unfalloc || !folio_test_uptodate(folio))",
      "\t\t\t\ttruncate_inode_folio(mapping, folio);",
      "\t\t\tfolio_unlock(folio); /* batch unlock */",
      "\t\t}",
      "\t\tfolio_batch_remove_exceptionals(&fbatch);",
      "\t\tfolio_batch_release(&fbatch);",
      "\t\tcond_resched();",
      "\t}",
      "\tindex = start;",
      "\twhile (index < end) {",
      "\t\tif (!find_get_entries(mapping, &index, end - 1, &fbatch, indices))",
      "\t\t\tbreak;",
      "\t\tfor (i = 0; i < folio_batch_count(&fbatch); i++) {",
      "\t\t\tfolio = fbatch.folios[i];",
      "\t\t\tif (xa_is_value(folio))",
      "\t\t\t\tcontinue;",
      "\t\t\tfolio_lock(folio);",
      "\t\t\ttruncate_inode_folio(mapping, folio);",
      "\t\t\tfolio_unlock(folio);",
      "\t\t}",
      "\t\tfolio_batch_release(&fbatch);",
      "\t}",
      "}",
    ]
    return lines.filter { line in deleted.map { !line.contains($0) } ?? true }
      .joined(separator: "\n")
  }

  /// As written: every folio read out of the locked batch is unlocked, a value entry holds no
  /// lock, and the batch refilled by find_get_entries() gives its folios none.
  @Test func aLockedBatchWhoseFoliosAreUnlockedEachRoundIsClean() throws {
    let result = try analyzeFragment(Self.undoRange())
    _ = try WalkCoverageTests.walkedWhole(result, "undo_range")
    #expect(!result.findings.contains { $0.rule == .lockImbalance })
  }

  /// The first loop's `folio_unlock()` deleted: the folio find_lock_entries() locked stays
  /// locked when the loop goes on to the next folio of the batch.
  @Test func aFolioOfALockedBatchStillLockedAtTheRoundsEndIsAnImbalance() throws {
    let result = try analyzeFragment(Self.undoRange(deleting: "batch unlock"))
    _ = try WalkCoverageTests.walkedWhole(result, "undo_range")
    let imbalance = try #require(
      result.findings.first { $0.rule == .lockImbalance && $0.message.contains("taken off fbatch") }
    )
    #expect(imbalance.line == 15)
    #expect(imbalance.message.contains("find_lock_entries() at 12"))
  }
}
