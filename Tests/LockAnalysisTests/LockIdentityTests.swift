import LockAnalysis
import Testing

/// Which lock a path holds: two locks whose fields share a name are two classes, the same
/// `mmap_lock` through two names is one, a lock taken into a new name is held under it, two
/// names a test found equal are one lock, a lock handed out through an out-parameter is the
/// caller's, and a lock given up when its name is given the next lock is lost.
@Suite struct LockIdentityTests {
  /// svm_range_restore_work(): two mutexes whose field is `lock` are two lock classes; the
  /// same `mmap_lock` through two names is one.
  @Test func twoMutexesNamedLockAreNotARecursionButMmapLockTwiceIs() throws {
    let result = try analyzeFragment(
      """
      static void restore(struct kfd_process_info *process_info, struct svm_range_list *svms)
      {
      \tmutex_lock(&process_info->lock);
      \tmutex_lock(&svms->lock);
      \tmutex_unlock(&svms->lock);
      \tmutex_unlock(&process_info->lock);
      }

      static void twice(struct vm_area_struct *vma, struct mm_struct *mm)
      {
      \tmmap_read_lock(mm);
      \tmmap_read_lock(vma->vm_mm);
      \tmmap_read_unlock(vma->vm_mm);
      \tmmap_read_unlock(mm);
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "restore")
    #expect(!result.findings.contains { $0.rule == .recursiveLock && $0.function == "restore" })
    #expect(result.findings.contains { $0.rule == .recursiveLock && $0.function == "twice" })
  }

  /// `ptl = pmd_lock(mm, pmd)`: the lock is held under the name the statement gave it.
  @Test func aLockTakenIntoANewNameIsHeld() throws {
    let result = try analyzeFragment(
      """
      static void split(struct vm_area_struct *vma, pmd_t *pmd)
      {
      \tspinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);
      \tmight_sleep();
      \tspin_unlock(ptl);
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "split")
    #expect(result.rules(severity: .error) == [.sleepUnderSpinlock])
  }

  /// A patch that makes a callee take mmap_lock: the caller that holds it is judged again.
  @Test func aCalleeThatNowTakesMmapLockDeadlocksItsCaller() throws {
    let callee = """
      static int walk_one(struct mm_struct *mm, unsigned long addr)
      {
      \treturn addr ? 1 : 0;
      }

      int walk(struct mm_struct *mm, unsigned long addr)
      {
      \tint ret;
      \tmmap_read_lock(mm);
      \tret = walk_one(mm, addr);
      \tmmap_read_unlock(mm);
      \treturn ret;
      }

      """
    let changed = callee.replacingOccurrences(
      of: "\treturn addr ? 1 : 0;",
      with: "\tmmap_read_lock(mm);\n\tmmap_read_unlock(mm);\n\treturn 1;")
    let result = try analyzeCommit(base: ["mm/walk.c": callee], change: ["mm/walk.c": changed])
    let recursion = try #require(result.findings.first { $0.rule == .recursiveLock })
    #expect(recursion.function == "walk")
    #expect(recursion.severity == .error)
  }

  /// zpool_get_driver(): a spinlock kept at `return got ? driver : NULL` beside the exit that
  /// released it is a leak whatever the return says; a lock handed out through `*ptlp`
  /// (follow_pte()) is the caller's.
  @Test func aSpinlockIsNotHandedOnThroughAReturnValueButThroughAnOutParameterIs() throws {
    let result = try analyzeFragment(
      """
      static struct driver *find_driver(const char *type)
      {
      \tstruct driver *driver;
      \tspin_lock(&drivers_lock);
      \tlist_for_each_entry(driver, &drivers_head, list) {
      \t\tif (!strcmp(driver->type, type)) {
      \t\t\tbool got = try_module_get(driver->owner);
      \t\t\treturn got ? driver : NULL;
      \t\t}
      \t}
      \tspin_unlock(&drivers_lock);
      \treturn NULL;
      }

      static int walk_pte(struct mm_struct *mm, pmd_t *pmd, unsigned long address,
      \t\tpte_t **ptepp, spinlock_t **ptlp)
      {
      \tpte_t *ptep = pte_offset_map_lock(mm, pmd, address, ptlp);
      \tif (!pte_present(*ptep)) {
      \t\tpte_unmap_unlock(ptep, *ptlp);
      \t\treturn -EINVAL;
      \t}
      \t*ptepp = ptep;
      \treturn 0;
      }
      """)
    for name in ["find_driver", "walk_pte"] { _ = try WalkCoverageTests.walkedWhole(result, name) }
    #expect(
      result.findings.contains {
        $0.function == "find_driver" && $0.rule == .lockImbalance && $0.severity == .error
      })
    #expect(!result.findings.contains { $0.function == "walk_pte" && $0.rule == .lockImbalance })
  }

  /// hugepage_subpool_get_pages() without its unlock: `get` in a name hands on references,
  /// not locks; and a spinlock taken again on the same path deadlocks on itself.
  @Test func aGetterKeepsNoLockAndASpinlockIsNotTakenTwice() throws {
    let result = try analyzeFragment(
      """
      static long subpool_get_pages(struct subpool *spool, long delta)
      {
      \tlong ret = delta;
      \tspin_lock_irq(&spool->lock);
      \tif (spool->used + delta > spool->max)
      \t\tret = -ENOMEM;
      \telse
      \t\tspool->used += delta;
      \treturn ret;
      }

      static void demote(struct hstate *h)
      {
      \tspin_lock_irq(&hugetlb_lock);
      \tdemote_one(h);
      \tspin_lock_irq(&hugetlb_lock);
      \tspin_unlock_irq(&hugetlb_lock);
      }
      """)
    for name in ["subpool_get_pages", "demote"] {
      _ = try WalkCoverageTests.walkedWhole(result, name)
    }
    #expect(
      result.findings.contains { $0.function == "subpool_get_pages" && $0.rule == .lockImbalance })
    let twice = try #require(result.findings.first { $0.function == "demote" })
    #expect(twice.rule == .lockImbalance && twice.severity == .error)
    #expect(twice.message.contains("again while this path still holds it"))
  }

  /// `collapse_pte_mapped_thp()`: where `ptl != pml` was found false, the two names are one
  /// lock, and `spin_unlock(ptl)` releases the `pml` taken by `pmd_lock()`.
  @Test func twoLockNamesFoundEqualAreOneLock() throws {
    let result = try analyzeFragment(
      """
      static void retract(struct mm_struct *mm, pmd_t *pmd, spinlock_t *ptl)
      {
      \tspinlock_t *pml = pmd_lock(mm, pmd);
      \tif (ptl != pml)
      \t\tspin_lock_nested(ptl, SINGLE_DEPTH_NESTING);
      \tpmd_clear(pmd);
      \tspin_unlock(ptl);
      \tif (ptl != pml)
      \t\tspin_unlock(pml);
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "retract")
    #expect(!result.findings.contains { $0.severity != .info })
  }
}
