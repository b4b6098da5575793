import LockAnalysis
import Testing

/// A loop that collects locked objects on purpose tells the kept ones apart by what it records
/// (`mpfn = 0` where it keeps nothing): a round that records what the round whose trylock
/// failed records, and still holds the lock, keeps it for nobody. A bug planted in the real
/// 6.12 migrate_vma_collect_pmd() (`make mutation-check`) went unseen: no round released the
/// lock any more, and its exits already held the collected locks before the patch.
@Suite struct CollectingLoopRoundTests {
  /// migrate_vma_collect_pmd() (6.12.117), reduced: each locked folio is handed on in
  /// `migrate->src[]` by its pfn; where the anon rmap cannot be shared the folio is unlocked
  /// and `mpfn = 0` records nothing.
  static func collect(deleting deleted: String? = nil) -> String {
    let lines = [
      "static int collect(struct migrate_vma *migrate, unsigned long start, unsigned long end)",
      "{",
      "\tunsigned long addr;",
      "",
      "\tfor (addr = start; addr < end; addr += PAGE_SIZE) {",
      "\t\tstruct folio *folio;",
      "\t\tunsigned long mpfn;",
      "",
      "\t\tfolio = vm_normal_folio(migrate->vma, addr);",
      "\t\tif (!folio) {",
      "\t\t\tmpfn = 0;",
      "\t\t\tgoto next;",
      "\t\t}",
      "\t\tmpfn = migrate_pfn(folio_pfn(folio)) | MIGRATE_PFN_MIGRATE;",
      "\t\tfolio_get(folio);",
      "\t\tif (folio_trylock(folio)) {",
      "\t\t\tif (folio_try_share_anon_rmap_pte(folio, page)) {",
      "\t\t\t\tfolio_unlock(folio); /* share unlock */",
      "\t\t\t\tfolio_put(folio);",
      "\t\t\t\tmpfn = 0;",
      "\t\t\t\tgoto next;",
      "\t\t\t}",
      "\t\t\tmigrate->cpages++;",
      "\t\t\tfolio_put(folio);",
      "\t\t} else {",
      "\t\t\tfolio_put(folio);",
      "\t\t\tmpfn = 0;",
      "\t\t}",
      "next:",
      "\t\tmigrate->src[migrate->npages++] = mpfn;",
      "\t}",
      "\treturn 0;",
      "}",
    ]
    return lines.filter { line in deleted.map { !line.contains($0) } ?? true }
      .joined(separator: "\n")
  }

  /// The unlock where the rmap cannot be shared deleted, as a patch: the round that records
  /// `mpfn = 0`, as the failed trylock's does, still holds the folio's lock.
  @Test func aLockKeptByARoundThatRecordsWhatAFailedTrylockRecordsIsAnImbalance() throws {
    let result = try analyzeCommit(
      base: ["mm/collect.c": Self.collect()],
      change: ["mm/collect.c": Self.collect(deleting: "share unlock")])
    let function = try #require(result.functions.first { $0.name == "collect" })
    #expect(function.after?.truncated == false)
    let imbalance = try #require(
      result.findings.first {
        $0.rule == .lockImbalance && $0.message.contains("records what the path whose")
      })
    #expect(imbalance.line == 16)
    #expect(imbalance.message.contains("folio_trylock() at 16 failed"))
  }

  /// As written: the kept folios are handed on by their pfn; the one not handed on is unlocked.
  @Test func aCollectingLoopThatUnlocksWhatItDoesNotRecordIsClean() throws {
    let result = try analyzeFragment(Self.collect())
    _ = try WalkCoverageTests.walkedWhole(result, "collect")
    #expect(!result.findings.contains { $0.message.contains("records what the path whose") })
  }
}
