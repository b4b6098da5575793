/// What one kernel function or macro does to locks, references and PTE maps.
///
/// Read from `primitives.txt`, e.g.
/// `pte_offset_map_lock  map-lock  family=spinlock object=*$4 success=nonnull`.
public struct Primitive: Sendable, Equatable {
  /// The effect, in the table's words.
  public enum Effect: String, Sendable, CaseIterable {
    case acquire, release
    case tryAcquire = "try-acquire"
    case readAcquire = "read-acquire"
    case readRelease = "read-release"
    case readTryAcquire = "read-try-acquire"
    case writeAcquire = "write-acquire"
    case writeRelease = "write-release"
    case writeTryAcquire = "write-try-acquire"
    case get, put
    case tryGet = "try-get"
    case map, unmap
    case mapLock = "map-lock"
    case unmapUnlock = "unmap-unlock"
    case waitUnlocked = "wait-unlocked"
    case drainAll = "drain-all"
    case condResched = "cond-resched"
    case maySleep = "may-sleep"
    case mayRelease = "may-release"
    case retryCaller = "retry-caller"
    case changingTest = "changing-test"
    /// `x = NAME(y, …)` gives y's object back, or a new copy of it that comes locked and
    /// referenced for the caller, or NULL (or an error pointer) when no copy could be made
    /// (`ksm_might_need_to_copy()`): the path splits three ways, and the copy is told apart from
    /// y's object by comparing the names (`if (page != swapcache)`).
    case sameOrCopy = "same-or-copy"
    /// Not a primitive: a call that only reads what it is given (a test, a conversion) and
    /// keeps no reference to it.
    case readsOnly = "reads-only"
    /// Not a primitive: a call that keeps the reference it is given (the page tables through
    /// the rmap, the LRU, a list, the page cache): the caller's reference is handed on.
    case keepsReference = "keeps-reference"
    /// Not a primitive: a call that keeps the reference it is given only when it returns 0,
    /// and keeps nothing when it fails (`page_try_dup_anon_rmap()`): tested as a condition, the
    /// failure branch still holds the caller's reference, to drop or use.
    case triesKeepingReference = "try-keeps-reference"
    /// Not a primitive: `NAME(c);` as a statement says `c` does not happen (`BUG_ON`,
    /// `WARN_ON`): the path goes on where `c` is false.
    case assertion
    /// Not a primitive: a call that does nothing to locks, maps or references and is left out
    /// of the exported path (`READ_ONCE`, `likely`, `container_of`, `IS_ERR`).
    case quiet
    /// Not a primitive: a call that returns its first argument's object under another type
    /// (`folio = page_folio(page)`): the result is an alias of that object.
    case sameObject = "same-object"
    /// Not a primitive: a word of a function's name that says the function returns holding a
    /// lock it took (`lock`, `start`: `lock_page_lruvec()`, `folio_walk_start()`).
    case lockHandingWord = "lock-handing-word"
    /// Not a primitive: a word of a function's name that says the function hands on a
    /// reference it takes (`get`, `isolate`: `__get_hwpoison_page()`, `isolate_folio()`).
    case referenceHandingWord = "reference-handing-word"
    /// Not a primitive: a word of a function pointer's name that says its callee may release
    /// the locks of what it is given (`writepage`, `read_folio`, `ps->action`).
    case releasingPointerWord = "releasing-pointer-word"
    /// Not a primitive: a call that changes what it is given (a flag, a count) but keeps no
    /// pointer to it (`folio_clear_active`, `page_ref_unfreeze`): a reference passed to it is
    /// still the caller's to drop.
    case keepsNothing = "keeps-nothing"
    /// Not a primitive: a call that puts the object its first argument names (`&folio->lru`)
    /// on the list its second argument names (`&pagelist`, ``ListHoldings``).
    case listAdd = "list-add"
    /// Not a primitive: a call that takes the object its first argument names off its list.
    case listRemove = "list-remove"
    /// Not a primitive: a call that returns an object on the list its first argument names
    /// (`list_first_entry(&pagelist, struct page, lru)`).
    case listElement = "list-element"
    /// Not a primitive: an iterator macro whose cursor (its first plain-name argument) names
    /// each object on the list another argument names (`list_for_each_entry(folio, &list, lru)`).
    case listLoop = "list-loop"
    /// Not a primitive: a call that may change what the tests of the object it is given answer
    /// (`truncate_inode_partial_folio()` may split a large folio): what the path found of it
    /// before (`folio_test_large(folio)`) is asked again after it.
    case changesObject = "changes-object"
    /// Not a primitive: a lookup that fills the batch its argument `&name` names with objects
    /// it locked (`find_lock_entries(mapping, &index, end, &fbatch, indices)`): each object the
    /// code reads out of it (`folio = fbatch.folios[i]`) is the round's to unlock.
    case batchFillLocked = "batch-fill-locked"
    /// Not a primitive: a test true when what it is given is a value entry, no object
    /// (`xa_is_value(folio)`): the name then holds no lock a batch gave it.
    case valueEntryTest = "value-entry-test"

    /// Whether the line only puts its name on a list the rules read (no effect of its own).
    var isNameList: Bool {
      switch self {
      case .readsOnly, .keepsReference, .triesKeepingReference, .assertion, .quiet, .sameObject,
        .lockHandingWord,
        .referenceHandingWord, .releasingPointerWord, .keepsNothing, .listAdd, .listRemove,
        .listElement, .listLoop, .changesObject, .batchFillLocked, .valueEntryTest:
        return true
      default: return false
      }
    }
  }

  /// The kind of lock, which decides what may happen while it is held.
  public enum Family: String, Sendable {
    case spinlock, mutex, rwsem, page, rcu, seqlock
  }

  /// How a conditional primitive reports success.
  public enum Success: String, Sendable {
    case `true`, zero, nonnull
    /// The result is neither NULL nor an error pointer: `filemap_lock_folio()` returns its
    /// folio locked, or `ERR_PTR(-ENOENT)` (NULL before 6.3). On the failure path `!folio`,
    /// `IS_ERR(folio)` and `IS_ERR_OR_NULL(folio)` all say it failed, so the code of either
    /// version is read right.
    case nonerror
    /// The result is positive on success, 0 or a negative errno otherwise:
    /// `get_hwpoison_hugetlb_folio()` returns `folio_try_get()`'s 1, 0 for a freed folio or
    /// `-EBUSY`. `ret > 0` tests the success; `if (ret)` does not (an errno is not 0).
    case positive
  }

  public let name: String
  public let effect: Effect
  public var family: Family?
  /// Template of the object: `$1`, `*$4`, `$1->mmap_lock`.
  public var object = "$1"
  public var success = Success.true
  public var sleeps = false
  /// Whether taking this lock again inside a callee is checked (`through-calls`): true for
  /// `mmap_lock`, whose one lockdep class covers every mm.
  public var throughCalls = false
  public var sleepsIf: String?
  /// For `may-release`: the argument that says whether the callee drops the lock (`if-set=$last`:
  /// `do_vmi_munmap(…, unlock)`); a literal `0` or `false` there keeps it.
  public var releasesIfSet: String?
  public var releases: String?
  public var map: String?
  /// For a lock: the page-table entry it protects (`$2` of `pmd_lock(mm, pmd)`). What the path
  /// found by calls on that entry before it held the lock is asked again once it does, as the
  /// kernel asks it (`if (pmd_trans_huge(*pmdp)) { ptl = pmd_lock(mm, pmdp); if
  /// (!pmd_trans_huge(*pmdp)) { spin_unlock(ptl); goto again; } }`).
  public var guards: String?
  /// For a call that may fail: a flag it writes through a pointer argument and sets whenever
  /// it succeeds (`success-flag=*$2`: `get_hwpoison_hugetlb_folio(folio, &hugetlb, …)` sets
  /// `hugetlb` for every folio it takes). The path where it succeeded knows the flag true; both
  /// forget what they knew of it before (`bool hugetlb = false;`).
  public var successFlag: String?
  /// For `retry-caller`: return values the callers do not retry.
  public var finalValues: [String] = []
  /// `lookup`: the call fails when there is no object to return, not because a lock is busy:
  /// its failure is no trylock failure to retry on, and a release of what it returned on a
  /// path that did not take it is not judged (as for `filemap_lock_folio()`, which sleeps).
  public var isLookup = false
  /// Where this entry came from: `primitives.txt:42` or `include/linux/migrate.h:70 __releases(ptl)`.
  public var evidence: String

  public init(name: String, effect: Effect, evidence: String) {
    self.name = name
    self.effect = effect
    self.evidence = evidence
  }

  /// Whether the call can fail (its success must be decided per path).
  var isConditional: Bool {
    switch effect {
    case .tryAcquire, .readTryAcquire, .writeTryAcquire, .tryGet: return true
    case .map, .mapLock: return success == .nonnull || success == .nonerror
    case .acquire, .readAcquire, .writeAcquire: return success == .zero
    default: return false
    }
  }

  /// The tests of `target` that a call of this primitive assigned to it decides, each with its
  /// value when the call succeeded: `folio` (true) for `success=nonnull`; also `IS_ERR(folio)`
  /// and `IS_ERR_OR_NULL(folio)` (false) for `success=nonerror`; `ret<=0` (false), the key
  /// of `ret > 0`, for `success=positive`.
  func outcomeTests(of target: String) -> [(key: String, whenSucceeded: Bool)] {
    switch success {
    case .true, .nonnull: return [(target, true)]
    case .zero: return [(target, false)]
    case .nonerror:
      return [(target, true), ("IS_ERR(\(target))", false), ("IS_ERR_OR_NULL(\(target))", false)]
    case .positive: return [(Self.notPositive(target), false)]
    }
  }

  /// `ret<=0`: the key ``PathWalker/atomKey(_:)`` gives `ret > 0` (negated) and `ret <= 0`.
  static func notPositive(_ target: String) -> String { target + "<=0" }

  /// Whether the call always returns holding its lock (`spin_lock`, `compact_lock_irqsave`).
  var alwaysTakesLock: Bool {
    switch effect {
    case .acquire, .readAcquire, .writeAcquire: return !isConditional
    default: return false
    }
  }
}
