import LockAnalysis
import Testing

/// Page-cache lookups that return the folio locked (`filemap_lock_folio()`,
/// `filemap_lock_hugetlb_folio()`, 6.1's `find_lock_page()`): the table says
/// `success=nonerror`, so the folio is locked on the path where the result is neither NULL nor
/// an error pointer, and only there (`make mutation-check`: `hugetlb_no_page()` with an unlock
/// deleted was missed while the lookup was a call outside the table).
@Suite struct LockedLookupTests {
  /// 6.12's `hugetlb_no_page()`: the folio found in the page cache comes locked; the
  /// userfaultfd-minor branch unlocks it before the tail call to a same-file callee that
  /// releases only the fault mutex, and the allocating branch locks its own new folio.
  static func hugetlbNoPage(unlockBeforeUserfault: Bool) -> String {
    """
    static vm_fault_t hugetlb_handle_userfault(struct vm_fault *vmf, struct address_space *mapping,
    					   unsigned long reason)
    {
    	u32 hash = hugetlb_fault_mutex_hash(mapping, vmf->pgoff);
    	mutex_unlock(&hugetlb_fault_mutex_table[hash]);
    	return handle_userfault(vmf, reason);
    }
    static vm_fault_t hugetlb_no_page(struct address_space *mapping, struct vm_fault *vmf)
    {
    \tstruct vm_area_struct *vma = vmf->vma;
    \tstruct hstate *h = hstate_vma(vma);
    \tvm_fault_t ret = VM_FAULT_SIGBUS;
    \tstruct folio *folio;
    \tfolio = filemap_lock_hugetlb_folio(h, mapping, vmf->pgoff);
    \tif (IS_ERR(folio)) {
    \t\tfolio = alloc_hugetlb_folio(vma, vmf->address, false);
    \t\tif (IS_ERR(folio)) {
    \t\t\tret = vmf_error(PTR_ERR(folio));
    \t\t\tgoto out;
    \t\t}
    \t\tfolio_lock(folio);
    \t} else {
    \t\tif (unlikely(folio_test_hwpoison(folio))) {
    \t\t\tret = VM_FAULT_HWPOISON_LARGE;
    \t\t\tgoto backout_unlocked;
    \t\t}
    \t\tif (userfaultfd_minor(vma)) {
    \(unlockBeforeUserfault ? "\t\t\tfolio_unlock(folio);\n" : "")\
    \t\t\tfolio_put(folio);
    \t\t\treturn hugetlb_handle_userfault(vmf, mapping, VM_UFFD_MINOR);
    \t\t}
    \t}
    \tvmf->ptl = huge_pte_lock(h, vma->vm_mm, vmf->pte);
    \tret = 0;
    \tif (!pte_same(huge_ptep_get(vma->vm_mm, vmf->address, vmf->pte), vmf->orig_pte))
    \t\tgoto backout;
    \thugetlb_add_file_rmap(folio);
    \tfolio_unlock(folio);
    \tspin_unlock(vmf->ptl);
    out:
    \thugetlb_vma_unlock_read(vma);
    \treturn ret;
    backout:
    \tspin_unlock(vmf->ptl);
    backout_unlocked:
    \tfolio_unlock(folio);
    \tfolio_put(folio);
    \tgoto out;
    }
    """
  }

  @Test func aFolioTheLookupReturnedLockedIsReleasedOnEveryPath() throws {
    let result = try analyzeFragment(Self.hugetlbNoPage(unlockBeforeUserfault: true))
    _ = try WalkCoverageTests.walkedWhole(result, "hugetlb_no_page")
    #expect(!result.findings.contains { $0.rule == .lockImbalance }, "\(result.findings)")
  }

  @Test func aFolioTheLookupReturnedLockedAndLeftLockedIsAnImbalance() throws {
    let result = try analyzeFragment(Self.hugetlbNoPage(unlockBeforeUserfault: false))
    _ = try WalkCoverageTests.walkedWhole(result, "hugetlb_no_page")
    let leak = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(leak.message.contains("folio"))
  }

  /// 6.1 tests the lookup's NULL (`if (!page)`), 6.12 its error pointer: both are the failure.
  @Test func aLookupThatFoundNothingLockedNothing() throws {
    let result = try analyzeFragment(
      """
      static int collapse_one(struct address_space *mapping, pgoff_t index)
      {
      \tstruct page *page;
      \tstruct folio *folio;
      \tpage = find_lock_page(mapping, index);
      \tif (!page)
      \t\treturn -ENOMEM;
      \tfolio = filemap_lock_folio(mapping, index + 1);
      \tif (IS_ERR_OR_NULL(folio)) {
      \t\tunlock_page(page);
      \t\tput_page(page);
      \t\treturn -EAGAIN;
      \t}
      \tfolio_unlock(folio);
      \tfolio_put(folio);
      \tunlock_page(page);
      \tput_page(page);
      \treturn 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "collapse_one")
    #expect(result.findings.filter { $0.severity != .info }.isEmpty, "\(result.findings)")
  }

  /// 6.1's `unpin_user_pages_dirty_lock()` without its `folio_unlock()`: the lock taken in one
  /// round is still held when the next round gives `folio` the next folio.
  static func unpinDirty(unlock: Bool, collect: Bool) -> String {
    """
    void unpin_dirty(struct page **pages, unsigned long npages, struct list_head *list)
    {
    \tunsigned long i;
    \tstruct folio *folio;
    \tunsigned int nr;
    \tfor (i = 0; i < npages; i += nr) {
    \t\tfolio = gup_folio_next(pages, npages, i, &nr);
    \t\tif (!folio_test_dirty(folio)) {
    \t\t\tfolio_lock(folio);
    \t\t\tfolio_mark_dirty(folio);
    \(collect ? "\t\t\tlist_add_tail(&folio->lru, list);\n" : "")\
    \(unlock ? "\t\t\tfolio_unlock(folio);\n" : "")\
    \t\t}
    \t\tgup_put_folio(folio, nr, FOLL_PIN);
    \t}
    }
    """
  }

  @Test func aFolioStillLockedWhenItsNameMovesOnIsLost() throws {
    let result = try analyzeFragment(Self.unpinDirty(unlock: false, collect: false))
    _ = try WalkCoverageTests.walkedWhole(result, "unpin_dirty")
    let lost = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(lost.line == 9)
    #expect(lost.message.contains("nothing can unlock it any more"))
  }

  @Test func aFolioUnlockedOrCollectedBeforeItsNameMovesOnIsNotLost() throws {
    for (unlock, collect) in [(true, false), (false, true)] {
      let result = try analyzeFragment(Self.unpinDirty(unlock: unlock, collect: collect))
      _ = try WalkCoverageTests.walkedWhole(result, "unpin_dirty")
      #expect(
        !result.findings.contains { $0.message.contains("nothing can unlock it any more") },
        "\(result.findings)")
    }
  }

  /// `lib/test_hmm.c`'s `dmirror_device_evict_chunk()`: each locked page is handed on as a pfn
  /// in `dst_pfns[i]`, unlocked later by the migration; not lost when `dpage` moves on.
  @Test func aLockedPageHandedOnAsAPfnIsNotLost() throws {
    let result = try analyzeFragment(
      """
      static void evict_chunk(unsigned long *src_pfns, unsigned long *dst_pfns, unsigned long npages)
      {
      \tunsigned long i;
      \tfor (i = 0; i < npages; i++) {
      \t\tstruct page *dpage, *spage;
      \t\tspage = migrate_pfn_to_page(src_pfns[i]);
      \t\tif (!spage)
      \t\t\tcontinue;
      \t\tdpage = alloc_page(GFP_HIGHUSER_MOVABLE | __GFP_NOFAIL);
      \t\tlock_page(dpage);
      \t\tcopy_highpage(dpage, spage);
      \t\tdst_pfns[i] = migrate_pfn(page_to_pfn(dpage));
      \t}
      \tmigrate_device_pages(src_pfns, dst_pfns, npages);
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "evict_chunk")
    #expect(
      !result.findings.contains { $0.message.contains("nothing can unlock it any more") },
      "\(result.findings)")
  }

  /// `secretmem_fault()`: a fault handler that returns `VM_FAULT_LOCKED` hands the page it
  /// found locked to its caller, as the return code says.
  @Test func aFaultHandlerReturningLockedHandsTheLockOn() throws {
    let result = try analyzeFragment(
      """
      static vm_fault_t secret_fault(struct vm_fault *vmf, struct address_space *mapping)
      {
      \tstruct page *page;
      \tpage = find_lock_page(mapping, vmf->pgoff);
      \tif (!page)
      \t\treturn VM_FAULT_OOM;
      \tvmf->page = page;
      \treturn VM_FAULT_LOCKED;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "secret_fault")
    #expect(!result.findings.contains { $0.rule == .lockImbalance }, "\(result.findings)")
  }

  /// `shmem_undo_range()`'s partial folio, locked by `shmem_get_partial_folio()` (a table line:
  /// locked, or NULL): without its `folio_unlock()`, `folio = NULL` loses the lock.
  @Test func aLookedUpFolioStillLockedWhenItsNameIsClearedIsLost() throws {
    let result = try analyzeFragment(
      """
      static void undo_range(struct inode *inode, loff_t lstart, loff_t lend)
      {
      \tstruct folio *folio;
      \tpgoff_t start = 0;
      \tfolio = shmem_get_partial_folio(inode, lstart >> PAGE_SHIFT);
      \tif (folio) {
      \t\tfolio_mark_dirty(folio);
      \t\tif (!truncate_inode_partial_folio(folio, lstart, lend))
      \t\t\tstart = folio_next_index(folio);
      \t\tfolio_put(folio);
      \t\tfolio = NULL;
      \t}
      \ttruncate_inode_pages_range(inode->i_mapping, start, lend);
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "undo_range")
    let lost = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(lost.line == 5)
    #expect(lost.message.contains("nothing can unlock it any more"))
  }
}
