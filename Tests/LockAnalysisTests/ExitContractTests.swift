import LockAnalysis
import Testing

/// Bugs planted in real mm/ functions (`make mutation-check`) that the exit rules missed, each
/// reduced to the kernel pattern that hid it: a return value that cannot carry the lock
/// state, a test that changes between two calls, a reference lost at a retry, a lock stored
/// in a parameter's structure by a function that releases it itself.
@Suite struct ExitContractTests {
  /// `sys_brk()` with one `mmap_write_unlock()` deleted: it returns `brk` holding the lock and
  /// `origbrk` without it. Neither value can tell the caller the lock is held (the function
  /// returns an address), so the two returns leave the same way.
  @Test func returningAnotherVariableHoldingTheLockIsAnImbalance() throws {
    let result = try analyzeFragment(
      """
      static unsigned long set_brk(struct mm_struct *mm, unsigned long brk)
      {
      \tunsigned long origbrk = mm->brk;
      \tif (mmap_write_lock_killable(mm))
      \t\treturn -EINTR;
      \tif (brk < mm->start_brk)
      \t\tgoto out;
      \tmm->brk = brk;
      \treturn brk;
      out:
      \tmm->brk = origbrk;
      \tmmap_write_unlock(mm);
      \treturn origbrk;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "set_brk")
    let imbalance = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(imbalance.message.contains("mm->mmap_lock"))
    #expect(imbalance.message.contains("returns brk"))
  }

  /// `__migrate_folio_unmap()` returns `MIGRATEPAGE_UNMAP` with both folios locked on purpose:
  /// a code other than 0 or an error may tell the caller what is held.
  @Test func aCodeThatMayMeanLockedIsNotComparedWithAnError() throws {
    let result = try analyzeFragment(
      """
      static int unmap_locked(struct folio *src)
      {
      \tif (!folio_trylock(src))
      \t\treturn -EAGAIN;
      \tif (folio_test_writeback(src)) {
      \t\tfolio_unlock(src);
      \t\treturn -EBUSY;
      \t}
      \treturn MIGRATEPAGE_UNMAP;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "unmap_locked")
    #expect(!result.findings.contains { $0.rule == .lockImbalance })
  }

  /// `madvise_cold_or_pageout_pte_range()` tests `fatal_signal_pending(current)` on entry; an
  /// early exit added later under the same test is still reachable: a signal may arrive in
  /// between (the table lists such tests as `changing-test`).
  @Test func aSignalTestIsNotDecidedByAnEarlierOne() throws {
    let result = try analyzeFragment(
      """
      static int pageout_range(pmd_t *pmd, struct vm_area_struct *vma)
      {
      \tspinlock_t *ptl;
      \tif (fatal_signal_pending(current))
      \t\treturn -EINTR;
      \tptl = pmd_trans_huge_lock(pmd, vma);
      \tif (!ptl)
      \t\treturn 0;
      \tif (fatal_signal_pending(current))
      \t\treturn 0;
      \tspin_unlock(ptl);
      \treturn 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "pageout_range")
    let imbalance = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(imbalance.message.contains("ptl taken by pmd_trans_huge_lock()"))
  }

  /// `filemap_get_entry()` with the `folio_put()` before `goto repeat` deleted: the retry gives
  /// `folio` the next entry while the reference on the old one is still held.
  @Test func aReferenceStillHeldWhenARetryReassignsItsNameIsLost() throws {
    let result = try analyzeFragment(
      """
      static struct folio *get_entry(struct xa_state *xas)
      {
      \tstruct folio *folio;
      \trcu_read_lock();
      repeat:
      \tfolio = xas_load(xas);
      \tif (!folio)
      \t\tgoto out;
      \tif (!folio_try_get(folio))
      \t\tgoto repeat;
      \tif (unlikely(folio != xas_reload(xas)))
      \t\tgoto repeat;
      out:
      \trcu_read_unlock();
      \treturn folio;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "get_entry")
    let lost = try #require(result.findings.first { $0.rule == .refImbalance })
    #expect(lost.message.contains("is lost when folio is given another value"))
  }

  /// `huge_pmd_set_accessed()` stores the lock in `vmf->ptl` and releases it on every return:
  /// an early `return;` still holding it is a leak, not a hand-over to the caller.
  @Test func aLockStoredInAParameterButReleasedOnEveryOtherReturnIsAnImbalance() throws {
    let result = try analyzeFragment(
      """
      static void set_accessed(struct vm_fault *vmf)
      {
      \tvmf->ptl = pmd_lock(vmf->vma->vm_mm, vmf->pmd);
      \tif (unlikely(!pmd_same(*vmf->pmd, vmf->orig_pmd)))
      \t\tgoto unlock;
      \tif (fatal_signal_pending(current))
      \t\treturn;
      \ttouch_pmd(vmf->vma, vmf->address, vmf->pmd);
      unlock:
      \tspin_unlock(vmf->ptl);
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "set_accessed")
    let imbalance = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(imbalance.message.contains("vmf->ptl taken by pmd_lock()"))
  }

  /// `page_vma_mapped_walk()` returns `true` with `pvmw->ptl` held for its caller and `false`
  /// after releasing it: a truth value may carry the lock state.
  @Test func aLockStoredInAParameterAndReturnedWithTrueIsHandedOn() throws {
    let result = try analyzeFragment(
      """
      static bool walk_step(struct page_vma_mapped_walk *pvmw, struct mm_struct *mm)
      {
      \tpvmw->ptl = pmd_lock(mm, pvmw->pmd);
      \tif (!pmd_present(*pvmw->pmd)) {
      \t\tspin_unlock(pvmw->ptl);
      \t\treturn false;
      \t}
      \treturn true;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "walk_step")
    #expect(!result.findings.contains { $0.rule == .lockImbalance })
  }

  /// `get_mem_cgroup_from_folio()` with its `rcu_read_unlock()` deleted: the pointer it
  /// returns does not hand the RCU read section to the caller.
  @Test func anRcuSectionLeftOpenWhenReturningAPointerIsALeak() throws {
    let result = try analyzeFragment(
      """
      struct mem_cgroup *memcg_of(struct folio *folio)
      {
      \tstruct mem_cgroup *memcg = folio_memcg(folio);
      \tif (mem_cgroup_disabled())
      \t\treturn NULL;
      \trcu_read_lock();
      \tif (!memcg || !css_tryget(&memcg->css))
      \t\tmemcg = root_mem_cgroup;
      \treturn memcg;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "memcg_of")
    let leak = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(leak.message.contains("and on every other path that takes it"))
  }

  /// `swap_info_get_cont()` returns `p` holding `p->lock`, and `__get_locked_pte()` says in its
  /// name that it returns locked: both hand the spinlock on.
  @Test func aSpinlockOfTheReturnedObjectOrALockedGetterIsHandedOn() throws {
    let result = try analyzeFragment(
      """
      static struct swap_info_struct *info_get(swp_entry_t entry)
      {
      \tstruct swap_info_struct *p = swp_info(entry);
      \tif (!p)
      \t\treturn NULL;
      \tspin_lock(&p->lock);
      \treturn p;
      }

      static pte_t *get_locked_entry(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
      {
      \tspin_lock(&mm->page_table_lock);
      \treturn pte_offset(pmd, addr);
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "info_get")
    _ = try WalkCoverageTests.walkedWhole(result, "get_locked_entry")
    #expect(!result.findings.contains { $0.rule == .lockImbalance })
  }

  /// `page_vma_mapped_walk()` stores the PTL in its caller's structure and returns true holding
  /// it: the lock is the caller's. An early `return false;` planted while it is held says
  /// "nothing held" beside a `return false;` that released it: that exit leaks the lock.
  @Test func aFalseReturnHoldingALockStoredForTheCallerIsAnImbalance() throws {
    let result = try analyzeFragment(
      """
      static bool walk_pmd(struct page_vma_mapped_walk *pvmw)
      {
      	pvmw->ptl = pmd_lock(pvmw->vma->vm_mm, pvmw->pmd);
      	if (!pmd_present(*pvmw->pmd)) {
      		spin_unlock(pvmw->ptl);
      		return false;
      	}
      	if (fatal_signal_pending(current))
      		return false;
      	return true;
      }

      static bool walk_pmd_whole(struct page_vma_mapped_walk *pvmw)
      {
      	pvmw->ptl = pmd_lock(pvmw->vma->vm_mm, pvmw->pmd);
      	if (!pmd_present(*pvmw->pmd)) {
      		spin_unlock(pvmw->ptl);
      		return false;
      	}
      	return true;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "walk_pmd")
    _ = try WalkCoverageTests.walkedWhole(result, "walk_pmd_whole")
    let imbalance = try #require(
      result.findings.first { $0.rule == .lockImbalance && $0.function == "walk_pmd" })
    #expect(imbalance.message.contains("returns false"))
    #expect(!result.findings.contains { $0.function == "walk_pmd_whole" })
  }
}
