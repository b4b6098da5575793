import LockAnalysis
import Testing

/// Callee effects come from the tree, not only from the table.
@Suite struct CalleeEffectTests {
  static let header = """
    #ifndef _LINUX_LEAFOPS_H
    #define _LINUX_LEAFOPS_H
    void softleaf_entry_wait_on_locked(softleaf_t entry, spinlock_t *ptl) __releases(ptl);
    #endif

    """

  static let before = """
    #include <linux/leafops.h>

    vm_fault_t do_swap_page(struct vm_fault *vmf)
    {
    \tsoftleaf_t entry = softleaf_from_pte(vmf->orig_pte);
    \tvmf->pte = pte_offset_map_lock(vmf->vma->vm_mm, vmf->pmd, vmf->address, &vmf->ptl);
    \tif (!vmf->pte)
    \t\treturn 0;
    \tif (trylock_page(vmf->page)) {
    \t\tpte_unmap_unlock(vmf->pte, vmf->ptl);
    \t\tmigrate_to_ram(vmf);
    \t\tunlock_page(vmf->page);
    \t} else {
    \t\tpte_unmap_unlock(vmf->pte, vmf->ptl);
    \t}
    \treturn 0;
    }

    """

  /// Seed 000's v5 waits with the renamed softleaf_entry_wait_on_locked(), which no table
  /// lists: its `__releases(ptl)` declaration and its name say it drops the PTL and waits.
  @Test func theRenamedWaitFromItsDeclarationFixesTheTrylockRetry() throws {
    let after = Self.before.replacingOccurrences(
      of: "\t} else {\n\t\tpte_unmap_unlock(vmf->pte, vmf->ptl);\n\t}",
      with:
        "\t} else {\n\t\tpte_unmap(vmf->pte);\n\t\tsoftleaf_entry_wait_on_locked(entry, vmf->ptl);\n\t}"
    )
    let result = try analyzeCommit(
      base: ["mm/memory.c": Self.before, "include/linux/leafops.h": Self.header],
      change: ["mm/memory.c": after])
    let swap = try #require(result.functions.first { $0.name == "do_swap_page" })
    #expect(swap.after?.truncated == false)
    #expect(result.findingsBefore.contains { $0.rule == .trylockRetry })
    #expect(!result.findings.contains { $0.rule == .trylockRetry && $0.severity != .info })
    #expect(
      swap.after?.paths.contains { path in
        path.ops.contains { $0.op == .waitUnlocked && $0.releases == "vmf->ptl" }
      } == true)
  }

  /// A same-file helper that waits for the page (its body calls wait_on_page_locked()) is
  /// the wait a failed trylock needs before the fault is retried.
  @Test func aHelperWhoseBodyWaitsIsAWait() throws {
    let result = try analyzeFragment(
      """
      static void wait_for_page(struct page *page)
      {
      \twait_on_page_locked(page);
      }

      static vm_fault_t device_fault(struct vm_fault *vmf)
      {
      \tif (!trylock_page(vmf->page)) {
      \t\twait_for_page(vmf->page);
      \t\treturn 0;
      \t}
      \tmigrate(vmf->page);
      \tunlock_page(vmf->page);
      \treturn 0;
      }

      static vm_fault_t spinning_fault(struct vm_fault *vmf)
      {
      \tif (!trylock_page(vmf->page))
      \t\treturn 0;
      \tunlock_page(vmf->page);
      \treturn 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "device_fault")
    #expect(!result.findings.contains { $0.rule == .trylockRetry && $0.function == "device_fault" })
    #expect(
      result.findings.contains { $0.rule == .trylockRetry && $0.function == "spinning_fault" })
  }

  /// `shrink_folio_list()` with an early return planted after the relock that follows
  /// `pageout()`: the same-file `pageout()` hands the folio to `->writepage()`, which may unlock
  /// it and clear its dirty bit, so the `folio_test_dirty(folio)` found before it decides
  /// nothing after it. Were it still decided, the relock would be unreachable and the leak
  /// unseen.
  @Test func aCalleeThatMayUnlockTheFolioMakesWhatWasFoundOnItStale() throws {
    let result = try analyzeFragment(
      """
      static int pageout(struct folio *folio, struct address_space *mapping)
      {
      	int res = mapping->a_ops->writepage(&folio->page, NULL);
      	if (res)
      		return PAGE_ACTIVATE;
      	return PAGE_SUCCESS;
      }

      static unsigned int shrink(struct list_head *folio_list, struct list_head *ret)
      {
      	unsigned int nr = 0;
      	while (!list_empty(folio_list)) {
      		struct folio *folio = lru_to_folio(folio_list);
      		if (!folio_trylock(folio))
      			goto keep;
      		if (folio_test_dirty(folio)) {
      			switch (pageout(folio, folio_mapping(folio))) {
      			case PAGE_ACTIVATE:
      				goto keep_locked;
      			case PAGE_SUCCESS:
      				if (folio_test_dirty(folio))
      					goto keep;
      				if (!folio_trylock(folio))
      					goto keep;
      				if (fatal_signal_pending(current))
      					return 0;
      				break;
      			}
      		}
      		folio_unlock(folio);
      		nr++;
      		continue;
      keep_locked:
      		folio_unlock(folio);
      keep:
      		list_add(&folio->lru, ret);
      	}
      	return nr;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "shrink")
    let imbalance = try #require(
      result.findings.first { $0.rule == .lockImbalance && $0.function == "shrink" })
    #expect(imbalance.line == 23)
    #expect(imbalance.message.contains("returns 0"))
  }

  /// 6.1 zs_page_migrate() with `spin_unlock(&pool->lock)` deleted: its callee
  /// migrate_write_unlock(zspage) releases `zspage->lock`, the lock of what it is given, not
  /// every lock named `lock`, so `pool->lock` is still judged after the call.
  @Test func aCalleeReleasingItsArgumentsLockReleasesNoOtherOfTheClass() throws {
    let result = try analyzeFragment(
      """
      static void migrate_write_lock(struct zspage *zspage)
      {
      \twrite_lock(&zspage->lock);
      }

      static void migrate_write_unlock(struct zspage *zspage)
      {
      \twrite_unlock(&zspage->lock);
      }

      static int zs_page_migrate(struct page *newpage, struct page *page)
      {
      \tstruct zspage *zspage = get_zspage(page);
      \tstruct zs_pool *pool = zspage->pool;

      \tif (!PageIsolated(page))
      \t\treturn -EINVAL;
      \tspin_lock(&pool->lock);
      \tmigrate_write_lock(zspage);
      \treplace_sub_page(zspage, newpage, page);
      \tmigrate_write_unlock(zspage);
      \treturn MIGRATEPAGE_SUCCESS;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "zs_page_migrate")
    let imbalance = try #require(
      result.findings.first { $0.rule == .lockImbalance && $0.function == "zs_page_migrate" })
    #expect(imbalance.message.contains("pool->lock taken by spin_lock()"))
  }

  /// The same callee given the locked structure releases its lock for the caller.
  @Test func aCalleeReleasesTheLockOfTheStructureItIsGiven() throws {
    let result = try analyzeFragment(
      """
      static void migrate_write_unlock(struct zspage *zspage)
      {
      \twrite_unlock(&zspage->lock);
      }

      static int isolate_zspage(struct zspage *zspage)
      {
      \tif (!zspage)
      \t\treturn -EINVAL;
      \twrite_lock(&zspage->lock);
      \tdec_zspage_isolation(zspage);
      \tmigrate_write_unlock(zspage);
      \treturn 0;
      }
      """)
    _ = try WalkCoverageTests.walkedWhole(result, "isolate_zspage")
    #expect(!result.findings.contains { $0.rule == .lockImbalance })
  }
}
