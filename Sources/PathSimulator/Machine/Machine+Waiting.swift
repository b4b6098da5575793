extension Machine {
  /// Whether a task that does not step on a cycle (`taken` has a bit per task that does)
  /// waits there: an unfinished thread (sleeping, runnable, or stuck at its instruction), or
  /// a kworker with work queued. ``TraceBuilder`` names these tasks as starved.
  ///
  /// - Complexity: O(tasks).
  func waits(_ state: UnsafePointer<UInt8>, besides taken: UInt64) -> Bool {
    for task in 0..<taskCount where taken & (1 << UInt64(task)) == 0 {
      if task >= threadCount {
        if state[pendingOffset + task - threadCount] != 0 { return true }
      } else if status(state, task) != .finished {
        return true
      }
    }
    return false
  }

  /// Whether `thread` stands at a `choose`, so that its step out of `state` picks a path.
  func chooses(_ state: UnsafePointer<UInt8>, thread: Int) -> Bool {
    guard thread < threadCount, status(state, thread) != .finished else { return false }
    return operations[Int(pc(state, thread))].opcode == .choose
  }
}
