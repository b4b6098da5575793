import LockAnalysis
import Testing

/// Patterns from the real mm/ of Linux 6.12 that once gave error findings for correct code:
/// the lock state carried by a flag, an alias or a pointer test, or dropped by another file's callee.
/// huge_memory.c split_huge_page_to_list_to_order() in small: the `i_mmap` lock is taken
/// only on the file path and released under `if (mapping)`.
private let splitTakingIMmapLock = """
  static int split(struct folio *folio, bool is_anon)
  {
  	struct address_space *mapping = NULL;
  	int ret = -EAGAIN;

  	if (is_anon) {
  		mapping = NULL;
  	} else {
  		mapping = folio->mapping;
  		if (!filemap_release_folio(folio))
  			goto out;
  		i_mmap_lock_read(mapping);
  	}
  	if (folio_ref_freeze(folio))
  		ret = 0;
  	if (mapping)
  		i_mmap_unlock_read(mapping);
  out:
  	return ret;
  }
  """

/// userfaultfd.c move_pages() in small: `move_pages_huge_pmd()` drops the PMD lock it is given.
private let moveRange = """
  static int move_range(struct mm_struct *mm, pmd_t *dst_pmd, pmd_t *src_pmd,
  		      struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma,
  		      unsigned long dst_addr, unsigned long src_addr, unsigned long len)
  {
  	spinlock_t *ptl;
  	int err = 0;

  	for (; len; len -= HPAGE_PMD_SIZE) {
  		ptl = pmd_trans_huge_lock(src_pmd, src_vma);
  		if (ptl) {
  			err = move_pages_huge_pmd(mm, dst_pmd, src_pmd, *dst_pmd, dst_vma,
  						  src_vma, dst_addr, src_addr);
  		}
  		cond_resched();
  	}
  	return err;
  }
  """

@Suite struct LockStateCarrierTests {
  /// The caller keeps `bool locked` beside the lock; the helper unlocks and writes `*locked = false`
  /// (compaction.c isolate_freepages_block() and compact_unlock_should_abort()).
  @Test func aHelperThatDropsTheLockAndClearsTheCallersFlagLeavesTheFlagFalse() throws {
    let result = try analyzeFragment(
      """
      static bool drop_lock_should_abort(spinlock_t *lock, unsigned long flags, bool *locked)
      {
      	if (*locked) {
      		spin_unlock_irqrestore(lock, flags);
      		*locked = false;
      	}
      	if (fatal_signal_pending(current))
      		return true;
      	cond_resched();
      	return false;
      }

      static bool take_lock(spinlock_t *lock, unsigned long *flags)
      	__acquires(lock)
      {
      	spin_lock_irqsave(lock, *flags);
      	return true;
      }

      static int isolate(struct zone *zone, unsigned long pfn, unsigned long end)
      {
      	unsigned long flags = 0;
      	bool locked = false;
      	int isolated = 0;

      	for (; pfn < end; pfn++) {
      		if (!(pfn % 32) && drop_lock_should_abort(&zone->lock, flags, &locked))
      			break;
      		if (!page_is_buddy(pfn))
      			continue;
      		if (!locked)
      			locked = take_lock(&zone->lock, &flags);
      		isolated++;
      	}
      	if (locked)
      		spin_unlock_irqrestore(&zone->lock, flags);
      	return 0;
      }
      """)
    #expect(result.rules(severity: .error) == [])
  }

  /// `locked = lruvec` after taking `lruvec->lru_lock`: `if (locked)` is true on that path
  /// (compaction.c isolate_migratepages_block()).
  @Test func aPointerFlagThatNamesTheLockedLruvecIsTrueWhileTheLockIsHeld() throws {
    let result = try analyzeFragment(
      """
      static int isolate_lru(struct zone *zone, unsigned long pfn, unsigned long end)
      {
      	struct lruvec *locked = NULL;
      	struct lruvec *lruvec;
      	unsigned long flags;

      	for (; pfn < end; pfn++) {
      		if (!(pfn % 32)) {
      			if (locked) {
      				unlock_page_lruvec_irqrestore(locked, flags);
      				locked = NULL;
      			}
      			cond_resched();
      		}
      		lruvec = folio_lruvec(pfn_folio(pfn));
      		if (lruvec != locked) {
      			if (locked)
      				unlock_page_lruvec_irqrestore(locked, flags);
      			spin_lock_irqsave(&lruvec->lru_lock, flags);
      			locked = lruvec;
      		}
      	}
      	if (locked)
      		unlock_page_lruvec_irqrestore(locked, flags);
      	return 0;
      }
      """)
    #expect(result.rules(severity: .error) == [])
  }

  /// `i_mmap_lock_read(mapping)` proves `mapping` is set, so `if (mapping)` unlocks it
  /// (huge_memory.c split_huge_page_to_list_to_order()).
  @Test func aLockTakenThroughAPointerProvesThePointerIsNotNull() throws {
    let result = try analyzeFragment(splitTakingIMmapLock)
    #expect(result.rules(severity: .error) == [])
  }

  /// `n = n2; spin_lock(&n->list_lock)` in a loop, `if (n) spin_unlock(&n->list_lock)` after it
  /// (slub.c __put_partials()).
  @Test func aLockHandedFromOneNodeVariableToAnotherIsReleasedThroughTheNewName() throws {
    let result = try analyzeFragment(
      """
      static void put_partials(struct kmem_cache *s, struct slab *partial_slab)
      {
      	struct kmem_cache_node *n = NULL, *n2 = NULL;
      	struct slab *slab;
      	unsigned long flags = 0;

      	while (partial_slab) {
      		slab = partial_slab;
      		partial_slab = slab->next;

      		n2 = get_node(s, slab_nid(slab));
      		if (n != n2) {
      			if (n)
      				spin_unlock_irqrestore(&n->list_lock, flags);

      			n = n2;
      			spin_lock_irqsave(&n->list_lock, flags);
      		}
      		add_partial(n, slab);
      	}

      	if (n)
      		spin_unlock_irqrestore(&n->list_lock, flags);
      }
      """)
    #expect(result.rules(severity: .error) == [])
  }

  /// The list lock taken speculatively in the loop; `if (!n) return;` after it is false when held
  /// (slub.c __slab_free()).
  @Test func aLockTakenInsideADoWhileIsHeldWhenThePointerIsTestedAfterIt() throws {
    let result = try analyzeFragment(
      """
      static void slab_free(struct kmem_cache *s, struct slab *slab)
      {
      	struct kmem_cache_node *n = NULL;
      	unsigned long flags;

      	do {
      		if (unlikely(n)) {
      			spin_unlock_irqrestore(&n->list_lock, flags);
      			n = NULL;
      		}
      		if (slab_needs_list(slab)) {
      			n = get_node(s, slab_nid(slab));
      			spin_lock_irqsave(&n->list_lock, flags);
      		}
      	} while (!slab_update_freelist(s, slab));

      	if (likely(!n))
      		return;

      	remove_partial(n, slab);
      	spin_unlock_irqrestore(&n->list_lock, flags);
      }
      """)
    #expect(result.rules(severity: .error) == [])
  }

  /// `folio_lock(src_folio); goto retry;` and `if (src_folio) folio_unlock(src_folio)` at `out:`
  /// (userfaultfd.c move_pages_pte()).
  @Test func aFolioLockedBeforeGotoRetryIsReleasedAtTheCommonExit() throws {
    let result = try analyzeFragment(
      """
      static int move_pte(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
      {
      	struct folio *src_folio = NULL;
      	struct folio *folio;
      	pte_t *pte;
      	int err = 0;

      retry:
      	pte = pte_offset_map(pmd, addr);
      	if (!pte) {
      		err = -EAGAIN;
      		goto out;
      	}
      	if (!src_folio) {
      		folio = lookup_folio(pte);
      		if (!IS_ERR_OR_NULL(folio)) {
      			src_folio = folio;
      			if (!folio_trylock(src_folio)) {
      				pte_unmap(pte);
      				folio_lock(src_folio);
      				goto retry;
      			}
      		}
      	}
      	if (src_folio && pte_changed(pte)) {
      		pte_unmap(pte);
      		err = -EAGAIN;
      		goto out;
      	}
      	err = move_one(pte, src_folio);
      	pte_unmap(pte);
      out:
      	if (src_folio)
      		folio_unlock(src_folio);
      	return err;
      }
      """)
    #expect(result.rules(severity: .error) == [])
  }

  /// `move_pages_huge_pmd()` in huge_memory.c returns with the PMD lock released; the table says so
  /// (userfaultfd.c move_pages()).
  @Test func aCalleeInAnotherFileThatDropsThePmdLockIsTakenFromTheTable() throws {
    let result = try analyzeFragment(moveRange)
    #expect(result.rules(severity: .error) == [])
  }

  @Test func aLockTakenThroughAPointerIsStillUnbalancedWhenReleasedUnderAnotherTest() throws {
    let unrelatedTest = splitTakingIMmapLock.replacingOccurrences(
      of: "if (mapping)\n", with: "if (folio_test_anon(folio))\n")
    #expect(unrelatedTest != splitTakingIMmapLock)
    let result = try analyzeFragment(unrelatedTest)
    #expect(result.rules(severity: .error).contains(.lockImbalance))
  }

  @Test func aCalleeTheTableDoesNotKnowLeavesThePmdLockHeld() throws {
    let result = try analyzeFragment(
      moveRange.replacingOccurrences(of: "move_pages_huge_pmd(", with: "move_huge_pmd_here("))
    #expect(result.rules(severity: .error).contains(.sleepUnderSpinlock))
  }

  /// Once the helper has dropped the lock and cleared the flag, `if (!locked)` takes it again,
  /// and what sleeps after that sleeps under the spinlock.
  @Test func aLockRetakenAfterTheHelperClearedTheFlagIsHeldAgain() throws {
    let result = try analyzeFragment(
      """
      static bool drop_lock_should_abort(spinlock_t *lock, unsigned long flags, bool *locked)
      {
      	if (*locked) {
      		spin_unlock_irqrestore(lock, flags);
      		*locked = false;
      	}
      	return fatal_signal_pending(current);
      }

      static bool take_lock(spinlock_t *lock, unsigned long *flags)
      	__acquires(lock)
      {
      	spin_lock_irqsave(lock, *flags);
      	return true;
      }

      static int isolate(struct zone *zone, struct folio *folio)
      {
      	unsigned long flags = 0;
      	bool locked = take_lock(&zone->lock, &flags);

      	if (drop_lock_should_abort(&zone->lock, flags, &locked))
      		return 0;
      	if (!locked)
      		locked = take_lock(&zone->lock, &flags);
      	folio_lock(folio);
      	folio_unlock(folio);
      	if (locked)
      		spin_unlock_irqrestore(&zone->lock, flags);
      	return 0;
      }
      """)
    #expect(result.rules(severity: .error) == [.sleepUnderSpinlock])
  }

  /// `hpage_collapse_scan_pmd(…, &mmap_locked, …)` writes `*mmap_locked = false` but the lock is
  /// dropped deeper down (collapse_huge_page()): the flag keeps its value rather than disagreeing
  /// with the lock the path still tracks (khugepaged.c madvise_collapse()).
  @Test func aFlagClearedByACalleeThatDropsNoLockItselfKeepsItsValue() throws {
    let result = try analyzeFragment(
      """
      static int collapse_huge(struct mm_struct *mm)
      {
      	mmap_read_unlock(mm);
      	return 0;
      }

      static int scan_pmd(struct mm_struct *mm, bool *mmap_locked)
      {
      	int result = collapse_huge(mm);

      	*mmap_locked = false;
      	return result;
      }

      static int collapse_range(struct mm_struct *mm, unsigned long addr, unsigned long end)
      {
      	bool mmap_locked = true;
      	int result;

      	for (; addr < end; addr += HPAGE_PMD_SIZE) {
      		if (!mmap_locked) {
      			mmap_read_lock(mm);
      			mmap_locked = true;
      		}
      		result = scan_pmd(mm, &mmap_locked);
      		if (result == SCAN_PTE_MAPPED_HUGEPAGE) {
      			mmap_read_lock(mm);
      			collapse_pte_mapped_thp(mm, addr);
      			mmap_read_unlock(mm);
      		}
      	}
      	if (!mmap_locked)
      		mmap_read_lock(mm);
      	return 0;
      }
      """)
    #expect(!result.rules(severity: .error).contains(.recursiveLock))
  }
}
