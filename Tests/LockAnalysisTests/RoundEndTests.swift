import LockAnalysis
import Testing

/// A lock taken in a loop round and still held when the round goes on (or jumps back to retry)
/// is judged against the other ways the round ends; calls through function pointers and the
/// file's enumerators keep that judgement from inventing paths.
@Suite struct RoundEndTests {
  /// `shrink_folio_list()` with one `folio_unlock()` deleted: the poisoned-folio branch goes
  /// on to the next folio still holding this one's lock.
  @Test func aFolioStillLockedWhenTheLoopMovesOnIsAnImbalance() throws {
    let result = try analyzeFragment(
      """
      static unsigned int shrink_list(struct list_head *folio_list)
      {
      \tunsigned int nr = 0;
      \twhile (!list_empty(folio_list)) {
      \t\tstruct folio *folio = lru_to_folio(folio_list);
      \t\tif (!folio_trylock(folio))
      \t\t\tcontinue;
      \t\tif (folio_test_hwpoison(folio)) {
      \t\t\tfolio_put(folio);
      \t\t\tcontinue;
      \t\t}
      \t\tfolio_unlock(folio);
      \t\tnr++;
      \t}
      \treturn nr;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "shrink_list")
    let imbalance = try #require(
      result.findings.first { $0.rule == .lockImbalance && $0.message.contains("next round") })
    #expect(imbalance.severity == .warning)
    #expect(imbalance.message.contains("folio taken by folio_trylock()"))
  }

  /// `shrink_folio_list()` with an early `goto keep;` planted while the folio is locked: the
  /// path jumps forward past `keep_locked:`'s unlock, puts the folio on the kept list still
  /// locked and goes on to the next folio. A label only jumped forward to starts no round, so
  /// the lock taken before it is this round's (the list is where unlocked folios are kept).
  @Test func aLockHeldPastALabelOnlyJumpedForwardToIsTheRounds() throws {
    let result = try analyzeFragment(
      """
      static void shrink_list(struct list_head *folio_list, struct list_head *ret)
      {
      	while (!list_empty(folio_list)) {
      		struct folio *folio = lru_to_folio(folio_list);
      		if (!folio_trylock(folio))
      			goto keep;
      		if (fatal_signal_pending(current))
      			goto keep;
      		if (folio_test_large(folio))
      			goto keep_locked;
      		folio_unlock(folio);
      		continue;
      keep_locked:
      		folio_unlock(folio);
      keep:
      		list_add(&folio->lru, ret);
      	}
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "shrink_list")
    let imbalance = try #require(
      result.findings.first { $0.rule == .lockImbalance && $0.message.contains("next round") })
    #expect(imbalance.line == 5)
  }

  /// `do_read_cache_folio()` with the unlock before `goto repeat` deleted: the retry looks up a
  /// new folio under the same name while the old one stays locked.
  @Test func aLockKeptAcrossAJumpBackToRetryIsAnImbalance() throws {
    let result = try analyzeFragment(
      """
      static struct folio *read_folio_again(struct address_space *mapping, pgoff_t index)
      {
      \tstruct folio *folio;
      repeat:
      \tfolio = filemap_get_folio(mapping, index);
      \tfolio_lock(folio);
      \tif (!folio->mapping) {
      \t\tfolio_put(folio);
      \t\tgoto repeat;
      \t}
      \tif (folio_test_uptodate(folio)) {
      \t\tfolio_unlock(folio);
      \t\tfolio_put(folio);
      \t\tgoto repeat;
      \t}
      \tfolio_unlock(folio);
      \treturn folio;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "read_folio_again")
    let imbalance = try #require(
      result.findings.first { $0.rule == .lockImbalance && $0.message.contains("jumps back") })
    #expect(imbalance.message.contains("'repeat'"))
    // The lookup after the jump gives `folio` a new folio while the old one is still locked.
    #expect(result.findings.contains { $0.message.contains("is given another value at 5") })
  }

  /// `write_cache_pages()`: `(*writepage)(page, wbc, data)` unlocks the page it is given, so a
  /// round that ends after it is not judged as holding the lock (unless it returned
  /// AOP_WRITEPAGE_ACTIVATE, where the function unlocks it: ``KeptByResultTests``).
  @Test func aLockHandedToAFunctionPointerIsNotJudged() throws {
    let result = try analyzeFragment(
      """
      static int write_pages(struct page **pages, int n, writepage_t writepage, void *data)
      {
      \tint i, error = 0;
      \tfor (i = 0; i < n; i++) {
      \t\tstruct page *page = pages[i];
      \t\tlock_page(page);
      \t\tif (!PageDirty(page)) {
      \t\t\tunlock_page(page);
      \t\t\tcontinue;
      \t\t}
      \t\terror = (*writepage)(page, data);
      \t\tif (error == AOP_WRITEPAGE_ACTIVATE) {
      \t\t\tunlock_page(page);
      \t\t\terror = 0;
      \t\t}
      \t}
      \treturn error;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "write_pages")
    #expect(!result.findings.contains { $0.rule == .lockImbalance })
  }

  /// `get_mctgt_type()`: `ret = MC_TARGET_NONE` with `MC_TARGET_NONE = 0` decides `!ret`, so no
  /// path both skips the unlock and returns what the unlocking path returns.
  @Test func anEnumeratorOfTheFileDecidesATestOfItsValue() throws {
    let result = try analyzeFragment(
      """
      enum target_type {
      \tTARGET_NONE = 0,
      \tTARGET_PAGE,
      };

      static enum target_type get_target(struct folio *folio, union target *target)
      {
      \tenum target_type ret = TARGET_NONE;
      \tif (!folio_trylock(folio))
      \t\treturn ret;
      \tif (folio_memcg(folio) == target->memcg)
      \t\tret = TARGET_PAGE;
      \tif (!ret)
      \t\tfolio_unlock(folio);
      \treturn ret;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "get_target")
    #expect(!result.findings.contains { $0.severity == .error })
  }

  /// `page_idle_get_folio()` with its `folio_put()` deleted: `folio = NULL` lets go of the
  /// reference `folio_try_get()` took, and nothing else holds it.
  @Test func aReferenceLetGoOfByAssigningNullIsLost() throws {
    let result = try analyzeFragment(
      """
      static struct folio *idle_get_folio(struct page *page)
      {
      \tstruct folio *folio = page_folio(page);
      \tif (!folio_test_lru(folio) || !folio_try_get(folio))
      \t\treturn NULL;
      \tif (unlikely(page_folio(page) != folio || !folio_test_lru(folio)))
      \t\tfolio = NULL;
      \treturn folio;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "idle_get_folio")
    let lost = try #require(
      result.findings.first { $0.message.contains("hands no reference back") })
    #expect(lost.rule == .refImbalance)
  }

  /// `isolate_lru_folios()`: the folio goes on a list with `list_move()`, which keeps the
  /// reference; giving the name another value afterwards loses nothing.
  @Test func aReferenceHandedToAListIsNotLostOnReassignment() throws {
    let result = try analyzeFragment(
      """
      static void isolate_one(struct folio *folio, struct list_head *dst)
      {
      \tif (!folio_try_get(folio))
      \t\treturn;
      \tlist_move(&folio->lru, dst);
      \tfolio = NULL;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "isolate_one")
    #expect(!result.findings.contains { $0.message.contains("is lost when") })
    let dropped = try analyzeFragment(
      """
      static void isolate_one(struct folio *folio, struct list_head *dst)
      {
      \tif (!folio_try_get(folio))
      \t\treturn;
      \tif (folio_test_lru(folio))
      \t\tfolio = NULL;
      }
      """)
    #expect(dropped.findings.contains { $0.message.contains("is lost when") })
  }

  /// `do_anonymous_page()` with `pte_unmap_unlock(vmf->pte, vmf->ptl)` written as
  /// `spin_unlock(vmf->ptl)`: the lock the map came with is released, the map is kept.
  @Test func aMapWhoseLockAloneIsReleasedIsStillMapped() throws {
    let result = try analyzeFragment(
      """
      static vm_fault_t anon_fault(struct vm_fault *vmf)
      {
      \tvmf->pte = pte_offset_map_lock(vmf->vma->vm_mm, vmf->pmd, vmf->address, &vmf->ptl);
      \tif (!vmf->pte)
      \t\treturn 0;
      \tif (userfaultfd_missing(vmf->vma)) {
      \t\tspin_unlock(vmf->ptl);
      \t\treturn handle_userfault(vmf, VM_UFFD_MISSING);
      \t}
      \tset_pte_at(vmf->vma->vm_mm, vmf->address, vmf->pte, vmf->orig_pte);
      \tpte_unmap_unlock(vmf->pte, vmf->ptl);
      \treturn 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "anon_fault")
    let kept = try #require(result.findings.first { $0.rule == .missingPTEUnmap })
    #expect(kept.message.contains("pte_unmap_unlock() was meant"))
  }
}
