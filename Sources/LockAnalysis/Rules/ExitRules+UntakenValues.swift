import CSyntax

/// A value that cannot say a lock is held because a path that never took the lock returns it
/// too.
extension ExitRules {
  /// Exits holding `object` that return a constant (`AOP_WRITEPAGE_ACTIVATE`) which an exit
  /// that never took the lock returns as well, in a function that releases the lock on
  /// another path (`releasing`): the constant says the same thing with the lock and without
  /// it, so it does not tell the caller the lock is held, and the lock leaks. 6.1
  /// shmem_writepage() with `mutex_unlock(&shmem_swaplist_mutex)` deleted returns
  /// `AOP_WRITEPAGE_ACTIVATE` holding it, as the `redirty:` paths that never take it do.
  func heldBesideUntaken(
    _ object: String, holding: [ExitState], releasing: [ExitState], untaken: [ExitState],
    _ reported: inout Set<String>
  ) -> [Finding] {
    guard !handsOnLock, let released = releasing.first(where: { $0.kind == .return }) else {
      return []
    }
    var findings: [Finding] = []
    for held in holding where held.kind == .return {
      guard let value = held.value, Self.isConstant(value), !Self.isTailCall(value),
        !value.containsASCII("LOCK"), !Self.takesBackCallersLock(object, held.state),
        untaken.contains(where: { $0.kind == .return && $0.value == value }),
        let lock = held.state.held.last(where: { $0.object == object }),
        !lock.keptAcrossIterations, reported.insert("lock|\(object)|\(lock.line)").inserted
      else { continue }
      let releaseLine = released.state.releasedAfterAcquire[object].map {
        released.state.ops[$0].line
      }
      findings.append(
        Finding(
          rule: .lockImbalance, severity: .error, file: file, line: lock.line, function: name,
          message:
            "\(object) taken by \(lock.call)() at \(lock.line) is still held when \(name)() "
            + "returns \(value) on this path, but released"
            + (releaseLine.map { " at \($0)" } ?? "")
            + " on another path; \(value) cannot tell the caller it is held: a path that never "
            + "takes it returns \(value) too",
          path: held.state.ops.array))
    }
    return findings
  }
}
