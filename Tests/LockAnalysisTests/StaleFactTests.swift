import LockAnalysis
import Testing

/// What a path found before a call or a concurrent change is not always what holds after it,
/// and a test of a field is a test of what was stored there (`make mutation-check`: deleted
/// releases in `shmem_get_folio_gfp()`, `shmem_undo_range()` and 6.1 `do_wp_page()`, and the
/// put moved before the unlock in 6.12 `filemap_map_pages()`, were missed).
@Suite struct StaleFactTests {
  /// `base` committed, then `base` with `old` replaced by `new`: the change analyzed as a patch.
  static func mutated(_ base: String, _ old: String, _ new: String) throws -> PatchAnalysis {
    let changed = base.replacingOccurrences(of: old, with: new)
    #expect(changed != base, "the mutation applies")
    return try analyzeCommit(base: ["mm/example.c": base], change: ["mm/example.c": changed])
  }

  /// 6.12's `shmem_get_folio_gfp()`: the file's size is asked again under the folio lock
  /// ("Perhaps the file has been truncated since we checked"), and that path unlocks.
  static let sizeAskedAgain = """
    static int get_folio(struct inode *inode, pgoff_t index, int sgp, struct folio **foliop)
    {
    \tstruct folio *folio;
    \tint error;
    \tif (((loff_t)index << PAGE_SHIFT) >= i_size_read(inode))
    \t\treturn -EINVAL;
    \tfolio = filemap_get_entry(inode->i_mapping, index);
    \tif (!folio)
    \t\treturn -ENOENT;
    \tfolio_lock(folio);
    \tif (sgp == SGP_READ) {
    \t\tfolio_unlock(folio);
    \t\tfolio_put(folio);
    \t\t*foliop = NULL;
    \t\treturn 0;
    \t}
    \tif (((loff_t)index << PAGE_SHIFT) >= i_size_read(inode)) {
    \t\terror = -EINVAL;
    \t\tgoto unlock;
    \t}
    \t*foliop = folio;
    \treturn 0;
    unlock:
    \tfolio_unlock(folio);
    \tfolio_put(folio);
    \treturn error;
    }

    """

  @Test func aFileSizeAskedAgainUnderTheLockIsNotDecidedByTheFirstAsk() throws {
    let result = try Self.mutated(
      Self.sizeAskedAgain, "unlock:\n\tfolio_unlock(folio);\n", "unlock:\n")
    _ = try WalkCoverageTests.walkedWhole(result, "get_folio")
    #expect(
      result.findings.contains {
        $0.rule == .lockImbalance && $0.severity == .error && $0.line == 10
          && $0.message.contains("-EINVAL")
      }, "\(result.findings)")
  }

  @Test func aFileSizeAskedAgainWithTheUnlockOnThatPathIsBalanced() throws {
    let result = try analyzeFragment(Self.sizeAskedAgain)
    _ = try WalkCoverageTests.walkedWhole(result, "get_folio")
    #expect(result.findings.filter { $0.severity != .info }.isEmpty, "\(result.findings)")
  }

  /// 6.12's `shmem_undo_range()`: `truncate_inode_partial_folio()` may split the large folio,
  /// so `folio_test_large(folio)` is asked again after it, and that branch unlocks and stops.
  static let splitFolio = """
    static void undo(struct address_space *mapping, struct folio_batch *fbatch, loff_t lstart,
    \t\t loff_t lend)
    {
    \tint i;
    \tfor (i = 0; i < folio_batch_count(fbatch); i++) {
    \t\tstruct folio *folio = fbatch->folios[i];
    \t\tfolio_lock(folio);
    \t\tif (!folio_test_large(folio)) {
    \t\t\ttruncate_inode_folio(mapping, folio);
    \t\t} else if (truncate_inode_partial_folio(folio, lstart, lend)) {
    \t\t\tif (!folio_test_large(folio)) {
    \t\t\t\tfolio_unlock(folio);
    \t\t\t\tbreak;
    \t\t\t}
    \t\t}
    \t\tfolio_unlock(folio);
    \t}
    }

    """

  @Test func aSplitMakesTheLargeFolioTestAskedAgain() throws {
    let result = try Self.mutated(
      Self.splitFolio, "\t\t\t\tfolio_unlock(folio);\n\t\t\t\tbreak;", "\t\t\t\tbreak;")
    _ = try WalkCoverageTests.walkedWhole(result, "undo")
    let leak = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(leak.line == 7 && leak.severity != .info, "\(leak)")
  }

  @Test func aSplitFolioUnlockedOnEveryBranchIsBalanced() throws {
    let result = try analyzeFragment(Self.splitFolio)
    _ = try WalkCoverageTests.walkedWhole(result, "undo")
    #expect(result.findings.filter { $0.severity != .info }.isEmpty, "\(result.findings)")
  }

  /// 6.12's `filemap_map_pages()`: `vmf->pte = pte_offset_map_lock(…)` finds no page table
  /// when `!vmf->pte`, and that branch drops the folio it holds; a test of the field is a test
  /// of the map stored there.
  static let mapInField = """
    vm_fault_t map_pages(struct vm_fault *vmf, struct address_space *mapping, pgoff_t index)
    {
    \tstruct folio *folio = filemap_get_folio(mapping, index);
    \tif (IS_ERR(folio))
    \t\treturn 0;
    \tfolio_lock(folio);
    \tvmf->pte = pte_offset_map_lock(vmf->vma->vm_mm, vmf->pmd, vmf->address, &vmf->ptl);
    \tif (!vmf->pte) {
    \t\tfolio_unlock(folio);
    \t\tfolio_put(folio);
    \t\treturn 0;
    \t}
    \tfolio_unlock(folio);
    \tfolio_put(folio);
    \tpte_unmap_unlock(vmf->pte, vmf->ptl);
    \treturn VM_FAULT_NOPAGE;
    }

    """

  @Test func aMapStoredInAFieldTestedThereMayHaveFailed() throws {
    let result = try Self.mutated(
      Self.mapInField, "\t\tfolio_unlock(folio);\n\t\tfolio_put(folio);\n\t\treturn 0;",
      "\t\tfolio_put(folio);\n\t\tfolio_unlock(folio);\n\t\treturn 0;")
    _ = try WalkCoverageTests.walkedWhole(result, "map_pages")
    let put = try #require(result.findings.first { $0.rule == .putBeforeUnlock })
    #expect(put.line == 9 && put.severity != .info, "\(put)")
  }

  @Test func aMapStoredInAFieldWithTheUnlockFirstIsClean() throws {
    let result = try analyzeFragment(Self.mapInField)
    _ = try WalkCoverageTests.walkedWhole(result, "map_pages")
    #expect(result.findings.filter { $0.severity != .info }.isEmpty, "\(result.findings)")
  }

  /// 6.1's `do_wp_page()`: it stores `vmf->page` and locks its folio, but never returns
  /// `VM_FAULT_LOCKED`, so the lock is not handed to the fault path: a `goto copy` still
  /// holding it leaks it.
  static let faultHandler = """
    static vm_fault_t wp_copy(struct vm_fault *vmf)
    {
    \tvmf->pte = pte_offset_map_lock(vmf->vma->vm_mm, vmf->pmd, vmf->address, &vmf->ptl);
    \tpte_unmap_unlock(vmf->pte, vmf->ptl);
    \tput_page(vmf->page);
    \treturn 0;
    }
    static vm_fault_t do_wp(struct vm_fault *vmf)
    \t__releases(vmf->ptl)
    {
    \tstruct folio *folio;
    \tvmf->page = vm_normal_page(vmf->vma, vmf->address, vmf->orig_pte);
    \tif (!vmf->page) {
    \t\tpte_unmap_unlock(vmf->pte, vmf->ptl);
    \t\treturn 0;
    \t}
    \tfolio = page_folio(vmf->page);
    \tif (!folio_trylock(folio))
    \t\tgoto copy;
    \tif (folio_ref_count(folio) != 1) {
    \t\tfolio_unlock(folio);
    \t\tgoto copy;
    \t}
    \tfolio_unlock(folio);
    \tpte_unmap_unlock(vmf->pte, vmf->ptl);
    \treturn 0;
    copy:
    \tget_page(vmf->page);
    \tpte_unmap_unlock(vmf->pte, vmf->ptl);
    \treturn wp_copy(vmf);
    }

    """

  @Test func aFaultHandlerThatNeverSaysLockedHandsNoPageLockOn() throws {
    let result = try Self.mutated(
      Self.faultHandler, "\t\tfolio_unlock(folio);\n\t\tgoto copy;", "\t\tgoto copy;")
    _ = try WalkCoverageTests.walkedWhole(result, "do_wp")
    let leak = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(leak.line == 18 && leak.severity == .error, "\(leak)")
    #expect(leak.message.contains("wp_copy(vmf)"))
  }

  @Test func aFaultHandlerThatUnlocksBeforeItsTailCallIsBalanced() throws {
    let result = try analyzeFragment(Self.faultHandler)
    _ = try WalkCoverageTests.walkedWhole(result, "do_wp")
    #expect(!result.findings.contains { $0.rule == .lockImbalance }, "\(result.findings)")
  }
}
