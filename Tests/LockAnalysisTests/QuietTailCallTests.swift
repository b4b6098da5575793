import LockAnalysis
import Testing

/// A lock still held at `return helper(…);`, where the helper is a function of the same file
/// that calls nothing that could release it (it only fills arrays), is still held when the
/// caller gets the helper's result. A bug planted in the real 6.12 migrate_vma_collect_pmd()
/// (`make mutation-check`, one of the 30 largest PTL/folio-lock functions) went unseen: every
/// path that took the THP folio's lock left through such a tail call or the PTE loop's
/// `return 0`, so no path released it, and the "held on every path" rule skipped tail calls.
@Suite struct QuietTailCallTests {
  /// migrate_vma_collect_pmd()'s THP branch (6.12.117), reduced, with its two same-file
  /// helpers: `collect_skip()` calls nothing, `collect_hole()` only a `vma_is_*` test and
  /// `collect_skip()`.
  static func collect(deleting deleted: String? = nil) -> String {
    let lines = [
      "static int collect_skip(unsigned long start, unsigned long end, struct migrate_vma *m)",
      "{",
      "\tunsigned long addr;",
      "",
      "\tfor (addr = start; addr < end; addr += PAGE_SIZE)",
      "\t\tm->src[m->npages++] = 0;",
      "\treturn 0;",
      "}",
      "",
      "static int collect_hole(unsigned long start, unsigned long end, struct migrate_vma *m)",
      "{",
      "\tif (!vma_is_anonymous(m->vma))",
      "\t\treturn collect_skip(start, end, m);",
      "\treturn 0;",
      "}",
      "",
      "static int collect_pmd(pmd_t *pmdp, unsigned long start, unsigned long end,",
      "\t\t       struct migrate_vma *m)",
      "{",
      "\tstruct folio *folio;",
      "\tint ret;",
      "",
      "\tif (pmd_none(*pmdp))",
      "\t\treturn collect_hole(start, end, m);",
      "\tfolio = pmd_folio(*pmdp);",
      "\tfolio_get(folio);",
      "\tif (unlikely(!folio_trylock(folio)))",
      "\t\treturn collect_skip(start, end, m);",
      "\tret = split_folio(folio);",
      "\tfolio_unlock(folio); /* split unlock */",
      "\tfolio_put(folio);",
      "\tif (ret)",
      "\t\treturn collect_skip(start, end, m);",
      "\tif (pmd_none(*pmdp))",
      "\t\treturn collect_hole(start, end, m);",
      "\treturn 0;",
      "}",
    ]
    return lines.filter { line in deleted.map { !line.contains($0) } ?? true }
      .joined(separator: "\n")
  }

  /// The unlock after the split deleted, as a patch: every path that took the lock leaves
  /// holding it, through `return collect_skip(…)`, `return collect_hole(…)` or `return 0`.
  @Test func aLockHeldThroughTailCallsThatReleaseNothingIsHeldOnEveryPath() throws {
    let result = try analyzeCommit(
      base: ["mm/collect.c": Self.collect()],
      change: ["mm/collect.c": Self.collect(deleting: "split unlock")])
    let function = try #require(result.functions.first { $0.name == "collect_pmd" })
    #expect(function.after?.truncated == false)
    let imbalance = try #require(
      result.findings.first { $0.rule == .lockImbalance && $0.function == "collect_pmd" })
    #expect(imbalance.line == 27)
    #expect(imbalance.message.contains("on every other path that takes it"))
  }

  /// As written: the lock is released before every return that follows the trylock.
  @Test func aLockReleasedBeforeTheTailCallsIsClean() throws {
    let result = try analyzeFragment(Self.collect())
    _ = try WalkCoverageTests.walkedWhole(result, "collect_pmd")
    #expect(!result.findings.contains { $0.rule == .lockImbalance })
  }
}
