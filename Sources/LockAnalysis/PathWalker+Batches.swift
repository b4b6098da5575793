import CSyntax

/// Locks a lookup puts on the objects of a batch of the function's own, followed to the
/// objects the code reads out of it (``ListHoldings``, as for a list).
///
/// `find_lock_entries(mapping, &index, end - 1, &fbatch, indices)` fills `fbatch` with locked
/// folios (and value entries, which are no folios); `folio = fbatch.folios[i]` gives the round's
/// folio the lock, which the round must unlock or hand on before the next one:
///
/// ```c
/// for (i = 0; i < folio_batch_count(&fbatch); i++) {
///         folio = fbatch.folios[i];
///         if (xa_is_value(folio))
///                 continue;
///         truncate_inode_folio(mapping, folio);
///         /* folio_unlock(folio) deleted: every folio of the batch stays locked */
/// }
/// ```
extension PathWalker {
  /// `find_lock_entries(…, &fbatch, …)`: the batch holds a page lock on each of its objects.
  /// Any other call given the batch, but one that only reads it (`folio_batch_count(&fbatch)`),
  /// refills or empties it (`find_get_entries()`, `folio_batch_release()`): it holds no lock.
  func noteBatchCall(_ call: Call, opIndex: Int, _ state: inout PathState) {
    guard !call.indirect else { return }
    guard let position = context.table.batchArgument(of: call.name) else {
      guard !state.lists.lists.isEmpty, !context.table.lists(call.name, as: .readsOnly) else {
        return
      }
      for name in Self.addressedNames(call) where state.lists.lists[name]?.isBatch == true {
        state.lists.lists[name] = nil
      }
      return
    }
    guard position < call.arguments.count, let batch = Self.ownList(call.arguments[position])
    else { return }
    // The lock of each object is the lookup's: its op (the call) stands for the acquisition,
    // as a list's objects keep the op of the lock they were put on it with.
    let lock = HeldLock(
      object: batch, family: .page, mode: .exclusive, line: call.line, call: call.name,
      opIndex: opIndex)
    state.lists.lists[batch] = ListHoldings.Holding(lock: lock, references: 0, isBatch: true)
  }

  /// `folio = fbatch.folios[i]` (or `struct folio *folio = fbatch.folios[i];`) from a batch a
  /// lookup filled locked: the name receives the lock, already off the batch (the round must
  /// unlock it or hand it on before the next round, ``settleListRounds(_:lines:leaving:)``).
  func receiveBatchElement(
    _ assignment: EffectPlan.AssignmentStep, from batch: String, _ state: inout PathState
  ) {
    guard state.lists.lists[batch]?.isBatch == true, state.lists.lists[batch]?.lock != nil
    else { return }
    let element = state.canonical(assignment.target)
    receive(element, named: assignment.target, from: batch, line: assignment.line, &state)
    state.lists.received[element]?.removedAt = assignment.line
  }

  /// `fbatch.folios[i]`, `pvec->pages[i]` → `fbatch`: an element of an array field of a
  /// plain name (a batch the function may have filled); nil for anything else.
  static func batchElementSource(_ value: [Token]) -> String? {
    guard value.count >= 6, value[0].kind == .identifier,
      value[1].isPunct(".") || value[1].isPunct("->"), value[2].kind == .identifier,
      value[3].isPunct("["), Expression.matching(value, 3) == value.count - 1
    else { return nil }
    return value[0].text
  }

  /// On the branch where a `value-entry-test` of the table (`xa_is_value(folio)`) is true, the
  /// name holds a value entry, no object: the lock a batch gave it is no lock.
  func droppingValueEntry(_ key: String, _ state: inout PathState) {
    guard !state.lists.received.isEmpty, let open = key.firstIndex(of: "("),
      key.last == ")", context.table.lists(String(key[..<open]), as: .valueEntryTest)
    else { return }
    let name = state.canonical(
      String(key[key.index(after: open)..<key.index(before: key.endIndex)]))
    guard let lock = state.lists.received[name]?.lock else { return }
    state.held.removeAll { $0.object == name && $0.opIndex == lock.opIndex }
    state.lists.received[name]?.lock = nil
  }
}
