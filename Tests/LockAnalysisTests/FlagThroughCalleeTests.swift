import LockAnalysis
import Testing

/// A callee given a flag's address (`&locked`) may clear it, and a callee that may drop the
/// caller's lock may still take it again before it does: the GUP callers of real `mm/`.
@Suite struct FlagThroughCalleeTests {
  /// 6.1 `madvise_populate()`: `locked = 1`, then `faultin_vma_page_range(…, &locked)`, which
  /// drops `mmap_lock` and clears `locked`; `if (!locked) mmap_read_lock(mm);` takes it back.
  static let populate = """
    static long populate(struct vm_area_struct *vma, unsigned long start, unsigned long end)
    {
    \tstruct mm_struct *mm = vma->vm_mm;
    \tint locked = 1;
    \tlong pages;

    \twhile (start < end) {
    \t\tpages = faultin_vma_page_range(vma, start, end, true, &locked);
    \t\tif (!locked) {
    \t\t\tmmap_read_lock(mm);
    \t\t\tlocked = 1;
    \t\t}
    \t\tif (pages < 0)
    \t\t\treturn pages;
    \t\tstart += pages * PAGE_SIZE;
    \t}
    \treturn 0;
    }
    """

  @Test func aFlagACalleeMayClearIsNotDecidedByItsValueBeforeTheCall() throws {
    let clean = try analyzeFragment(Self.populate)
    #expect(clean.functions.map(\.name) == ["populate"])
    #expect(clean.findings.isEmpty, "\(clean.findings.map(\.message))")
    let walked = clean.functions.first?.after?.paths ?? []
    #expect(walked.contains { path in path.ops.contains { $0.call == "mmap_read_lock" } })

    let twice = try analyzeFragment(
      Self.populate.replacingOccurrences(
        of: "\t\t\tmmap_read_lock(mm);\n",
        with: "\t\t\tmmap_read_lock(mm);\n\t\t\tmmap_read_lock(mm);\n\t\t\tmmap_read_unlock(mm);\n")
    )
    let recursion = try #require(twice.findings.first { $0.rule == .recursiveLock })
    #expect(recursion.severity == .error)
    #expect(recursion.line == 11)
  }

  /// 6.12 `__get_user_pages_locked()` calls `__get_user_pages()` holding `mmap_lock`; the
  /// table says the callee may drop it (VM_FAULT_RETRY), but what the callee's body takes
  /// first is taken while the caller still holds it.
  @Test func aCalleeThatMayDropTheLockIsStillJudgedForTakingItAgain() throws {
    let gup = """
      static long __get_user_pages(struct mm_struct *mm, unsigned long start, int *locked)
      {
      \treturn start ? 1 : 0;
      }

      long get_locked(struct mm_struct *mm, unsigned long start, int *locked)
      {
      \tlong ret;
      \tif (mmap_read_lock_killable(mm))
      \t\treturn -EAGAIN;
      \tret = __get_user_pages(mm, start, locked);
      \tif (*locked)
      \t\tmmap_read_unlock(mm);
      \treturn ret;
      }

      """
    let clean = try analyzeFragment(gup)
    #expect(clean.functions.map(\.name) == ["__get_user_pages", "get_locked"])
    #expect(!clean.findings.contains { $0.rule == .recursiveLock })

    let changed = gup.replacingOccurrences(
      of: "\treturn start ? 1 : 0;",
      with: "\tmmap_read_lock(mm);\n\tmmap_read_unlock(mm);\n\treturn start ? 1 : 0;")
    let result = try analyzeCommit(base: ["mm/gup.c": gup], change: ["mm/gup.c": changed])
    let recursion = try #require(result.findings.first { $0.rule == .recursiveLock })
    #expect(recursion.function == "get_locked")
    #expect(recursion.message.contains("__get_user_pages()"))
  }

  /// 6.12 `shmem_swapin_folio()`: `shmem_replace_folio(&folio, …)` may give `folio` another
  /// object, never NULL; the folio locked before it is still known not to be NULL at
  /// `if (folio) folio_unlock(folio);`.
  @Test func aLockedObjectACalleeMayReplaceIsStillNotNull() throws {
    let result = try analyzeFragment(
      """
      static int swapin(struct folio *folio, gfp_t gfp)
      {
      \tint error;

      \tfolio_lock(folio);
      \terror = replace_folio(&folio, gfp);
      \tif (error)
      \t\tgoto unlock;
      \terror = add_folio(folio);
      unlock:
      \tif (folio)
      \t\tfolio_unlock(folio);
      \treturn error;
      }
      """)
    #expect(result.functions.map(\.name) == ["swapin"])
    #expect(result.findings.isEmpty, "\(result.findings.map(\.message))")
  }

  /// 6.12 `vm_brk_flags()`: `do_vmi_munmap(…, 0)` is told to keep `mmap_lock`, so the lock is
  /// still judged after it; given a variable, the callee may drop it.
  @Test func aCalleeToldToKeepTheLockKeepsIt() throws {
    let brk = """
      int brk(struct mm_struct *mm, unsigned long addr, unsigned long len, bool unlock)
      {
      	int ret;
      	if (mmap_write_lock_killable(mm))
      		return -EINTR;
      	ret = do_vmi_munmap(&vmi, mm, addr, len, &uf, 0);
      	if (ret)
      		return ret;
      	mmap_write_unlock(mm);
      	return 0;
      }
      """
    let kept = try analyzeFragment(brk)
    let leak = try #require(kept.findings.first { $0.rule == .lockImbalance })
    #expect(leak.line == 4)
    let told = try analyzeFragment(
      brk.replacingOccurrences(of: "&uf, 0);", with: "&uf, unlock);"))
    #expect(told.functions.map(\.name) == ["brk"])
    #expect(!told.findings.contains { $0.rule == .lockImbalance })
  }
}
