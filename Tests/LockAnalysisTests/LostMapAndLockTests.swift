import LockAnalysis
import Testing

/// Bugs planted in real mm/ functions (`make mutation-check`) where a map or a lock is left
/// behind: `spin_unlock()` where `pte_unmap_unlock()` was meant on the caller's map, a map or a
/// lock whose name is given the next one while it is still held, and exits that return the
/// same zero value written two ways. Each test also checks the function was walked whole.
@Suite struct LostMapAndLockTests {
  /// `do_numa_page()` with one `pte_unmap_unlock(vmf->pte, vmf->ptl)` turned into
  /// `spin_unlock(vmf->ptl)`: the caller's map stays mapped on that path, while the other
  /// `return 0` unmaps it.
  @Test func aSpinUnlockOfTheCallersMapLockLeavesTheMapMapped() throws {
    let result = try analyzeFragment(
      """
      static vm_fault_t numa_page(struct vm_fault *vmf)
      {
      \tspin_lock(vmf->ptl);
      \tif (unlikely(!pte_same(ptep_get(vmf->pte), vmf->orig_pte))) {
      \t\tpte_unmap_unlock(vmf->pte, vmf->ptl);
      \t\treturn 0;
      \t}
      \tspin_unlock(vmf->ptl);
      \tmigrate_misplaced(vmf);
      \treturn 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "numa_page")
    let left = try #require(result.findings.first { $0.rule == .missingPTEUnmap })
    #expect(left.line == 8)
    #expect(left.message.contains("caller's PTE map vmf->pte"))
  }

  /// `migration_entry_wait_on_locked()`: a NULL map pointer is unlocked without an unmap, and a
  /// same-file callee that ends in `pte_unmap_unlock(vmf->pte, vmf->ptl)` (`wp_page_reuse()`)
  /// unmaps with the lock: neither forgets the map.
  @Test func aNullMapOrACalleeThatUnmapsIsNoForgottenUnmap() throws {
    let result = try analyzeFragment(
      """
      static void wait_on_locked(swp_entry_t entry, pte_t *ptep, spinlock_t *ptl)
      {
      \tif (ptep)
      \t\tpte_unmap_unlock(ptep, ptl);
      \telse
      \t\tspin_unlock(ptl);
      \tio_schedule();
      }

      static void reuse(struct vm_fault *vmf)
      {
      \tupdate_mmu(vmf);
      \tpte_unmap_unlock(vmf->pte, vmf->ptl);
      }

      static vm_fault_t pfn_shared(struct vm_fault *vmf)
      {
      \tif (vmf->flags & FAULT_FLAG_UNSHARE) {
      \t\tpte_unmap_unlock(vmf->pte, vmf->ptl);
      \t\treturn 0;
      \t}
      \treuse(vmf);
      \treturn 0;
      }
      """)
    for name in ["wait_on_locked", "pfn_shared"] {
      _ = try WalkCoverageTests.walkedWhole(result, name)
    }
    #expect(!result.findings.contains { $0.rule == .missingPTEUnmap })
  }

  /// `follow_page_pte()` with `pte_unmap_unlock(ptep, ptl)` before `goto retry` turned into
  /// `spin_unlock(ptl)`: the next round maps `ptep` again while the first map is still held.
  @Test func aMapStillHeldWhenItsNameIsMappedAgainIsLost() throws {
    let result = try analyzeFragment(
      """
      static struct page *follow_pte(struct mm_struct *mm, pmd_t *pmd, unsigned long address)
      {
      \tspinlock_t *ptl;
      \tpte_t *ptep;
      retry:
      \tptep = pte_offset_map_lock(mm, pmd, address, &ptl);
      \tif (!ptep)
      \t\treturn NULL;
      \tif (!pte_present(ptep_get(ptep))) {
      \t\tspin_unlock(ptl);
      \t\tmigration_entry_wait(mm, pmd, address);
      \t\tgoto retry;
      \t}
      \tpte_unmap_unlock(ptep, ptl);
      \treturn NULL;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "follow_pte")
    let lost = try #require(result.findings.first { $0.rule == .missingPTEUnmap })
    #expect(lost.message.contains("is given a new map at 6"))
  }

  /// `follow_pfnmap_start()` without the `spin_unlock(lock)` before `goto retry`: the next
  /// round's `lock = pud_lock(…)` names a new lock while the first is held. The first is lost
  /// (a finding), and the walk ends: the rounds do not pile up locks until a bound.
  @Test func aLockStillHeldWhenItsNameIsGivenTheNextLockIsLost() throws {
    let result = try analyzeFragment(
      """
      static int pfnmap_start(struct mm_struct *mm, pud_t *pudp, struct args *args)
      {
      \tspinlock_t *lock;
      \tpud_t pud;
      retry:
      \tpud = pudp_get(pudp);
      \tif (!pud_present(pud))
      \t\treturn -EINVAL;
      \tlock = pud_lock(mm, pudp);
      \tpud = pudp_get(pudp);
      \tif (unlikely(!pud_leaf(pud)))
      \t\tgoto retry;
      \targs->lock = lock;
      \treturn 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "pfnmap_start")
    let lost = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(lost.line == 9)
    #expect(lost.message.contains("nothing can release the first lock"))
  }

  /// `folio_walk_start()` (named for returning holding its lock) with an early `return 0`
  /// under `pud_lock()`: `return 0` and the `return NULL` that released it are one value.
  @Test func returnZeroAndReturnNullLeaveTheSameWay() throws {
    let result = try analyzeFragment(
      """
      struct folio *walk_start(struct folio_walk *fw, struct vm_area_struct *vma, pud_t *pudp)
      {
      \tspinlock_t *ptl;
      \tpud_t pud;
      \tptl = pud_lock(vma->vm_mm, pudp);
      \tif (fatal_signal_pending(current))
      \t\treturn 0;
      \tpud = pudp_get(pudp);
      \tif (!pud_present(pud)) {
      \t\tspin_unlock(ptl);
      \t\treturn NULL;
      \t}
      \tfw->ptl = ptl;
      \treturn page_folio(pud_page(pud));
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "walk_start")
    let leak = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(leak.message.contains("returns 0"))
  }

  /// `sys_brk()` without the `mmap_write_unlock(mm)` of `success:`: a system call returns
  /// `long`, so `return brk;` beside `return origbrk;` says nothing of `mmap_lock`.
  @Test func aSystemCallReturningAVariableTellsItsCallerNothingOfItsLocks() throws {
    let result = try analyzeFragment(
      """
      SYSCALL_DEFINE1(brk, unsigned long, brk)
      {
      \tstruct mm_struct *mm = current->mm;
      \tunsigned long origbrk;
      \tif (mmap_write_lock_killable(mm))
      \t\treturn -EINTR;
      \torigbrk = mm->brk;
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
    _ = try WalkCoverageTests.walkedWhole(result, "sys_brk")
    let leak = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(leak.message.contains("returns brk"))
  }

  /// `filemap_map_pages()` without its `pte_unmap_unlock()`: `map` in the name of a function
  /// returning `vm_fault_t` says it maps pages into page tables, not that it returns holding a
  /// PTE map; the map kept on every path is a leak (a warning), and so is a map whose lock
  /// alone was released.
  @Test func aFunctionNamedForMappingPagesHandsOnNoPTEMap() throws {
    let kept = try analyzeFragment(
      """
      vm_fault_t map_pages(struct vm_fault *vmf, unsigned long addr)
      {
      \tvmf->pte = pte_offset_map_lock(vmf->vma->vm_mm, vmf->pmd, addr, &vmf->ptl);
      \tif (!vmf->pte)
      \t\treturn 0;
      \tset_ptes(vmf, addr);
      \tspin_unlock(vmf->ptl);
      \treturn VM_FAULT_NOPAGE;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(kept, "map_pages")
    let leak = try #require(kept.findings.first { $0.rule == .missingPTEUnmap })
    #expect(leak.line == 3 && leak.severity == .warning)
  }

  /// `hugetlb_no_page()` without the `folio_unlock()` before `return
  /// hugetlb_handle_userfault(…)`: the same-file callee releases the fault's locks but not the
  /// folio's, so the folio is still locked when the caller returns; a callee given the folio
  /// that unlocks it takes the lock over.
  @Test func aTailCallToACalleeThatReleasesOtherLocksKeepsTheFolioLocked() throws {
    let result = try analyzeFragment(
      """
      static vm_fault_t handle_uffd(struct vm_fault *vmf)
      {
      \tmmap_read_unlock(vmf->vma->vm_mm);
      \treturn VM_FAULT_RETRY;
      }

      static vm_fault_t handle_uffd_folio(struct vm_fault *vmf, struct folio *folio)
      {
      \tfolio_unlock(folio);
      \treturn VM_FAULT_RETRY;
      }

      static vm_fault_t no_page(struct vm_fault *vmf, struct folio *folio)
      {
      \tfolio_lock(folio);
      \tif (userfaultfd_minor(vmf->vma))
      \t\treturn handle_uffd(vmf);
      \tfolio_unlock(folio);
      \treturn 0;
      }

      static vm_fault_t no_page_handing_on(struct vm_fault *vmf, struct folio *folio)
      {
      \tfolio_lock(folio);
      \tif (userfaultfd_minor(vmf->vma))
      \t\treturn handle_uffd_folio(vmf, folio);
      \tfolio_unlock(folio);
      \treturn 0;
      }
      """)
    for name in ["no_page", "no_page_handing_on"] {
      _ = try WalkCoverageTests.walkedWhole(result, name)
    }
    let kept = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(kept.function == "no_page" && kept.line == 15)
    #expect(!result.findings.contains { $0.function == "no_page_handing_on" })
  }

  /// `collapse_pte_mapped_thp()` takes `pml` with `pmd_lock()` at two lines; a leak of the one
  /// taken at the second is not the leak of the first (which the code may already have): one
  /// finding per line that took the lock.
  @Test func aLockTakenAtTwoLinesLeaksOncePerLine() throws {
    let result = try analyzeFragment(
      """
      static int two_sites(struct mm_struct *mm, pmd_t *pmd, bool armed, bool bad)
      {
      \tspinlock_t *pml;
      \tif (armed) {
      \t\tpml = pmd_lock(mm, pmd);
      \t\tif (bad)
      \t\t\treturn 0;
      \t\tspin_unlock(pml);
      \t\treturn 0;
      \t}
      \tpml = pmd_lock(mm, pmd);
      \tif (bad)
      \t\treturn 0;
      \tspin_unlock(pml);
      \treturn 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "two_sites")
    let leaks = result.findings.filter { $0.rule == .lockImbalance }.map(\.line).sorted()
    #expect(leaks == [5, 11])
  }
}
