import LockAnalysis
import Testing

/// Patterns from the real mm/ of Linux 6.1 (Debian's 6.1.192) that gave error findings for
/// correct code, each in small.
@Suite struct OlderKernelPatternTests {
  /// gup.c follow_page_pte() before 6.5: `pte_offset_map_lock()` could not fail, so its result
  /// is used at once (`pte = *ptep`) and never tested; the retry takes the lock again.
  @Test func aMapWhoseResultIsDereferencedAtOnceDoesNotFail() throws {
    let result = try analyzeFragment(
      """
      static struct page *follow(struct mm_struct *mm, pmd_t *pmd, unsigned long address)
      {
      	spinlock_t *ptl;
      	pte_t *ptep, pte;

      retry:
      	if (unlikely(pmd_bad(*pmd)))
      		return NULL;
      	ptep = pte_offset_map_lock(mm, pmd, address, &ptl);
      	pte = *ptep;
      	if (!pte_present(pte)) {
      		pte_unmap_unlock(ptep, ptl);
      		migration_entry_wait(mm, pmd, address);
      		goto retry;
      	}
      	pte_unmap_unlock(ptep, ptl);
      	return NULL;
      }
      """)
    #expect(result.findings.isEmpty, "\(result.findings.map(\.message))")
  }

  /// madvise.c madvise_cold_or_pageout_pte_range() before 6.5: the PTE is mapped again
  /// before a `break`, and the result is never tested.
  @Test func aMapWhoseResultIsNeverTestedDoesNotFail() throws {
    let result = try analyzeFragment(
      """
      static int cold(struct mm_struct *mm, pmd_t *pmd, unsigned long addr, struct page *page)
      {
      	spinlock_t *ptl;
      	pte_t *orig_pte;

      	orig_pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
      	if (PageTransCompound(page)) {
      		pte_unmap_unlock(orig_pte, ptl);
      		if (split_huge_page(page))
      			orig_pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
      		else
      			return 0;
      	}
      	pte_unmap_unlock(orig_pte, ptl);
      	return 0;
      }
      """)
    #expect(!result.findings.contains { $0.rule == .lockImbalance })
  }

  /// The same map in 6.12, whose result is tested: the failure is a path, and a missing
  /// unlock on the success side is still found.
  @Test func aTestedMapStillFailsAndItsLeakIsFound() throws {
    let result = try analyzeFragment(
      """
      static int cold(struct mm_struct *mm, pmd_t *pmd, unsigned long addr, bool bad)
      {
      	spinlock_t *ptl;
      	pte_t *pte;

      	pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
      	if (!pte)
      		return -EAGAIN;
      	if (bad)
      		return -EINVAL;
      	pte_unmap_unlock(pte, ptl);
      	return 0;
      }
      """)
    #expect(result.findings.contains { $0.rule == .lockImbalance && $0.severity == .error })
    let after = try #require(result.functions.first?.after)
    #expect(after.paths.contains { $0.returnValue == "-EAGAIN" })
  }

  /// slub.c deactivate_slab(): `mode` is set to one enumerator per branch and tested against
  /// another later; a lock taken only for M_PARTIAL is released only for M_PARTIAL.
  @Test func anEnumeratorAssignedEarlierDecidesAComparisonWithAnother() throws {
    let result = try analyzeFragment(
      """
      static void deactivate(struct kmem_cache_node *n, int a, int b)
      {
      	enum slab_modes mode = M_NONE;
      	unsigned long flags;

      redo:
      	if (a) {
      		mode = M_FREE;
      	} else if (b) {
      		mode = M_PARTIAL;
      		spin_lock_irqsave(&n->list_lock, flags);
      	} else {
      		mode = M_FULL_NOLIST;
      	}
      	if (!cmpxchg_double_slab(n)) {
      		if (mode == M_PARTIAL || mode == M_FULL)
      			spin_unlock_irqrestore(&n->list_lock, flags);
      		goto redo;
      	}
      	if (mode == M_PARTIAL)
      		spin_unlock_irqrestore(&n->list_lock, flags);
      }
      """)
    #expect(result.findings.isEmpty, "\(result.findings.map(\.message))")
  }

  /// migrate.c __migration_entry_wait() in 6.1: migration_entry_wait_on_locked(entry, ptep, ptl)
  /// drops the PTL, its last argument (6.12 dropped `ptep`: (entry, ptl)).
  @Test func theWaitOnAMigrationEntryDropsItsLastArgumentInEitherSignature() throws {
    for arguments in ["entry, ptep, ptl", "entry, ptl"] {
      let result = try analyzeFragment(
        """
        static void wait(struct mm_struct *mm, pte_t *ptep, spinlock_t *ptl)
        {
        	pte_t pte;
        	swp_entry_t entry;

        	spin_lock(ptl);
        	pte = *ptep;
        	if (!is_swap_pte(pte))
        		goto out;
        	entry = pte_to_swp_entry(pte);
        	migration_entry_wait_on_locked(\(arguments));
        	return;
        out:
        	spin_unlock(ptl);
        }
        """)
      #expect(
        !result.findings.contains { $0.severity != .info }, "\(result.findings.map(\.message))")
    }
  }

  /// migrate_device.c migrate_vma_collect_pmd(): the loop keeps each folio it could lock and
  /// moves on to the next; a lock kept across iterations is a warning, not an error.
  @Test func aLockKeptWhileALoopMovesOnIsAWarning() throws {
    let result = try analyzeFragment(
      """
      static int collect(struct migrate_vma *migrate, unsigned long addr, unsigned long end)
      {
      	for (; addr < end; addr += PAGE_SIZE) {
      		struct folio *folio = next_folio(addr);

      		folio_get(folio);
      		if (folio_trylock(folio)) {
      			if (folio_test_anon(folio)) {
      				folio_unlock(folio);
      				folio_put(folio);
      				continue;
      			}
      			folio_put(folio);
      		} else {
      			folio_put(folio);
      		}
      		migrate->src[migrate->npages++] = addr;
      	}
      	return 0;
      }
      """)
    let imbalance = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(imbalance.severity == .warning)
    #expect(imbalance.message.contains("taken in a loop that went on to its next object"))
  }
}
