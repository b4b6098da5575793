import LockAnalysis
import Testing

/// Bugs planted in real mm/ code (`make mutation-check`) on paths the walk only reaches when it
/// asks a test again after a lock is taken, as the kernel does: what was found of a page-table
/// entry before its lock (`guards=` lines of the table: `pmd_lock(mm, pmd)` guards `*pmd`), and
/// tests whose answer changes meanwhile (`changing-test`: `folio_mapped()`). Each planted bug
/// is committed on top of the real fragment in a git repository built by the test; the
/// unmutated fragment is walked whole and gives nothing.
@Suite struct RecheckUnderLockTests {
  /// migrate_vma_collect_pmd() (6.12.117, trimmed) with the `spin_unlock(ptl)` before `goto
  /// again` deleted: `pmd_trans_huge(*pmdp)` is asked again under `pmd_lock(mm, pmdp)`, and the
  /// path where the PMD was split meanwhile leaves through `migrate_vma_collect_hole()` holding
  /// the lock.
  @Test func aTestOfThePMDIsAskedAgainUnderItsLock() throws {
    let before = """
      static int migrate_vma_collect_pmd(pmd_t *pmdp, unsigned long start,
      \t\t\t\t   unsigned long end, struct mm_walk *walk)
      {
      \tstruct mm_struct *mm = walk->vma->vm_mm;
      \tspinlock_t *ptl;
      \tpte_t *ptep;

      again:
      \tif (pmd_none(*pmdp))
      \t\treturn migrate_vma_collect_hole(start, end, -1, walk);

      \tif (pmd_trans_huge(*pmdp)) {
      \t\tptl = pmd_lock(mm, pmdp);
      \t\tif (unlikely(!pmd_trans_huge(*pmdp))) {
      \t\t\tspin_unlock(ptl);
      \t\t\tgoto again;
      \t\t}
      \t\tspin_unlock(ptl);
      \t\tsplit_huge_pmd(walk->vma, pmdp, start);
      \t}

      \tptep = pte_offset_map_lock(mm, pmdp, start, &ptl);
      \tif (!ptep)
      \t\tgoto again;
      \tpte_unmap_unlock(ptep, ptl);
      \treturn 0;
      }

      """
    let result = try analyzePlanted(
      before, as: "mm/migrate_device.c", walking: ["migrate_vma_collect_pmd"]
    ) { deletingLine(15, of: $0) }
    let held = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(held.severity == .error)
    #expect(held.line == 13)
    #expect(held.message.contains("migrate_vma_collect_hole"))
  }

  /// folio_lock_anon_vma_read() (6.12.117, trimmed) with the `up_read()` before `anon_vma =
  /// NULL` deleted: `folio_mapped(folio)` is asked again once the anon_vma is locked, and the
  /// path that finds it unmapped returns NULL holding the lock, where the path that released it
  /// and went back to `retry` returns NULL without it.
  @Test func whetherAFolioIsMappedIsAskedAgainOnceTheAnonVmaIsLocked() throws {
    let before = """
      struct anon_vma *folio_lock_anon_vma_read(struct folio *folio,
      \t\t\t\t\t  struct rmap_walk_control *rwc)
      {
      \tstruct anon_vma *anon_vma = NULL;
      \tstruct anon_vma *root_anon_vma;
      \tunsigned long anon_mapping;

      retry:
      \trcu_read_lock();
      \tanon_mapping = (unsigned long)READ_ONCE(folio->mapping);
      \tif (!folio_mapped(folio))
      \t\tgoto out;

      \tanon_vma = (struct anon_vma *) (anon_mapping - PAGE_MAPPING_ANON);
      \troot_anon_vma = READ_ONCE(anon_vma->root);
      \tif (down_read_trylock(&root_anon_vma->rwsem)) {
      \t\tif (unlikely((unsigned long)READ_ONCE(folio->mapping) !=
      \t\t\t     anon_mapping)) {
      \t\t\tup_read(&root_anon_vma->rwsem);
      \t\t\trcu_read_unlock();
      \t\t\tgoto retry;
      \t\t}
      \t\tif (!folio_mapped(folio)) {
      \t\t\tup_read(&root_anon_vma->rwsem);
      \t\t\tanon_vma = NULL;
      \t\t}
      \t\tgoto out;
      \t}
      \tanon_vma = NULL;
      out:
      \trcu_read_unlock();
      \treturn anon_vma;
      }

      """
    let result = try analyzePlanted(
      before, as: "mm/rmap.c", walking: ["folio_lock_anon_vma_read"]
    ) { deletingLine(24, of: $0) }
    let held = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(held.severity == .error)
    #expect(held.line == 16)
    #expect(held.message.contains("returns NULL"))
  }
}
