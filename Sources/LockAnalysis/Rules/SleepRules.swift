import CSyntax

extension PathWalker {
  /// A point where the task may sleep: forbidden under a spinlock, and a wait after a failed trylock.
  func sleepPoint(_ call: Call, _ state: inout PathState, recorded: Bool = false) {
    if let spinlock = state.held.last(where: { $0.family == .spinlock || $0.family == .seqlock }) {
      report(
        .sleepUnderSpinlock, severity: .error, line: call.line, key: "\(call.line)",
        path: state.ops,
        message:
          "\(call.name)() at \(call.line) may sleep while the spinlock \(spinlock.object) is held "
          + "(\(spinlock.origin)): release it first")
    }
    if state.unwaitedTrylockFailure != nil { state.unwaitedTrylockFailure = nil }
  }

  /// A path leaves: through `return`, the end of the body, or the end of the fragment.
  func leave(_ state: PathState, kind: ExitKind, value: String?, line: Int) {
    var state = state
    var resolved = value
    if let value, let known = state.values[value] { resolved = known }
    var op = PathOp(op: .return, line: line)
    op.value = kind == .fragmentEnd ? nil : resolved
    if kind == .return { _ = state.append(op) }
    var retries = false
    if let finalValues = retryFinalValues {
      if let resolved {
        retries = !finalValues.contains { resolved.contains($0) } && !resolved.hasPrefix("-")
      } else {
        retries = true
      }
    }
    if retries, let failed = state.unwaitedTrylockFailure {
      let trylock = state.ops[failed]
      report(
        .trylockRetry, severity: .warning, line: trylock.line, key: "\(trylock.line)",
        path: state.ops,
        message:
          "when \(trylock.call ?? "trylock")(\(trylock.object ?? "")) fails at \(trylock.line), "
          + "\(context.function)() "
          + (kind == .return
            ? "returns \(resolved ?? "") at \(line)"
            : "leaves the lines the patch shows (at \(line))")
          + " without waiting for the lock or yielding, and its caller retries the fault at once: a task "
          + "that needs this CPU to release the lock (e.g. lru_add_drain_all() work) can starve, a livelock "
          + "without full preemption; wait for the lock before returning")
    }
    exits.append(
      ExitState(
        state: state, kind: kind, value: resolved, line: line, retries: retries, segment: segment))
  }
}
