extension Machine {
  /// Whether a thread on a CPU stands at an outcome its paths never take: a `trylock` of a
  /// held lock whose failure is `impossible`, of a free one whose success is, a `try_get` or
  /// `migrate` likewise; or the release of a lock another thread holds.
  ///
  /// A spliced path writes `impossible` for an outcome the walk found on no path (the second
  /// `folio_trylock()` of a loop whose first failed, read on the same folio), and releases a
  /// lock it believes it holds though the call that took it is not on the path
  /// (`folio_lock_or_retry()`, a caller's lock), so such a state is one the patch's paths do
  /// not describe: the thread cannot go on, but not because the kernel would wait there. The explorer leaves these states out of its verdicts (no
  /// deadlock ends there, no livelock cycles through them) and counts them in
  /// `Run.offPathStates`.
  ///
  /// - Complexity: O(CPUs).
  func standsOffPath(_ state: UnsafePointer<UInt8>) -> Bool {
    for cpu in 0..<cpus {
      let thread = Int(state[cpuOffset + cpu])
      guard thread < threadCount, status(state, thread) == .running else { continue }
      let operation = operations[Int(pc(state, thread))]
      let base = objectOffset + 5 * Int(operation.object)
      let target: Int32
      switch operation.opcode {
      case .trylock:
        target = state[base] == Self.free ? operation.next : operation.alternative
      case .tryGet:
        target = state[base + 3] > 0 ? operation.next : operation.alternative
      case .migrate:
        target =
          Int32(state[base + 3]) <= operation.value ? operation.next : operation.alternative
      case .spinUnlock, .unlock, .writeUnlock:
        if state[base] != Self.free, state[base] != UInt8(thread) { return true }
        continue
      default:
        continue
      }
      if target == Instruction.impossible { return true }
    }
    return false
  }
}
