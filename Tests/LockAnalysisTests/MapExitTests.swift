import LockAnalysis
import Testing

/// PTE maps left mapped at a return that cannot hand them to the caller, planted in real mm/
/// code (`make mutation-check`): such a return leaves the same way as any other return that
/// unmapped, whatever value each returns (a function not named for returning a map hands a
/// local map on only by storing it or giving it to a call). Each planted bug is committed on
/// top of the real fragment in a git repository built by the test; the unmutated fragment is
/// walked whole and gives nothing.
@Suite struct MapExitTests {
  /// 6.1.192 collapse_huge_page() (trimmed) with the `pte_unmap(pte)` of the failed isolation
  /// deleted: both paths `return result;`, which the paths know differently.
  @Test func aMapKeptAtAReturnOfTheSameVariableBesideOneThatUnmapped() throws {
    let before = """
      static int collapse_huge_page(struct mm_struct *mm, unsigned long address,
      \t\t\t      int referenced, int unmapped,
      \t\t\t      struct collapse_control *cc)
      {
      \tpte_t *pte;
      \tint result;

      \tpte = pte_offset_map(pmd, address);
      \tresult = __collapse_huge_page_isolate(vma, address, pte, cc,
      \t\t\t\t\t      &compound_pagelist);
      \tif (unlikely(result != SCAN_SUCCEED)) {
      \t\tpte_unmap(pte);
      \t\tgoto out_up_write;
      \t}
      \t__collapse_huge_page_copy(pte, hpage, vma, address, pte_ptl,
      \t\t\t\t  &compound_pagelist);
      \tpte_unmap(pte);
      \tresult = SCAN_SUCCEED;
      out_up_write:
      \tmmap_write_unlock(mm);
      \treturn result;
      }

      """
    let result = try analyzePlanted(before, as: "mm/khugepaged.c", walking: ["collapse_huge_page"])
    {
      $0.replacingOccurrences(of: "\t\tpte_unmap(pte);\n", with: "")
    }
    let kept = try #require(result.findings.first { $0.rule == .missingPTEUnmap })
    #expect(kept.severity == .error)
    #expect(kept.line == 8)
  }

  /// 6.12.117 walk_pte_range() (trimmed) with `pte_unmap_unlock(pte, ptl)` turned into
  /// `spin_unlock(ptl)`: the tail call `suitable_to_scan(total, young)` is not given the map.
  @Test func aMapKeptAtATailCallNotGivenItBesideAReturnThatUnmapped() throws {
    let before = """
      static bool walk_pte_range(pmd_t *pmd, unsigned long start, unsigned long end,
      \t\t\t   struct mm_walk *args)
      {
      \tint total = 0, young = 0;
      \tspinlock_t *ptl;
      \tpte_t *pte;

      \tpte = pte_offset_map_nolock(args->mm, pmd, start & PMD_MASK, &ptl);
      \tif (!pte)
      \t\treturn false;
      \tif (!spin_trylock(ptl)) {
      \t\tpte_unmap(pte);
      \t\treturn false;
      \t}
      \tyoung = count_young(pte, &total);
      \tpte_unmap_unlock(pte, ptl);

      \treturn suitable_to_scan(total, young);
      }

      """
    let result = try analyzePlanted(before, as: "mm/vmscan.c", walking: ["walk_pte_range"]) {
      $0.replacingOccurrences(of: "\tpte_unmap_unlock(pte, ptl);", with: "\tspin_unlock(ptl);")
    }
    let kept = try #require(result.findings.first { $0.rule == .missingPTEUnmap })
    #expect(kept.line == 8)
    #expect(kept.message.contains("pte_offset_map_nolock()"))
  }

  /// 6.12.117 hmm_vma_walk_pmd() (trimmed): `hmm_vma_handle_pte()` unmaps the map it is given
  /// when it fails ("hmm_vma_handle_pte() did pte_unmap()"), so `return r;` after it is no leak
  /// beside `return 0;` — a callee the file does not define would leave the map judged.
  @Test func aMapGivenToACalleeThatMayUnmapItIsNotJudgedAtTheReturn() throws {
    let text = """
      static int hmm_vma_handle_pte(struct mm_walk *walk, unsigned long addr,
      \t\t\t      pte_t *ptep, unsigned long *hmm_pfn)
      {
      \tif (pte_none(ptep_get(ptep)))
      \t\treturn 0;
      \tif (hmm_range_need_fault(walk, hmm_pfn)) {
      \t\tpte_unmap(ptep);
      \t\treturn -EFAULT;
      \t}
      \treturn 0;
      }

      static int hmm_vma_walk_pmd(pmd_t *pmdp, unsigned long start,
      \t\t\t    unsigned long end, struct mm_walk *walk)
      {
      \tunsigned long addr = start;
      \tpte_t *ptep;

      \tptep = pte_offset_map(pmdp, addr);
      \tif (!ptep)
      \t\treturn -EAGAIN;
      \tfor (; addr < end; addr += PAGE_SIZE, ptep++) {
      \t\tint r;

      \t\tr = hmm_vma_handle_pte(walk, addr, ptep, hmm_pfns);
      \t\tif (r) {
      \t\t\t/* hmm_vma_handle_pte() did pte_unmap() */
      \t\t\treturn r;
      \t\t}
      \t}
      \tpte_unmap(ptep - 1);
      \treturn 0;
      }

      """
    let result = try analyzeFragment(text)
    _ = try WalkCoverageTests.walkedWhole(result, "hmm_vma_walk_pmd")
    #expect(!result.findings.contains { $0.rule == .missingPTEUnmap })
    let unknown = try analyzeFragment(
      text.replacingOccurrences(of: "r = hmm_vma_handle_pte(", with: "r = other_handle_pte("))
    #expect(unknown.findings.contains { $0.rule == .missingPTEUnmap && $0.line == 19 })
  }

  /// 6.12.117 folio_walk_start() (trimmed) with `pte_unmap_unlock(ptep, ptl)` turned into
  /// `spin_unlock(ptl)`: `fw->ptep = ptep` stores the map for the caller, but `return NULL`
  /// hands nothing on.
  @Test func aReturnOfNothingDoesNotHandOnAMapStoredForTheCaller() throws {
    let before = """
      struct folio *folio_walk_start(struct folio_walk *fw,
      \t\tstruct vm_area_struct *vma, unsigned long addr,
      \t\tfolio_walk_flags_t flags)
      {
      \tstruct page *page;
      \tspinlock_t *ptl;
      \tpte_t *ptep, pte;

      \tvma_pgtable_walk_begin(vma);
      \tptep = pte_offset_map_lock(vma->vm_mm, pmdp, addr, &ptl);
      \tif (!ptep)
      \t\tgoto not_found;
      \tpte = ptep_get(ptep);
      \tfw->ptep = ptep;
      \tfw->pte = pte;
      \tif (pte_present(pte)) {
      \t\tpage = vm_normal_page(vma, addr, pte);
      \t\tif (page)
      \t\t\tgoto found;
      \t}
      \tpte_unmap_unlock(ptep, ptl);
      not_found:
      \tvma_pgtable_walk_end(vma);
      \treturn NULL;
      found:
      \tfw->page = page;
      \tfw->ptl = ptl;
      \treturn page_folio(page);
      }

      """
    let result = try analyzePlanted(before, as: "mm/pagewalk.c", walking: ["folio_walk_start"]) {
      $0.replacingOccurrences(of: "\tpte_unmap_unlock(ptep, ptl);", with: "\tspin_unlock(ptl);")
    }
    let kept = try #require(result.findings.first { $0.rule == .missingPTEUnmap })
    #expect(kept.line == 21)
    #expect(kept.message.contains("where pte_unmap_unlock() was meant"))
  }
}
