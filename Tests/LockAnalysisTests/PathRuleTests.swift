import LockAnalysis
import Testing

/// Rules on whole functions written the way mm code writes them.
@Suite struct PathRuleTests {
  /// The lines of seed 002's migrate_vma_collect_pmd(), in one function.
  static let correlated = """
    static int collect(struct folio *folio, struct folio *fault_folio)
    {
    	if (fault_folio == folio || folio_trylock(folio)) {
    		if (folio_test_dirty(folio)) {
    			if (fault_folio != folio)
    				folio_unlock(folio);
    			return 0;
    		}
    		if (fault_folio != folio)
    			folio_unlock(folio);
    	}
    	return 0;
    }
    """

  @Test func aLockTakenUnlessFaultFolioIsReleasedUnderTheSameCondition() throws {
    #expect(!(try analyzeFragment(Self.correlated)).rules().contains(.lockImbalance))
  }

  @Test func releasingUnderAnUnrelatedConditionIsAnImbalance() throws {
    let uncorrelated = Self.correlated.replacingOccurrences(
      of: "if (fault_folio != folio)\n\t\t\tfolio_unlock",
      with: "if (folio_test_anon(folio))\n\t\t\tfolio_unlock")
    let result = try analyzeFragment(uncorrelated)
    #expect(result.rules(severity: .error).contains(.lockImbalance))
  }

  @Test func lockPageUnderThePageTableLockMaySleepUnderASpinlock() throws {
    let result = try analyzeFragment(
      """
      vm_fault_t fault(struct vm_fault *vmf)
      {
      	vmf->pte = pte_offset_map_lock(vmf->vma->vm_mm, vmf->pmd, vmf->address, &vmf->ptl);
      	if (!vmf->pte)
      		return 0;
      	lock_page(vmf->page);
      	pte_unmap_unlock(vmf->pte, vmf->ptl);
      	unlock_page(vmf->page);
      	return 0;
      }
      """)
    let finding = try #require(result.findings.first { $0.rule == .sleepUnderSpinlock })
    #expect(finding.line == 6)
    #expect(finding.message.contains("vmf->ptl"))
    #expect(!result.rules().contains(.missingPTEUnmap))
  }

  @Test func anEarlyReturnThatForgetsPteUnmapIsReported() throws {
    let result = try analyzeFragment(
      """
      static int walk(pmd_t *pmd, unsigned long addr)
      {
      	pte_t *pte = pte_offset_map(pmd, addr);

      	if (!pte)
      		return -EAGAIN;
      	if (pte_none(ptep_get(pte)))
      		return 0;
      	pte_unmap(pte);
      	return 0;
      }
      """)
    let finding = try #require(result.findings.first { $0.rule == .missingPTEUnmap })
    #expect(finding.line == 3)
  }

  @Test func unlockingTwiceIsAnImbalance() throws {
    let result = try analyzeFragment(
      """
      void twice(spinlock_t *lock, int x)
      {
      	spin_lock(lock);
      	if (x)
      		spin_unlock(lock);
      	spin_unlock(lock);
      }
      """)
    #expect(
      result.findings.contains {
        $0.rule == .lockImbalance && $0.line == 6 && $0.message.contains("second time")
      })
  }

  @Test func aGotoToTheUnlockLabelIsBalanced() throws {
    let result = try analyzeFragment(
      """
      int labelled(struct mm_struct *mm, int x)
      {
      	int ret = 0;

      	mmap_read_lock(mm);
      	if (x) {
      		ret = -EINVAL;
      		goto out;
      	}
      	do {
      		ret = x;
      	} while (0);
      out:
      	mmap_read_unlock(mm);
      	return ret;
      }
      """)
    #expect(result.findings.isEmpty)
    let paths = try #require(result.functions.first?.after?.paths)
    #expect(paths.count == 2)
    #expect(
      paths.allSatisfy { $0.ops.last?.op == .return && $0.ops.contains { $0.op == .readUnlock } })
  }
}
