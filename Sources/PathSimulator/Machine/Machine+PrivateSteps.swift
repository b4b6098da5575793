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
  static func privateSteps(of program: Program, model: PreemptionModel) -> [Bool] {
    let code = program.instructions
    var owner = [Int](repeating: -1, count: program.objectNames.count)
    var shared = [Bool](repeating: false, count: program.objectNames.count)
    for (thread, info) in program.threads.enumerated() {
      var seen = Set<Int32>()
      var work = [info.entry]
      while let index = work.popLast() {
        guard index >= 0, seen.insert(index).inserted else { continue }
        let instruction = code[Int(index)]
        for object in [instruction.object, instruction.releasing] where object >= 0 {
          let slot = Int(object)
          if owner[slot] == -1 {
            owner[slot] = thread
          } else if owner[slot] != thread {
            shared[slot] = true
          }
        }
        work.append(instruction.next)
        work.append(instruction.alternative)
        work += instruction.choices
      }
    }
    let candidates: Set<Opcode> = [
      .spinLock, .spinUnlock, .lock, .unlock, .trylock, .readLock, .readUnlock, .writeLock,
      .writeUnlock, .get, .put, .tryGet, .migrate, .setFlag, .clearFlag, .testFlag,
    ]
    let excluded: Set<Opcode> =
      switch model {
      case .none, .rt: []
      case .voluntary: [.lock, .readLock, .writeLock]
      case .full: [.spinLock]
      }
    return code.map { instruction in
      guard candidates.contains(instruction.opcode), !excluded.contains(instruction.opcode),
        instruction.object >= 0, !shared[Int(instruction.object)],
        instruction.releasing < 0 || !shared[Int(instruction.releasing)]
      else { return false }
      return true
    }
  }
}
