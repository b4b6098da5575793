/// The mutation operators of the benchmark (issue 9): each plants one kind of bug the
/// analysis must report, and names the rules of which one finding counts as "found".
public enum MutationOperator: String, CaseIterable, Sendable, Codable {
  /// A lock release deleted on one path.
  case deleteUnlock = "delete-unlock"
  /// A `pte_unmap()` or `pte_unmap_unlock()` deleted on one path.
  case deletePteUnmap = "delete-pte-unmap"
  /// A reference drop (`folio_put()`, `put_page()`) deleted on one path.
  case deletePut = "delete-put"
  /// `pte_unmap_unlock(pte, ptl)` → `spin_unlock(ptl)`: the map is kept.
  case unmapUnlockToSpinUnlock = "pte-unmap-unlock-to-spin-unlock"
  /// An early `return` or `goto` past the release while a lock, map or reference is held.
  case earlyExit = "early-exit"
  /// An unlock and the put of the same object swapped: the put comes first.
  case swapUnlockPut = "swap-unlock-put"
  /// A sleeping call right after a spinlock is taken.
  case sleepUnderSpinlock = "sleep-under-spinlock"
  /// A sleeping lock replaced by a trylock whose failure returns to a retrying caller.
  case trylockRetry = "trylock-retry"
  /// `mmap_read_lock()` taken again while `mmap_lock` is held, directly or in a callee.
  case recursiveMmapLock = "recursive-mmap-lock"
}
