import Foundation
import LockAnalysis
import Testing

/// Bugs planted in real mm/ functions (`make mutation-check`) that the exit rules missed
/// because they took a lock still held at an exit for one the caller gets: stored where the
/// caller cannot see it, in a fault handler's `vmf`, kept by a loop, or carried by a value
/// that says nothing of it. Each is reduced to the kernel pattern that hid it.
@Suite struct HandedOnLockTests {
  /// kill_accessing_process() with `mmap_read_unlock(p->mm)` deleted: `priv.tk.tsk = p`
  /// stores the task in a structure of its own stack, which is gone when it returns, so
  /// the lock is not handed to the caller through it.
  @Test func aStoreIntoALocalStructureHandsNoLockOn() throws {
    let result = try analyzeFragment(
      """
      static int kill_accessing_process(struct task_struct *p, unsigned long pfn)
      {
      \tstruct hwpoison_walk priv = {
      \t\t.pfn = pfn,
      \t};
      \tint ret;

      \tpriv.tk.tsk = p;
      \tif (!p->mm)
      \t\treturn -EFAULT;
      \tmmap_read_lock(p->mm);
      \tret = walk_page_range(p->mm, 0, TASK_SIZE, &hwpoison_walk_ops, &priv);
      \treturn ret > 0 ? -EHWPOISON : 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "kill_accessing_process")
    let imbalance = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(imbalance.message.contains("p->mm->mmap_lock taken by mmap_read_lock()"))
  }

  /// do_huge_pmd_anonymous_page() with one `spin_unlock(vmf->ptl)` deleted: a fault handler
  /// stores the PTL in `vmf->ptl`, but what it returns can say the page is locked
  /// (`VM_FAULT_LOCKED`), never that the PTL is: the exit holding it leaks it.
  @Test func aFaultHandlerHandsNoSpinlockOnThroughItsFaultStructure() throws {
    let result = try analyzeFragment(
      """
      vm_fault_t do_huge_zero_fault(struct vm_fault *vmf)
      {
      \tstruct vm_area_struct *vma = vmf->vma;
      \tvm_fault_t ret = 0;

      \tvmf->ptl = pmd_lock(vma->vm_mm, vmf->pmd);
      \tif (pmd_none(*vmf->pmd)) {
      \t\tret = check_stable_address_space(vma->vm_mm);
      \t\tif (ret) {
      \t\t\tpte_free(vma->vm_mm, vmf->pgtable);
      \t\t} else {
      \t\t\tset_huge_zero_folio(vmf);
      \t\t\tspin_unlock(vmf->ptl);
      \t\t}
      \t} else {
      \t\tspin_unlock(vmf->ptl);
      \t}
      \treturn ret;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "do_huge_zero_fault")
    let imbalance = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(imbalance.severity == .error)
    #expect(imbalance.message.contains("vmf->ptl taken by pmd_lock()"))
  }

  /// _vm_unmap_aliases() with `rcu_read_unlock()` deleted from its per-CPU loop: an RCU read
  /// section belongs to no object a loop could collect, so it is no lock kept on purpose
  /// from round to round, and its nesting does not keep the rounds from meeting.
  @Test func anRCUSectionLeftOpenByALoopIsNoCollection() throws {
    let result = try analyzeFragment(
      """
      static void unmap_aliases(unsigned long start, unsigned long end)
      {
      \tint cpu;

      \tmutex_lock(&vmap_purge_lock);
      \tfor_each_possible_cpu(cpu) {
      \t\tstruct vmap_block_queue *vbq = &per_cpu(vmap_block_queue, cpu);
      \t\tstruct vmap_block *vb;
      \t\tunsigned long idx;

      \t\trcu_read_lock();
      \t\txa_for_each(&vbq->vmap_blocks, idx, vb) {
      \t\t\tspin_lock(&vb->lock);
      \t\t\tvb->dirty_min = 0;
      \t\t\tspin_unlock(&vb->lock);
      \t\t}
      \t}
      \tmutex_unlock(&vmap_purge_lock);
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "unmap_aliases")
    let imbalance = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(imbalance.message.contains("RCU taken by rcu_read_lock()"))
  }

  /// 6.1 fast_find_migrateblock() with `spin_unlock_irqrestore(&cc->zone->lock, flags)`
  /// deleted from its loop: the loop moves on `order` and `area`, never on `cc->zone`, so the
  /// lock the next round takes is the one still held: no collection, a self-deadlock.
  @Test func aLockOnAnObjectTheLoopDoesNotMoveOnIsNoCollection() throws {
    let result = try analyzeFragment(
      """
      static unsigned long find_block(struct compact_control *cc)
      {
      \tunsigned long pfn = cc->migrate_pfn;
      \tint order;

      \tfor (order = cc->order - 1; order >= 0; order--) {
      \t\tstruct free_area *area = &cc->zone->free_area[order];
      \t\tunsigned long flags;

      \t\tif (!area->nr_free)
      \t\t\tcontinue;
      \t\tspin_lock_irqsave(&cc->zone->lock, flags);
      \t\tpfn = scan_free_list(area);
      \t}
      \treturn pfn;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "find_block")
    let again = try #require(
      result.findings.first { $0.rule == .lockImbalance && $0.severity == .error })
    #expect(again.message.contains("takes cc->zone->lock again"))
  }

  /// memtier_hotplug_callback() with one `mutex_unlock(&memory_tier_lock)` deleted: `return
  /// notifier_from_errno(0);` is a conversion the table lists as `reads-only`, no callee that
  /// may release the lock, so both returns leave the same way.
  @Test func aReadsOnlyConversionReturnedIsNoHandOff() throws {
    let result = try analyzeFragment(
      """
      static int tier_callback(struct notifier_block *self, unsigned long action, void *_arg)
      {
      \tstruct memory_notify *arg = _arg;

      \tif (arg->status_change_nid < 0)
      \t\treturn notifier_from_errno(0);
      \tswitch (action) {
      \tcase MEM_OFFLINE:
      \t\tmutex_lock(&memory_tier_lock);
      \t\tclear_node_memory_tier(arg->status_change_nid);
      \t\tmutex_unlock(&memory_tier_lock);
      \t\tbreak;
      \tcase MEM_ONLINE:
      \t\tmutex_lock(&memory_tier_lock);
      \t\tset_node_memory_tier(arg->status_change_nid);
      \t\tbreak;
      \t}
      \treturn notifier_from_errno(0);
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "tier_callback")
    let imbalance = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(imbalance.severity == .error)
    #expect(imbalance.message.contains("memory_tier_lock taken by mutex_lock()"))
  }

  /// hugetlb_fault() with `mutex_unlock(&hugetlb_fault_mutex_table[hash])` deleted before
  /// `return handle_userfault(&vmf, VM_UFFD_WP);`: the table says handle_userfault() may drop
  /// `mmap_lock` (`may-release`), no other lock, so the fault mutex is still held when the
  /// caller gets its result; released before the call, nothing is found.
  @Test func aTailCallThatMayReleaseAnotherClassKeepsTheLock() throws {
    let fragment = """
      static vm_fault_t huge_fault(struct vm_fault *vmf, u32 hash)
      {
      \tvm_fault_t ret;

      \tmutex_lock(&hugetlb_fault_mutex_table[hash]);
      \tif (userfaultfd_wp(vmf->vma)) {
      \t\thugetlb_vma_unlock_read(vmf->vma);
      \t\treturn handle_userfault(vmf, VM_UFFD_WP);
      \t}
      \tret = hugetlb_wp(vmf);
      \tmutex_unlock(&hugetlb_fault_mutex_table[hash]);
      \treturn ret;
      }
      """
    let result = try analyzeFragment(fragment)
    _ = try WalkCoverageTests.walkedWhole(result, "huge_fault")
    let imbalance = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(imbalance.severity == .error)
    #expect(imbalance.message.contains("returns handle_userfault(vmf,VM_UFFD_WP)"))
    let released = try analyzeFragment(
      fragment.replacingOccurrences(
        of: "\t\treturn handle_userfault",
        with: "\t\tmutex_unlock(&hugetlb_fault_mutex_table[hash]);\n\t\treturn handle_userfault"))
    _ = try WalkCoverageTests.walkedWhole(released, "huge_fault")
    #expect(!released.findings.contains { $0.rule == .lockImbalance })
  }

  /// 6.1 shmem_writepage() with `mutex_unlock(&shmem_swaplist_mutex)` deleted: it returns
  /// `AOP_WRITEPAGE_ACTIVATE` holding the mutex, a value the `redirty:` paths that never take
  /// it return too, so the value cannot tell the caller the mutex is held.
  @Test func aValueAlsoReturnedWithoutTheLockCannotSayItIsHeld() throws {
    let result = try analyzeFragment(
      """
      static int swap_out_folio(struct folio *folio, struct writeback_control *wbc)
      {
      \tswp_entry_t swap;

      \tif (!wbc->for_reclaim)
      \t\tgoto redirty;
      \tswap = folio_alloc_swap(folio);
      \tif (!swap.val)
      \t\tgoto redirty;
      \tmutex_lock(&shmem_swaplist_mutex);
      \tif (add_to_swap_cache(folio, swap) == 0) {
      \t\tmutex_unlock(&shmem_swaplist_mutex);
      \t\tswap_writepage(folio, wbc);
      \t\treturn 0;
      \t}
      \tput_swap_folio(folio, swap);
      redirty:
      \tfolio_mark_dirty(folio);
      \tif (wbc->for_reclaim)
      \t\treturn AOP_WRITEPAGE_ACTIVATE;
      \tfolio_unlock(folio);
      \treturn 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "swap_out_folio")
    let imbalance = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(imbalance.severity == .error)
    #expect(imbalance.message.contains("returns AOP_WRITEPAGE_ACTIVATE"))
  }
}
