import LockAnalysis
import Testing

/// An exit that returns nothing (0, NULL, an error) while holding a lock, beside one that
/// returns the same having released the lock and gone back to retry: the retried path is the
/// witness (a planted bug of real mm/ code, `make mutation-check`). A `void` function named for
/// returning a lock it took is not judged so. The planted bug is committed on top of the real
/// fragment in a git repository built by the test; the unmutated fragment is walked whole and
/// gives nothing.
@Suite struct RetriedReleaseTests {
  /// 6.12.117 follow_pfnmap_start() (trimmed) with the `spin_unlock(lock)` before `goto out`
  /// under `pmd_lock()` deleted, and folio_memcg_lock() (6.12.117, trimmed), which returns
  /// holding `move_lock` by contract.
  static let text = """
    int follow_pfnmap_start(struct follow_pfnmap_args *args)
    {
    \tstruct vm_area_struct *vma = args->vma;
    \tunsigned long address = args->address;
    \tstruct mm_struct *mm = vma->vm_mm;
    \tspinlock_t *lock;
    \tpud_t *pudp, pud;
    \tpmd_t *pmdp, pmd;
    \tpte_t *ptep, pte;

    retry:
    \tpudp = pud_offset(p4dp, address);
    \tpud = pudp_get(pudp);
    \tif (!pud_present(pud))
    \t\tgoto out;
    \tif (pud_leaf(pud)) {
    \t\tlock = pud_lock(mm, pudp);
    \t\tpud = pudp_get(pudp);
    \t\tif (unlikely(!pud_present(pud))) {
    \t\t\tspin_unlock(lock);
    \t\t\tgoto out;
    \t\t} else if (unlikely(!pud_leaf(pud))) {
    \t\t\tspin_unlock(lock);
    \t\t\tgoto retry;
    \t\t}
    \t\tpfnmap_args_setup(args, lock, NULL, pud_pfn(pud));
    \t\treturn 0;
    \t}
    \tpmdp = pmd_offset(pudp, address);
    \tpmd = pmdp_get_lockless(pmdp);
    \tif (!pmd_present(pmd))
    \t\tgoto out;
    \tif (pmd_leaf(pmd)) {
    \t\tlock = pmd_lock(mm, pmdp);
    \t\tpmd = pmdp_get(pmdp);
    \t\tif (unlikely(!pmd_present(pmd))) {
    \t\t\tspin_unlock(lock);
    \t\t\tgoto out;
    \t\t} else if (unlikely(!pmd_leaf(pmd))) {
    \t\t\tspin_unlock(lock);
    \t\t\tgoto retry;
    \t\t}
    \t\tpfnmap_args_setup(args, lock, NULL, pmd_pfn(pmd));
    \t\treturn 0;
    \t}
    \tptep = pte_offset_map_lock(mm, pmdp, address, &lock);
    \tif (!ptep)
    \t\tgoto out;
    \tpte = ptep_get(ptep);
    \tif (!pte_present(pte))
    \t\tgoto unlock;
    \tpfnmap_args_setup(args, lock, ptep, pte_pfn(pte));
    \treturn 0;
    unlock:
    \tpte_unmap_unlock(ptep, lock);
    out:
    \treturn -EINVAL;
    }

    void folio_memcg_lock(struct folio *folio)
    {
    \tstruct mem_cgroup *memcg;
    \tunsigned long flags;

    \trcu_read_lock();
    again:
    \tmemcg = folio_memcg(folio);
    \tif (unlikely(!memcg))
    \t\treturn;
    \tspin_lock_irqsave(&memcg->move_lock, flags);
    \tif (memcg != folio_memcg(folio)) {
    \t\tspin_unlock_irqrestore(&memcg->move_lock, flags);
    \t\tgoto again;
    \t}
    \tmemcg->move_lock_flags = flags;
    }

    """

  @Test func aReturnOfAnErrorHoldingALockBesideOneThatReleasedBeforeRetrying() throws {
    let result = try analyzePlanted(
      Self.text, as: "mm/memory.c", walking: ["follow_pfnmap_start", "folio_memcg_lock"]
    ) { deletingLine(37, of: $0) }
    let held = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(held.severity == .error)
    #expect(held.line == 34)
    #expect(held.message.contains("returns -EINVAL"))
  }
}
