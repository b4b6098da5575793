import CSyntax
import LockAnalysis
import Testing

/// The false warnings over real 6.12 and 6.1 `mm/` whose causes are fixed in general, each on a
/// small C fragment of the function that showed it, beside the same fragment with the bug the
/// rule is for, so that each test fails if the rule stops looking.
@Suite struct WarningPrecisionTests {
  /// `insert_page_into_pte_locked()`, `remove_migration_pte()`: the reference taken for a new
  /// mapping is handed to the rmap with it, not leaked.
  @Test func aReferenceGivenToTheRmapIsHandedOn() throws {
    let mapped = try analyzeFragment(
      """
      static int insert(struct vm_area_struct *vma, pte_t *pte, struct page *page)
      {
      \tstruct folio *folio = page_folio(page);
      \tfolio_get(folio);
      \tfolio_add_file_rmap_pte(folio, page, vma);
      \tset_pte_at(vma->vm_mm, 0, pte, mk_pte(page, vma->vm_page_prot));
      \treturn 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(mapped, "insert")
    #expect(!mapped.findings.contains { $0.rule == .refImbalance })
    let leaked = try analyzeFragment(
      """
      static int insert(struct vm_area_struct *vma, pte_t *pte, struct page *page)
      {
      \tstruct folio *folio = page_folio(page);
      \tfolio_get(folio);
      \tset_pte_at(vma->vm_mm, 0, pte, mk_pte(page, vma->vm_page_prot));
      \treturn 0;
      }
      """)
    #expect(leaked.findings.contains { $0.rule == .refImbalance && $0.function == "insert" })
  }

  /// `do_wp_page()`: `return wp_page_copy(vmf);` hands the reference on `vmf->page` to the
  /// callee, which drops it.
  @Test func aReferenceGivenToATailCallIsHandedOn() throws {
    let result = try analyzeFragment(
      """
      static vm_fault_t wp(struct vm_fault *vmf)
      {
      \tfolio_get(vmf->page);
      \treturn wp_page_copy(vmf);
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "wp")
    #expect(!result.findings.contains { $0.rule == .refImbalance })
  }

  /// `SetZsPageMovable()`, `z3fold_alloc()`: `WARN_ON(!trylock_page(page));` says the trylock
  /// succeeds, so the unlock after it is no release of a lock never taken.
  @Test func aTrylockAssertedByWarnOnSucceeds() throws {
    let asserted = try analyzeFragment(
      """
      static void movable(struct page *page)
      {
      \tWARN_ON(!trylock_page(page));
      \t__SetPageMovable(page, &ops);
      \tunlock_page(page);
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(asserted, "movable")
    #expect(!asserted.findings.contains { $0.rule == .lockImbalance })
    let unchecked = try analyzeFragment(
      """
      static void movable(struct page *page)
      {
      \tif (!trylock_page(page))
      \t\tpr_warn("busy");
      \t__SetPageMovable(page, &ops);
      \tunlock_page(page);
      }
      """)
    #expect(unchecked.findings.contains { $0.rule == .lockImbalance && $0.line == 6 })
  }

  /// `hugetlb_no_page()`, `collapse_file()`: a folio that a call outside the table returned
  /// (`filemap_lock_folio()`) or stored through `&folio` may come locked; its unlock on that path
  /// is not judged, while a conditional lock released unconditionally still is.
  @Test func anObjectACalleeGaveMayComeLocked() throws {
    let result = try analyzeFragment(
      """
      static int fault(struct address_space *mapping, pgoff_t index, bool wait)
      {
      \tstruct folio *folio;
      \tif (wait) {
      \t\tfolio = filemap_alloc_folio(GFP_KERNEL, 0);
      \t\tfolio_lock(folio);
      \t} else {
      \t\tfolio = filemap_lock_folio(mapping, index);
      \t}
      \tfolio_unlock(folio);
      \treturn 0;
      }

      static int conditional(struct folio *folio, bool wait)
      {
      \tif (wait)
      \t\tfolio_lock(folio);
      \tfolio_unlock(folio);
      \treturn 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "fault")
    #expect(!result.findings.contains { $0.function == "fault" })
    #expect(result.findings.contains { $0.function == "conditional" && $0.rule == .lockImbalance })
  }

  /// 6.1's `apply_to_pte_range()`: `pte_offset_map_lock()` could not fail yet, and the test of
  /// `pte` after the allocating branch's map does not make the other map fallible: the unmap
  /// says the code expects it mapped.
  @Test func anUnmapSaysTheMapSucceeded() throws {
    let result = try analyzeFragment(
      """
      static int apply(struct mm_struct *mm, pmd_t *pmd, unsigned long addr, bool create)
      {
      \tpte_t *pte;
      \tspinlock_t *ptl;
      \tif (create) {
      \t\tpte = pte_alloc_map_lock(mm, pmd, addr, &ptl);
      \t\tif (!pte)
      \t\t\treturn -ENOMEM;
      \t} else {
      \t\tpte = pte_offset_map_lock(mm, pmd, addr, &ptl);
      \t}
      \tpte_unmap_unlock(pte, ptl);
      \treturn 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "apply")
    #expect(!result.findings.contains { $0.severity != .info })
  }

  /// 6.1's `mem_cgroup_count_precharge_pte_range()`, `move_ptes()`: `pte_unmap_unlock(pte - 1,
  /// ptl)` after a loop that advanced `pte` says the same, though `ptl` was tested after
  /// `pmd_trans_huge_lock()` failed.
  @Test func anUnmapOfTheAdvancedPointerSaysTheMapSucceeded() throws {
    let result = try analyzeFragment(
      """
      static int precharge(pmd_t *pmd, struct vm_area_struct *vma, unsigned long addr,
      \t\t\t unsigned long end)
      {
      \tpte_t *pte;
      \tspinlock_t *ptl = pmd_trans_huge_lock(pmd, vma);
      \tif (ptl) {
      \t\tspin_unlock(ptl);
      \t\treturn 0;
      \t}
      \tpte = pte_offset_map_lock(vma->vm_mm, pmd, addr, &ptl);
      \tfor (; addr != end; pte++, addr += PAGE_SIZE)
      \t\tif (target(vma, addr, *pte))
      \t\t\tcount++;
      \tpte_unmap_unlock(pte - 1, ptl);
      \treturn 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "precharge")
    #expect(!result.findings.contains { $0.severity != .info })
  }

  /// `fixup_user_fault()`: `handle_mm_fault()` may drop the caller's `mmap_lock`, and
  /// `mmap_read_lock(mm)` after it takes it back for the caller; `writeout()`: `->writepage()`
  /// unlocks the caller's folio and `folio_lock()` relocks it. A lock taken and kept with no
  /// such callee is still reported.
  @Test func theCallersLockTakenBackIsTheCallers() throws {
    let result = try analyzeFragment(
      """
      static int fixup(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long address)
      {
      \tvm_fault_t ret = handle_mm_fault(vma, address, 0, NULL);
      \tif (ret & VM_FAULT_COMPLETED) {
      \t\tmmap_read_lock(mm);
      \t\treturn 0;
      \t}
      \treturn -EAGAIN;
      }

      static int writeout(struct address_space *mapping, struct folio *folio)
      {
      \tint rc = mapping->a_ops->writepage(&folio->page, &wbc);
      \tif (rc != AOP_WRITEPAGE_ACTIVATE)
      \t\tfolio_lock(folio);
      \treturn rc < 0 ? -EIO : -EAGAIN;
      }

      static int keeps(struct mm_struct *mm)
      {
      \tmmap_read_lock(mm);
      \treturn 0;
      }
      """)
    for name in ["fixup", "writeout"] {
      _ = try WalkCoverageTests.walkedWhole(result, name)
      #expect(!result.findings.contains { $0.function == name })
    }
    #expect(result.findings.contains { $0.function == "keeps" && $0.rule == .lockImbalance })
  }

  /// `collapse_pte_mapped_thp()`: where `pml != ptl` was found false the two names are one
  /// lock; an imbalance that needs them equal (a configuration without split page-table locks,
  /// on a path the code says it cannot take) is a warning that says so, not an error.
  @Test func anImbalanceThatNeedsTwoLocksEqualIsAWarning() throws {
    let result = try analyzeFragment(
      """
      static int collapse(struct mm_struct *mm, pmd_t *pmd, unsigned long haddr, bool uffd)
      {
      \tspinlock_t *pml = NULL, *ptl;
      \tpte_t *start_pte = pte_offset_map_lock(mm, pmd, haddr, &ptl);
      \tif (!start_pte)
      \t\treturn SCAN_FAIL;
      \tpte_unmap_unlock(start_pte, ptl);
      \tif (uffd)
      \t\tpml = pmd_lock(mm, pmd);
      \tstart_pte = pte_offset_map_nolock(mm, pmd, haddr, &ptl);
      \tif (!start_pte)
      \t\tgoto abort;
      \tif (!pml)
      \t\tspin_lock(ptl);
      \telse if (ptl != pml)
      \t\tspin_lock_nested(ptl, SINGLE_DEPTH_NESTING);
      \tif (check(start_pte))
      \t\tgoto abort;
      \tpte_unmap(start_pte);
      \tif (!pml)
      \t\tspin_unlock(ptl);
      \tif (!pml) {
      \t\tpml = pmd_lock(mm, pmd);
      \t\tif (ptl != pml)
      \t\t\tspin_lock_nested(ptl, SINGLE_DEPTH_NESTING);
      \t}
      \tif (ptl != pml)
      \t\tspin_unlock(ptl);
      \tspin_unlock(pml);
      \treturn SCAN_SUCCEED;
      abort:
      \tif (start_pte)
      \t\tpte_unmap_unlock(start_pte, ptl);
      \tif (pml && pml != ptl)
      \t\tspin_unlock(pml);
      \treturn SCAN_FAIL;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "collapse")
    #expect(!result.findings.contains { $0.severity == .error })
    let warning = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(warning.severity == .warning && warning.message.contains("one lock"))
  }

  /// `do_mbind()`: `err = -ENOMEM;` decides the later `if (err)`, so the path that never took
  /// `mmap_lock` does not reach its release.
  @Test func anErrnoIsNeverZero() throws {
    let result = try analyzeFragment(
      """
      static int mbind(struct mm_struct *mm, void *scratch)
      {
      \tint err;
      \tif (scratch) {
      \t\tmmap_write_lock(mm);
      \t\terr = set_nodemask(scratch);
      \t\tif (err)
      \t\t\tmmap_write_unlock(mm);
      \t} else
      \t\terr = -ENOMEM;
      \tif (err)
      \t\treturn err;
      \tqueue_pages(mm);
      \tmmap_write_unlock(mm);
      \treturn 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "mbind")
    #expect(!result.findings.contains { $0.severity != .info })
  }

  /// `move_pages_huge_pmd()`: a path that took a reference on `src_folio` knows it is not NULL,
  /// so `if (src_folio) folio_put(src_folio);` drops it there.
  @Test func aReferenceProvesThePointerIsNotNull() throws {
    let result = try analyzeFragment(
      """
      static int move(struct page *src_page, bool zero)
      {
      \tstruct folio *src_folio;
      \tif (!zero) {
      \t\tsrc_folio = page_folio(src_page);
      \t\tfolio_get(src_folio);
      \t} else
      \t\tsrc_folio = NULL;
      \tflush(src_page);
      \tif (src_folio)
      \t\tfolio_put(src_folio);
      \treturn 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "move")
    #expect(!result.findings.contains { $0.severity != .info })
  }

  /// `__get_hwpoison_page()`, `isolate_folio()`: a function named for taking a reference says by
  /// its return value whether it kept one; a reference kept where another path drops it and
  /// returns the same is still a leak.
  @Test func aGetFunctionSaysByItsValueThatItKeptTheReference() throws {
    let result = try analyzeFragment(
      """
      static int get_hw_page(struct folio *folio, struct page *page)
      {
      \tif (folio_try_get(folio)) {
      \t\tif (folio == page_folio(page))
      \t\t\treturn 1;
      \t\tfolio_put(folio);
      \t}
      \treturn 0;
      }

      static int get_leaky_page(struct folio *folio, bool busy, bool gone)
      {
      \tif (!folio_try_get(folio))
      \t\treturn 0;
      \tif (busy)
      \t\treturn -EBUSY;
      \tif (gone) {
      \t\tfolio_put(folio);
      \t\treturn -EBUSY;
      \t}
      \treturn 1;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "get_hw_page")
    #expect(!result.findings.contains { $0.function == "get_hw_page" })
    #expect(
      result.findings.contains { $0.function == "get_leaky_page" && $0.rule == .refImbalance })
  }

  /// The name lists of the table: exact names and `*` patterns at either end.
  @Test func tableNameListsMatchNamesAndPatterns() throws {
    var table = try PrimitiveTable.builtin()
    try table.add(contentsOf: "my_batch_* keeps-reference\n*_peek reads-only\n", source: "mine.txt")
    let result = Analyzer(table: table).analyze(
      file: SourceFile(
        text: """
          static void queue(struct folio *folio, struct batch *b)
          {
          \tfolio_get(folio);
          \tmy_batch_add(b, folio);
          }
          """, path: "mm/example.c"))
    _ = try WalkCoverageTests.walkedWhole(result, "queue")
    #expect(!result.findings.contains { $0.rule == .refImbalance })
  }
}
