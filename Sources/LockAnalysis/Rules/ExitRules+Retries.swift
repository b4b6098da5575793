/// A path that released a lock and jumped back to retry, as the witness of an exit that
/// returns nothing while holding the lock.
extension ExitRules {
  /// An exit that released `object` and jumped back to retry before it left the same way as
  /// `held`, when both return nothing (0, NULL, false, an error): such a return says nothing
  /// is held, whatever round it comes from. follow_pfnmap_start() with a `spin_unlock(lock)`
  /// deleted returns `-EINVAL` under `pmd_lock()`, where the path that released the lock and
  /// went back to `retry` returns `-EINVAL` without it; folio_lock_anon_vma_read() returns
  /// `anon_vma` set to NULL under `down_read_trylock()`. Other exits are not compared with
  /// such a path: it decided again what it had found before the jump. Nor is a `void` return
  /// (folio_memcg_lock() falls off its end holding `move_lock` by contract), nor the caller's
  /// lock taken back (scan_swap_map_slots(): "Caller expects lock to be held").
  func releasedBeforeRetry(_ object: String, besides held: ExitState, _ taking: [ExitState])
    -> ExitState?
  {
    guard held.kind == .return, held.value != nil, Self.returnsNothing(held),
      !Self.takesBackCallersLock(object, held.state)
    else { return nil }
    return taking.first { exit in
      exit.kind == .return && exit.state.jumpedBack
        && !exit.state.held.contains { $0.object == object } && Self.returnsNothing(exit)
        && Self.sameWay(held, exit)
    }
  }
}
