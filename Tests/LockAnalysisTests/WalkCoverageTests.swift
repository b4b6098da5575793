import LockAnalysis
import Testing

/// The walk covers every path of big functions (joins, loop fixpoints), compares exits by what
/// they return, and says so when a bound is reached. Each test that expects nothing also checks
/// that the function was found and walked whole.
@Suite struct WalkCoverageTests {
  /// The one function of `result`, walked whole (no bound reached).
  static func walkedWhole(_ result: PatchAnalysis, _ name: String) throws -> FunctionPaths.Side {
    let function = try #require(result.functions.first { $0.name == name })
    let side = try #require(function.after)
    #expect(!side.truncated)
    #expect(!side.paths.isEmpty)
    #expect(!result.findings.contains { $0.rule == .analysisIncomplete })
    return side
  }

  /// Forty independent branches before the lock: 2^40 paths, walked whole, the leak found.
  @Test func aLeakAfterFortyBranchesIsFoundAndTheWalkIsWhole() throws {
    let branches = (0..<40).map { "\tif (flags & BIT(\($0)))\n\t\tcount += \($0);\n" }.joined()
    let result = try analyzeFragment(
      """
      static int many(struct stats *s, unsigned long flags)
      {
      \tint count = 0;
      \(branches)\tspin_lock(&s->lock);
      \tif (count > s->limit)
      \t\treturn -EINVAL;
      \ts->count = count;
      \tspin_unlock(&s->lock);
      \treturn 0;
      }
      """)
    _ = try Self.walkedWhole(result, "many")
    let leak = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(leak.severity == .error)
    #expect(leak.message.contains("returns -EINVAL"))
  }

  /// nouveau_range_fault(), dmirror_range_fault(): the retry loop releases before `continue`
  /// and the lock is released once after the loop; no exit past the loop bound is invented.
  @Test func theRetryLoopOfARangeFaultReleasesOnce() throws {
    let result = try analyzeFragment(
      """
      static int range_fault(struct svmm *svmm, struct hmm_range *range)
      {
      \tint ret;
      \twhile (true) {
      \t\tret = hmm_range_fault(range);
      \t\tif (ret) {
      \t\t\tif (ret == -EBUSY)
      \t\t\t\tcontinue;
      \t\t\treturn ret;
      \t\t}
      \t\tmutex_lock(&svmm->mutex);
      \t\tif (mmu_interval_read_retry(range->notifier, range->notifier_seq)) {
      \t\t\tmutex_unlock(&svmm->mutex);
      \t\t\tcontinue;
      \t\t}
      \t\tbreak;
      \t}
      \tsvmm_update(svmm, range);
      \tmutex_unlock(&svmm->mutex);
      \treturn 0;
      }
      """)
    let side = try Self.walkedWhole(result, "range_fault")
    #expect(side.paths.contains { path in path.ops.contains { $0.line == 19 && $0.op == .unlock } })
    #expect(!result.findings.contains { $0.rule == .lockImbalance })
  }

  /// vma_start_read(): a trylock compared with zero fails on the `== 0` branch.
  @Test func aTrylockComparedWithZeroFailsOnTheEqualBranch() throws {
    let result = try analyzeFragment(
      """
      static inline bool start_read(struct vm_area_struct *vma)
      {
      \tif (unlikely(down_read_trylock(&vma->vm_lock->lock) == 0))
      \t\treturn false;
      \tif (unlikely(vma->vm_lock_seq == vma->vm_mm->mm_lock_seq)) {
      \t\tup_read(&vma->vm_lock->lock);
      \t\treturn false;
      \t}
      \treturn true;
      }
      """)
    let side = try Self.walkedWhole(result, "start_read")
    let failed = try #require(side.paths.first { $0.returnValue == "false" && $0.ops.count == 2 })
    #expect(failed.ops[0].outcome == .failed)
    #expect(result.findings.isEmpty)
  }

  /// A fault handler's early `return 0` under the PTL, where the other exits return `ret`.
  @Test func anEarlyConstantReturnUnderThePTLIsAnImbalanceWhateverTheOthersReturn() throws {
    let result = try analyzeFragment(
      """
      static vm_fault_t fault(struct vm_fault *vmf)
      {
      \tvm_fault_t ret = 0;
      \tvmf->pte = pte_offset_map_lock(vmf->vma->vm_mm, vmf->pmd, vmf->address, &vmf->ptl);
      \tif (!vmf->pte)
      \t\treturn VM_FAULT_OOM;
      \tif (vmf->flags & FAULT_FLAG_TRIED)
      \t\treturn 0;
      \tret = finish(vmf);
      \tpte_unmap_unlock(vmf->pte, vmf->ptl);
      \treturn ret;
      }
      """)
    _ = try Self.walkedWhole(result, "fault")
    #expect(result.rules(severity: .error).contains(.lockImbalance))
    #expect(result.rules(severity: .error).contains(.missingPTEUnmap))
  }

  /// A fault handler whose trylock fails and returns: the fault path retries it at once.
  @Test func everyFaultHandlerIsRetriedByTheFaultPath() throws {
    let result = try analyzeFragment(
      """
      static vm_fault_t device_fault(struct vm_fault *vmf)
      {
      \tif (!trylock_page(vmf->page))
      \t\treturn 0;
      \tmigrate(vmf->page);
      \tunlock_page(vmf->page);
      \treturn 0;
      }
      """)
    _ = try Self.walkedWhole(result, "device_fault")
    #expect(result.rules().contains(.trylockRetry))
  }

  /// A lock kept on every path, a release on a path that never took the lock, and a reference
  /// never dropped: what comparing two exits cannot see.
  @Test func whatEveryPathDoesAlikeIsStillJudged() throws {
    let result = try analyzeFragment(
      """
      static void kept(struct node *n)
      {
      \tspin_lock(&n->lock);
      \tn->count++;
      }

      static void unheld(struct node *n, bool locked)
      {
      \tif (locked)
      \t\tspin_lock(&n->lock);
      \tn->count++;
      \tspin_unlock(&n->lock);
      }

      static int pinned(struct vm_fault *vmf)
      {
      \tget_page(vmf->page);
      \tmigrate(vmf->page);
      \treturn 0;
      }
      """)
    for name in ["kept", "unheld", "pinned"] { _ = try Self.walkedWhole(result, name) }
    #expect(result.findings.contains { $0.function == "kept" && $0.rule == .lockImbalance })
    #expect(
      result.findings.contains {
        $0.function == "unheld" && $0.rule == .lockImbalance && $0.message.contains("never took it")
      })
    #expect(result.findings.contains { $0.function == "pinned" && $0.rule == .refImbalance })
  }

  /// `BUG_ON(mmap_read_trylock(mm))` asserts the lock is held: its success path stops there.
  @Test func anAssertionEndsItsTrueBranch() throws {
    let result = try analyzeFragment(
      """
      static int insert(struct vm_area_struct *vma)
      {
      \tBUG_ON(mmap_read_trylock(vma->vm_mm));
      \treturn insert_one(vma);
      }
      """)
    _ = try Self.walkedWhole(result, "insert")
    #expect(result.findings.isEmpty)
  }

  /// `put_page(pages[i])` at the end of one round is not "before" the next round's unlock of
  /// `pages[i]`: a new round works on a new object.
  @Test func aPutAtTheEndOfARoundIsNotBeforeTheNextRoundsUnlock() throws {
    let result = try analyzeFragment(
      """
      static void release_pages_locked(struct page **pages, int n)
      {
      \tint i;
      \tfor (i = 0; i < n; i++) {
      \t\tunlock_page(pages[i]);
      \t\tput_page(pages[i]);
      \t}
      }
      """)
    _ = try Self.walkedWhole(result, "release_pages_locked")
    #expect(!result.findings.contains { $0.rule == .putBeforeUnlock })
  }

  /// `page_vma_mapped_walk()`'s `goto next_pte` into its loop from before it: the path runs
  /// the rest of the body from the label, then the loop's further rounds, and a lock it keeps
  /// there is judged.
  @Test func aGotoIntoALoopBodyRunsTheRestOfTheRoundAndTheNextRounds() throws {
    let result = try analyzeFragment(
      """
      static int next_entry(struct node *n)
      {
      \tif (n->started)
      \t\tgoto next;
      \tdo {
      \t\tif (n->ready)
      \t\t\treturn 1;
      next:
      \t\tspin_lock(&n->lock);
      \t\tif (n->stale)
      \t\t\treturn 0;
      \t\tspin_unlock(&n->lock);
      \t} while (n->more);
      \treturn 0;
      }
      """)
    _ = try Self.walkedWhole(result, "next_entry")
    let imbalance = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(imbalance.message.contains("n->lock"))
  }

  /// Ten independent conditional locks make 1,024 lock states at one point, more than the walk
  /// keeps: it says which bound it reached and that its result is not a proof.
  @Test func aBoundReachedIsAnAnalysisIncompleteWarning() throws {
    let result = try analyzeFragment(
      """
      static void many(struct node *n)
      {
      \tif (n->want0)
      \t\tspin_lock(&n->lock0);
      \tif (n->want1)
      \t\tspin_lock(&n->lock1);
      \tif (n->want2)
      \t\tspin_lock(&n->lock2);
      \tif (n->want3)
      \t\tspin_lock(&n->lock3);
      \tif (n->want4)
      \t\tspin_lock(&n->lock4);
      \tif (n->want5)
      \t\tspin_lock(&n->lock5);
      \tif (n->want6)
      \t\tspin_lock(&n->lock6);
      \tif (n->want7)
      \t\tspin_lock(&n->lock7);
      \tif (n->want8)
      \t\tspin_lock(&n->lock8);
      \tif (n->want9)
      \t\tspin_lock(&n->lock9);
      \tn->done = 1;
      }
      """)
    let incomplete = try #require(result.findings.first { $0.rule == .analysisIncomplete })
    #expect(incomplete.severity == .warning)
    #expect(incomplete.message.contains("distinct lock/reference/map states"))
    #expect(result.functions.first { $0.name == "many" }?.after?.truncated == true)
  }

  /// `__wp_page_copy_user()`'s `goto warn` into an `if` block: the path runs from the label to
  /// the end of the block and on after it, and what it holds there is judged.
  @Test func aGotoIntoABlockRunsFromTheLabelOn() throws {
    let result = try analyzeFragment(
      """
      static int copy_user(struct node *n)
      {
      \tspin_lock(&n->lock);
      \tif (n->bad)
      \t\tgoto warn;
      \tif (n->count) {
      warn:
      \t\tWARN_ON_ONCE(1);
      \t\treturn -EINVAL;
      \t}
      \tspin_unlock(&n->lock);
      \treturn 0;
      }
      """)
    _ = try Self.walkedWhole(result, "copy_user")
    let leak = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(leak.message.contains("returns -EINVAL"))
  }
}
