import LockAnalysis
import Testing

/// Bugs planted in real mm/ functions (`make mutation-check`) that hid behind a test the walk
/// read as already decided, or a reference lost where the code moves on to its next object:
/// the kernel tests again what may have changed (`READ_ONCE()`, a page flag once the page is
/// held), and a loop's next object is a new one.
@Suite struct RecheckTests {
  /// `ksm_get_folio()` with the `folio_put()` before `goto stale` deleted: the second
  /// `READ_ONCE(folio->mapping) != expected_mapping` is asked because the mapping may have
  /// changed since the first; read as decided, the path through the put was never walked.
  /// The three flags of its enum decide `flags != KSM_GET_FOLIO_NOLOCK` once the other two
  /// were found unequal, so no path unlocks a folio it never locked.
  @Test func aMarkedReadIsAskedAgainAndAnEnumIsDecidedByItsOtherValues() throws {
    let result = try analyzeFragment(
      """
      enum ksm_get_folio_flags { KSM_GET_FOLIO_NOLOCK, KSM_GET_FOLIO_LOCK, KSM_GET_FOLIO_TRYLOCK };
      struct folio *get_stable_folio(struct ksm_stable_node *node, enum ksm_get_folio_flags flags)
      {
      \tstruct folio *folio = pfn_folio(node->kpfn);
      \tvoid *expected = node;
      \tif (READ_ONCE(folio->mapping) != expected)
      \t\tgoto stale;
      \tif (!folio_try_get(folio))
      \t\tgoto stale;
      \tif (READ_ONCE(folio->mapping) != expected)
      \t\tgoto stale;
      \tif (flags == KSM_GET_FOLIO_TRYLOCK) {
      \t\tif (!folio_trylock(folio)) {
      \t\t\tfolio_put(folio);
      \t\t\treturn ERR_PTR(-EBUSY);
      \t\t}
      \t} else if (flags == KSM_GET_FOLIO_LOCK)
      \t\tfolio_lock(folio);
      \tif (flags != KSM_GET_FOLIO_NOLOCK) {
      \t\tif (READ_ONCE(folio->mapping) != expected) {
      \t\t\tfolio_unlock(folio);
      \t\t\tfolio_put(folio);
      \t\t\tgoto stale;
      \t\t}
      \t}
      \treturn folio;
      stale:
      \treturn NULL;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "get_stable_folio")
    let leak = try #require(result.findings.first { $0.rule == .refImbalance })
    #expect(leak.line == 8)
    #expect(!result.findings.contains { $0.rule == .lockImbalance })
  }

  /// `filemap_get_read_batch()` without the `folio_put()` of `put_folio:`: the reference taken
  /// in the round is still held, and handed to nothing, when the for-step names the next folio.
  @Test func aReferenceHeldWhenTheLoopStepsOnIsLost() throws {
    let result = try analyzeFragment(
      """
      static void read_batch(struct xa_state *xas, struct folio_batch *fbatch)
      {
      \tstruct folio *folio;
      \trcu_read_lock();
      \tfor (folio = xas_load(xas); folio; folio = xas_next(xas)) {
      \t\tif (!folio_try_get(folio))
      \t\t\tgoto retry;
      \t\tif (unlikely(folio != xas_reload(xas)))
      \t\t\tgoto put_folio;
      \t\tif (!folio_batch_add(fbatch, folio))
      \t\t\tbreak;
      \t\tcontinue;
      put_folio:
      retry:
      \t\txas_reset(xas);
      \t}
      \trcu_read_unlock();
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "read_batch")
    let lost = try #require(result.findings.first { $0.rule == .refImbalance })
    #expect(lost.message.contains("is lost when folio is given another value"))
  }

  /// `lock_zspage()` without the `put_page()` after the wait: the next round gives `page` the
  /// zspage's first page again while the last round's reference is still held. A round that
  /// stores into an array (`src_pfns[i] = migrate_pfn(pfn)` in migrate_device_range()) may
  /// carry its reference on there, and is not judged.
  @Test func aReferenceKeptIntoTheNextRoundIsLostThereUnlessStored() throws {
    let result = try analyzeFragment(
      """
      static void lock_first(struct zspage *zspage)
      {
      \tstruct page *page;
      \twhile (1) {
      \t\tmigrate_read_lock(zspage);
      \t\tpage = get_first_page(zspage);
      \t\tif (trylock_page(page))
      \t\t\tbreak;
      \t\tget_page(page);
      \t\tmigrate_read_unlock(zspage);
      \t\twait_on_page_locked(page);
      \t}
      \tmigrate_read_unlock(zspage);
      }
      int collect_range(unsigned long *src_pfns, unsigned long start, unsigned long npages)
      {
      \tunsigned long i, pfn;
      \tfor (pfn = start, i = 0; i < npages; pfn++, i++) {
      \t\tstruct page *page = pfn_to_page(pfn);
      \t\tif (!get_page_unless_zero(page)) {
      \t\t\tsrc_pfns[i] = 0;
      \t\t\tcontinue;
      \t\t}
      \t\tsrc_pfns[i] = migrate_pfn(pfn);
      \t}
      \treturn 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "lock_first")
    _ = try WalkCoverageTests.walkedWhole(result, "collect_range")
    let lost = try #require(
      result.findings.first { $0.rule == .refImbalance && $0.function == "lock_first" })
    #expect(lost.message.contains("is lost when page is given another value"))
    #expect(
      !result.findings.contains { $0.function == "collect_range" && $0.message.contains("lost") })
  }

  /// `isolate_movable_page()` without the `put_page()` of `out_putpage:`: the failed trylock
  /// returns `-EBUSY` still holding the reference. The function is named for handing a
  /// reference on, but an error return hands nothing back.
  @Test func anErrorReturnHoldingAReferenceLeaksIt() throws {
    let result = try analyzeFragment(
      """
      int isolate_movable(struct page *page)
      {
      \tif (unlikely(!get_page_unless_zero(page)))
      \t\tgoto out;
      \tif (unlikely(!trylock_page(page)))
      \t\tgoto out_putpage;
      \tunlock_page(page);
      \treturn 0;
      out_putpage:
      out:
      \treturn -EBUSY;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "isolate_movable")
    let leak = try #require(result.findings.first { $0.rule == .refImbalance })
    #expect(leak.message.contains("returning -EBUSY"))
  }

  /// `page_idle_get_page()` without its `put_page()`: `PageLRU(page)` is tested before and
  /// again after `get_page_unless_zero(page)`, because the flag may have changed by then.
  @Test func aTestOfAnObjectIsAskedAgainOnceItIsHeld() throws {
    let result = try analyzeFragment(
      """
      static struct page *idle_get_page(unsigned long pfn)
      {
      \tstruct page *page = pfn_to_online_page(pfn);
      \tif (!page || !PageLRU(page) || !get_page_unless_zero(page))
      \t\treturn NULL;
      \tif (unlikely(!PageLRU(page))) {
      \t\tpage = NULL;
      \t}
      \treturn page;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "idle_get_page")
    #expect(result.findings.contains { $0.rule == .refImbalance })
  }

  /// One put before the unlock of the object is one problem, however many unlocks follow it
  /// on different paths (`do_huge_pmd_wp_page()` was reported once per later unlock).
  @Test func aPutBeforeSeveralUnlocksIsOneFinding() throws {
    let result = try analyzeFragment(
      """
      static int relock(struct folio *folio, int x)
      {
      \tfolio_get(folio);
      \tfolio_lock(folio);
      \tfolio_put(folio);
      \tif (x) {
      \t\tfolio_unlock(folio);
      \t\treturn 1;
      \t}
      \tfolio_unlock(folio);
      \treturn 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "relock")
    #expect(result.findings.filter { $0.rule == .putBeforeUnlock }.count == 1)
  }

  /// `__collapse_huge_page_isolate()` without the `folio_unlock()` before `result =
  /// SCAN_PAGE_COUNT; goto out;`: the loop keeps the folios it locked on purpose (a
  /// warning), but the one it is on leaks. `SCAN_PAGE_COUNT`, a code of the file's own enum,
  /// tells the caller what happened, not which locks are held.
  @Test func aLockTakenInTheLastRoundLeaksBesideTheCollectedOnes() throws {
    let result = try analyzeFragment(
      """
      enum scan_result { SCAN_FAIL, SCAN_SUCCEED, SCAN_PAGE_LOCK, SCAN_PAGE_COUNT };
      static int isolate_all(struct folio **folios, int n)
      {
      	int i, result = SCAN_FAIL;
      	for (i = 0; i < n; i++) {
      		struct folio *folio = folios[i];
      		if (!folio_trylock(folio)) {
      			result = SCAN_PAGE_LOCK;
      			goto out;
      		}
      		if (!is_refcount_suitable(folio)) {
      			result = SCAN_PAGE_COUNT;
      			goto out;
      		}
      		if (!folio_isolate_lru(folio)) {
      			folio_unlock(folio);
      			result = SCAN_FAIL;
      			goto out;
      		}
      	}
      	return SCAN_SUCCEED;
      out:
      	release_pages(folios, i);
      	return result;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "isolate_all")
    let leak = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(leak.severity == .error)
    #expect(leak.message.contains("returns SCAN_PAGE_COUNT"))
  }
}
