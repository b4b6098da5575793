import LockAnalysis
import Testing

/// A function annotated `__must_hold(x)` or `__releases(x)` runs with `x` held from its first
/// line: what it does under that lock is judged as if it had taken it.
@Suite struct HeldOnEntryTests {
  /// hugetlb.c's helpers run under `hugetlb_lock`, a spinlock.
  @Test func aSleepInAFunctionThatMustHoldASpinlockIsASleepUnderIt() throws {
    let result = try analyzeFragment(
      """
      static void remove_folio(struct hstate *h, struct folio *folio)
      	__must_hold(&hugetlb_lock)
      {
      	might_sleep();
      	list_del(&folio->lru);
      }
      """)
    let sleep = try #require(result.findings.first { $0.rule == .sleepUnderSpinlock })
    #expect(sleep.severity == .error)
    #expect(sleep.message.contains("held on entry (__must_hold at 1)"))
  }

  /// nommu.c's `__releases(nommu_region_sem)`: a semaphore may be held across a sleep.
  @Test func aSleepUnderASemaphoreHeldOnEntryIsFine() throws {
    let result = try analyzeFragment(
      """
      static void put_region(struct vm_region *region)
      	__releases(nommu_region_sem)
      {
      	might_sleep();
      	up_write(&nommu_region_sem);
      }
      """)
    #expect(!result.findings.contains { $0.rule == .sleepUnderSpinlock })
  }

  /// memory.c's wp_page_reuse() `__releases(vmf->ptl)`: unlocking it twice is caught.
  @Test func releasingALockHeldOnEntryTwiceIsAnImbalance() throws {
    let result = try analyzeFragment(
      """
      static void reuse(struct vm_fault *vmf, bool again)
      	__releases(vmf->ptl)
      {
      	pte_unmap_unlock(vmf->pte, vmf->ptl);
      	if (again)
      		pte_unmap_unlock(vmf->pte, vmf->ptl);
      }
      """)
    let twice = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(twice.message.contains("a second time"))
  }
}
