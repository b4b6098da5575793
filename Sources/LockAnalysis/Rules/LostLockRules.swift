/// `missing-pte-unmap` where a map is lost: the name holding a PTE map this path made is given
/// a new map while the old one is still mapped, so nothing can unmap the old one any more.
///
/// ```c
/// retry:
///         ptep = pte_offset_map_lock(mm, pmd, address, &ptl);
///         if (!pte_present(*ptep)) {
///                 spin_unlock(ptl);      /* pte_unmap_unlock(ptep, ptl) was meant */
///                 migration_entry_wait(mm, pmd, address);
///                 goto retry;            /* the map above is lost here */
///         }
/// ```
///
/// The same where the name is set to NULL while still mapped (6.1 handle_pte_fault():
/// `pte_unmap(vmf->pte); vmf->pte = NULL;` without its `pte_unmap()`).
extension PathWalker {
  /// Reports the map `state` holds in `mapped` as lost when `mapped` is mapped again at `line`
  /// (or, with `how`, is set to NULL there).
  func reportLostMap(
    _ mapped: String, at line: Int, _ state: PathState, how: String = "is given a new map"
  ) {
    guard let index = state.maps[mapped] else { return }
    let map = state.ops[index]
    report(
      .missingPTEUnmap, severity: .warning, line: map.line, key: "lost-map|\(map.line)",
      path: state.ops,
      message:
        "the PTE page mapped by \(map.call ?? "pte_offset_map")() at \(map.line) is still mapped "
        + "when \(mapped) \(how) at \(line) on this path: nothing can unmap it any more (every map "
        + "needs exactly one unmap)")
  }
}

/// `lock-imbalance` where a lock is lost: the name holding a lock a call returned (`lock =
/// pud_lock(mm, pudp)`) is given the next lock such a call returns while this path still holds
/// the first, so nothing can release the first any more (a `spin_unlock(lock)` missing before
/// `goto retry`).
extension PathWalker {
  /// Reports the lock `state` holds as `object` as lost when a call returns a new lock into that
  /// name at `line`, and stops tracking the old one (the path can no longer name it).
  func reportLostLock(_ object: String, at line: Int, _ state: inout PathState) {
    guard let lost = state.held.last(where: { $0.object == object && $0.returnedByCall }) else {
      return
    }
    report(
      .lockImbalance, severity: .warning, line: lost.line, key: "lost-lock|\(lost.line)",
      path: state.ops,
      message:
        "\(object) taken by \(lost.call)() at \(lost.line) is still held when \(object) is given "
        + "the lock \(state.ops.array.last?.call ?? "a call")() returns at \(line) on this path: "
        + "nothing can release the first lock any more")
    state.forget { $0.object == object && $0.opIndex == lost.opIndex }
  }
}

/// `lock-imbalance` where a page or folio lock is lost: the name of a locked folio is given
/// another value while this path still holds the lock, so nothing can unlock the first folio
/// any more (`unpin_user_pages_dirty_lock()` without its `folio_unlock()`: the next round's
/// `folio = gup_folio_next(…)`).
///
/// Not reported when the folio was handed on where the walk cannot follow it (stored in an
/// array or a structure, given to a call that keeps it: a loop that collects locked folios),
/// when the new value is the same object (`page = compound_head(page)`), or when another name
/// still holds the folio (`curr_page = page; … page = get_next_page(curr_page)` in
/// `lock_zspage()`).
extension PathWalker {
  /// Reports the page lock `state` holds on `name` as lost when `name` is reassigned at `line`.
  func reportLostPageLock(_ name: String, at line: Int, _ state: PathState) {
    guard
      let lost = state.held.last(where: { $0.object == name && $0.family == .page }),
      !state.escaped.contains(name), !state.handedOn.contains(name),
      !ExitRules.handsOut(name, state), Self.onlyAlias(of: name, in: state.aliases) == nil
    else { return }
    report(
      .lockImbalance, severity: .warning, line: lost.line, key: "lost-page-lock|\(lost.line)",
      path: state.ops,
      message:
        "\(name) locked by \(lost.call)() at \(lost.line) is still locked when \(name) is given "
        + "another value at \(line) on this path: " + Self.lostPageLockTail)
  }

  /// How a lost page lock's message ends: such a finding on the line of a lock an exit rule
  /// already reports (a loop that collects locked folios, `__collapse_huge_page_isolate()`)
  /// says nothing more (``FunctionWalk``).
  static let lostPageLockTail = "nothing can unlock it any more"
}

/// `lock-imbalance` where a lock's name is cleared: the pointer naming a lock this path took
/// is set to NULL while the lock is still held, so nothing can release it any more
/// (`page_vma_mapped_walk()` crossing a page-table boundary without its `spin_unlock()`:
/// `if (pvmw->ptl) { pvmw->ptl = NULL; }`, after which `page_vma_mapped_walk_done()` and the
/// next `spin_lock(pvmw->ptl)` see no lock). Page locks are ``reportLostPageLock(_:at:_:)``'s;
/// a lock held on entry is the caller's to track.
extension PathWalker {
  /// Reports the lock `state` holds as `name` when `name` is set to NULL (or 0) at `line`.
  func reportNulledLock(_ name: String, at line: Int, _ state: PathState) {
    guard
      let lost = state.held.last(where: {
        ($0.object == name || $0.object == state.canonical(name)) && $0.family != .page
          && $0.family != .rcu && !$0.isHeldOnEntry
      })
    else { return }
    reportUnnameable(lost, "nulled-lock", when: "\(name) is set to NULL at \(line)", state)
  }

  /// Reports `lost`, a lock this path still holds, when `what` leaves no name to release it by.
  func reportUnnameable(_ lost: HeldLock, _ key: String, when what: String, _ state: PathState) {
    report(
      .lockImbalance, severity: .warning, line: lost.line, key: "\(key)|\(lost.line)",
      path: state.ops,
      message:
        "\(lost.object) \(lost.origin) is still held when \(what) on this path: nothing can "
        + "release the lock any more")
  }
}

/// `lock-imbalance` where the structure a held spinlock belongs to is no longer named: `vn =
/// addr_to_node(…)` in the next round of pcpu_get_vm_areas()'s loop while the previous `vn`'s
/// `busy.lock` is still held. Not where another name still holds the structure (it is renamed
/// to that one) or the structure was stored for the caller.
extension PathWalker {
  /// Reports a spinlock of `name`'s structure (`name->field`) the path took and still holds
  /// when `name` is given another value at `line`.
  func reportLostFieldLock(of name: String, at line: Int, _ state: PathState) {
    guard
      let lost = state.held.last(where: {
        $0.family == .spinlock && !$0.isHeldOnEntry && !$0.returnedByCall && $0.object != name
          && Self.isBased($0.object, on: name)
      }),
      !ExitRules.handsOut(name, state), Self.onlyAlias(of: name, in: state.aliases) == nil
    else { return }
    reportUnnameable(
      lost, "lost-field-lock", when: "\(name) is given another value at \(line)", state)
  }
}
