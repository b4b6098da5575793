extension Machine {
  /// Whether the attempt `operation` (`trylock`, `try_get`, `migrate`) succeeds in `state`;
  /// nil for any other operation. The one place both the step and the off-path test read it.
  @inline(__always) func attemptSucceeds(_ operation: Operation, _ state: UnsafePointer<UInt8>)
    -> Bool?
  {
    let base = objectOffset + 5 * Int(operation.object)
    switch operation.opcode {
    case .trylock: return state[base] == Self.free
    case .tryGet: return state[base + 3] > 0
    case .migrate: return Int32(state[base + 3]) <= operation.value
    default: return nil
    }
  }

  /// Whether `operation` releases a lock that a thread other than `thread` holds.
  @inline(__always) func releasesAnothersLock(
    _ operation: Operation, _ state: UnsafePointer<UInt8>, thread: Int
  ) -> Bool {
    switch operation.opcode {
    case .spinUnlock, .unlock, .writeUnlock: break
    default: return false
    }
    let owner = state[objectOffset + 5 * Int(operation.object)]
    return owner != Self.free && owner != UInt8(thread)
  }

  /// Whether a thread on a CPU stands at an outcome its paths never take: an attempt
  /// (`trylock`, `try_get`, `migrate`) whose outcome in this state is `impossible`, or the
  /// release of a lock another thread holds.
  ///
  /// A spliced path writes `impossible` for an outcome the walk found on no path (the second
  /// `folio_trylock()` of a loop whose first failed, read on the same folio), and releases a
  /// lock it believes it holds though the call that took it is not on the path
  /// (`folio_lock_or_retry()`, a caller's lock), so such a state is one the patch's paths do
  /// not describe: the thread cannot go on, but not because the kernel would wait there. The
  /// explorer leaves these states out of its verdicts (no deadlock ends there, no livelock
  /// cycles through them) and counts them in `Run.offPathStates`.
  ///
  /// - Complexity: O(CPUs).
  func standsOffPath(_ state: UnsafePointer<UInt8>) -> Bool {
    for cpu in 0..<cpus {
      let thread = Int(state[cpuOffset + cpu])
      guard thread < threadCount, status(state, thread) == .running else { continue }
      let operation = operations[Int(pc(state, thread))]
      if releasesAnothersLock(operation, state, thread: thread) { return true }
      if let succeeds = attemptSucceeds(operation, state),
        (succeeds ? operation.next : operation.alternative) == Instruction.impossible
      {
        return true
      }
    }
    return false
  }
}
