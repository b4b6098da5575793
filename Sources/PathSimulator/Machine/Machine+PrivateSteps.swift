extension Machine {
  /// Per instruction: whether executing it is a step no other task can observe or be affected
  /// by, so that partial-order reduction may explore it alone (as a `call`).
  ///
  /// An operation on an object only one thread's code ever names (the PTL of the page a fault
  /// handles, when its contender only takes the page lock) commutes with every step of every
  /// other task — unless executing it takes away a preemption the scheduler could make before
  /// it: a `might_sleep()` point under `voluntary` (sleeping locks: preemptible before, maybe
  /// not after), or a `spin_lock()` under `full` (preemptible before, not while held). Under
  /// `none` a thread is preemptible only at `cond_resched()`, under `rt` always, so there every
  /// such operation qualifies. Waits, drains, progress labels and sleeping never do.
  ///
  /// ```
  /// thread fault { spin_lock ptl; trylock folio else { … } }   # ptl: private, folio: shared
  /// ```
  ///
  /// - Complexity: O(instructions × threads).
  static func privateSteps(
    of program: Program, operations: [Operation], targets: [Int32], model: PreemptionModel
  ) -> [Bool] {
    var owner = [Int](repeating: -1, count: program.objectNames.count)
    var shared = [Bool](repeating: false, count: program.objectNames.count)
    // The thread whose walk reached an instruction last: a visited set that needs no clearing
    // between threads. (The compact operations, not the instructions: no text to copy.)
    var reachedBy = [Int](repeating: -1, count: operations.count)
    var work: [Int32] = []
    for (thread, info) in program.threads.enumerated() {
      work.removeAll(keepingCapacity: true)
      work.append(info.entry)
      while let index = work.popLast() {
        guard index >= 0, reachedBy[Int(index)] != thread else { continue }
        reachedBy[Int(index)] = thread
        let operation = operations[Int(index)]
        for object in [operation.object, operation.releasing] where object >= 0 {
          let slot = Int(object)
          if owner[slot] == -1 {
            owner[slot] = thread
          } else if owner[slot] != thread {
            shared[slot] = true
          }
        }
        work.append(operation.next)
        work.append(operation.alternative)
        work += targets[Int(operation.choices.lowerBound)..<Int(operation.choices.upperBound)]
      }
    }
    return operations.map { operation in
      guard isCandidate(operation.opcode, under: model), operation.object >= 0,
        !shared[Int(operation.object)],
        operation.releasing < 0 || !shared[Int(operation.releasing)]
      else { return false }
      return true
    }
  }

  /// Whether an operation on a private object may be explored alone under `model`: locks,
  /// counts and flags, but not an operation that takes away a preemption the model allows
  /// before it (a sleeping lock under `voluntary`, a `spin_lock` under `full`).
  private static func isCandidate(_ opcode: Opcode, under model: PreemptionModel) -> Bool {
    switch opcode {
    case .lock, .readLock, .writeLock: return model != .voluntary
    case .spinLock: return model != .full
    case .spinUnlock, .unlock, .trylock, .readUnlock, .writeUnlock, .get, .put, .tryGet, .migrate,
      .setFlag, .clearFlag, .testFlag:
      return true
    default: return false
    }
  }
}
