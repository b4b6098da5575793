import LockAnalysis
import Testing

/// Bugs planted in real mm/ code (`make mutation-check`) where a lock or a PTE map is still held
/// when the pointer naming it is set to NULL: nothing can release it any more. Each test builds a
/// git repository with the real fragment, commits the planted bug on top and analyzes that
/// commit; the unmutated fragment is walked whole and gives no such finding.
@Suite struct ClearedNameTests {
  /// page_vma_mapped_walk() and map_pte() (6.1.192, trimmed): the PMD lock is dropped and its
  /// name cleared when the THP was split under it, and at a page-table boundary;
  /// `spin_lock(pvmw->ptl)` proves the pointer set, so `if (pvmw->ptl)` there is true on that
  /// path. (The release at the boundary of the lock the caller resumes with, `pvmw->pte` set on
  /// entry, is a warning the fragment had before.)
  static let walk = """
    static bool map_pte(struct page_vma_mapped_walk *pvmw)
    {
    \tpvmw->pte = pte_offset_map(pvmw->pmd, pvmw->address);
    \tif (!pte_present(*pvmw->pte))
    \t\treturn false;
    \tpvmw->ptl = pte_lockptr(pvmw->vma->vm_mm, pvmw->pmd);
    \tspin_lock(pvmw->ptl);
    \treturn true;
    }

    bool page_vma_mapped_walk(struct page_vma_mapped_walk *pvmw)
    {
    \tstruct mm_struct *mm = pvmw->vma->vm_mm;

    \tif (pvmw->pte)
    \t\tgoto next_pte;
    restart:
    \tdo {
    \t\tpvmw->pmd = pmd_offset(pud, pvmw->address);
    \t\tpmde = READ_ONCE(*pvmw->pmd);
    \t\tif (pmd_trans_huge(pmde)) {
    \t\t\tpvmw->ptl = pmd_lock(mm, pvmw->pmd);
    \t\t\tif (pmd_trans_huge(*pvmw->pmd)) {
    \t\t\t\tif (!check_pmd(pmd_pfn(pmde), pvmw))
    \t\t\t\t\treturn not_found(pvmw);
    \t\t\t\treturn true;
    \t\t\t}
    \t\t\tspin_unlock(pvmw->ptl);
    \t\t\tpvmw->ptl = NULL;
    \t\t}
    \t\tif (!map_pte(pvmw))
    \t\t\tgoto next_pte;
    this_pte:
    \t\tif (check_pte(pvmw))
    \t\t\treturn true;
    next_pte:
    \t\tdo {
    \t\t\tpvmw->address += PAGE_SIZE;
    \t\t\tif (pvmw->address >= end)
    \t\t\t\treturn not_found(pvmw);
    \t\t\tif ((pvmw->address & (PMD_SIZE - PAGE_SIZE)) == 0) {
    \t\t\t\tif (pvmw->ptl) {
    \t\t\t\t\tspin_unlock(pvmw->ptl);
    \t\t\t\t\tpvmw->ptl = NULL;
    \t\t\t\t}
    \t\t\t\tpte_unmap(pvmw->pte);
    \t\t\t\tpvmw->pte = NULL;
    \t\t\t\tgoto restart;
    \t\t\t}
    \t\t\tpvmw->pte++;
    \t\t} while (pte_none(*pvmw->pte));
    \t\tif (!pvmw->ptl) {
    \t\t\tpvmw->ptl = pte_lockptr(mm, pvmw->pmd);
    \t\t\tspin_lock(pvmw->ptl);
    \t\t}
    \t\tgoto this_pte;
    \t} while (pvmw->address < end);
    \treturn false;
    }

    """

  @Test func aLockStillHeldWhenItsPointerIsClearedIsLost() throws {
    let clean = try analyzeFragment(Self.walk)
    _ = try WalkCoverageTests.walkedWhole(clean, "page_vma_mapped_walk")
    #expect(!clean.findings.contains { $0.message.contains("set to NULL") })
    for (deleted, taken) in [(28, 22), (43, 53)] {
      let result = try analyzeCommit(
        base: ["mm/page_vma_mapped.c": Self.walk],
        change: ["mm/page_vma_mapped.c": deletingLine(deleted, of: Self.walk)])
      let lost = try #require(
        result.findings.first { $0.rule == .lockImbalance && $0.message.contains("set to NULL") })
      #expect(lost.severity == .warning)
      #expect(lost.line == taken)
      #expect(lost.message.contains("is set to NULL at \(deleted)"))
      #expect(!lost.path.isEmpty)
    }
  }

  /// handle_pte_fault() (6.1.192, trimmed) with the `pte_unmap(vmf->pte)` before `vmf->pte =
  /// NULL` deleted: the map can no longer be unmapped by anyone.
  @Test func aMapStillMappedWhenItsPointerIsClearedIsLost() throws {
    let before = """
      static vm_fault_t handle_pte_fault(struct vm_fault *vmf)
      {
      \tvmf->pte = pte_offset_map(vmf->pmd, vmf->address);
      \tvmf->orig_pte = *vmf->pte;
      \tif (pte_none(vmf->orig_pte)) {
      \t\tpte_unmap(vmf->pte);
      \t\tvmf->pte = NULL;
      \t}
      \tif (!vmf->pte)
      \t\treturn do_fault(vmf);
      \tvmf->ptl = pte_lockptr(vmf->vma->vm_mm, vmf->pmd);
      \tspin_lock(vmf->ptl);
      \tpte_unmap_unlock(vmf->pte, vmf->ptl);
      \treturn 0;
      }

      """
    let clean = try analyzeFragment(before)
    _ = try WalkCoverageTests.walkedWhole(clean, "handle_pte_fault")
    #expect(!clean.findings.contains { $0.rule == .missingPTEUnmap })
    let result = try analyzeCommit(
      base: ["mm/memory.c": before],
      change: [
        "mm/memory.c": before.replacingOccurrences(of: "\t\tpte_unmap(vmf->pte);\n", with: "")
      ])
    let lost = try #require(result.findings.first { $0.rule == .missingPTEUnmap })
    #expect(lost.line == 3)
    #expect(lost.message.contains("vmf->pte is set to NULL at 6"))
  }
}
