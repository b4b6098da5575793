extension Machine {
  /// The steps of the thread running on `cpu`: its next instruction, or going to sleep on it.
  func execute(
    _ state: UnsafePointer<UInt8>, thread: Int, cpu: Int, next: UnsafeMutablePointer<UInt8>,
    _ visit: (Step) -> Void
  ) {
    let bytes = wordCount * 8
    let pc = Int32(self.pc(state, thread))
    let instruction = operations[Int(pc)]
    let base = objectOffset + 5 * Int(instruction.object)
    let me = UInt8(thread)
    let waiting = state[thread] & Self.waitingBit != 0

    func step(_ detail: Int = 0, progress: Bool = false, local: Bool? = nil) -> Step {
      Step(
        task: thread, cpu: cpu, kind: .execute, pc: pc, detail: detail, progress: progress,
        local: local ?? privateSteps[Int(pc)])
    }
    /// Copies the state and moves the thread to `target` (finishing it at the end of its body).
    func advance(to target: Int32) {
      next.update(from: state, count: bytes)
      next[thread] &= ~Self.waitingBit
      if target == Instruction.end {
        next[thread] = Status.finished.rawValue
        next[cpuOffset + cpu] = Self.idle
        setPC(next, thread, Self.ended)
      } else {
        setPC(next, thread, UInt16(target))
      }
    }
    /// Copies the state and puts the thread to sleep on this instruction; its CPU goes idle.
    func sleep(marking: Bool) {
      next.update(from: state, count: bytes)
      next[thread] =
        Status.blocked.rawValue | (marking ? Self.waitingBit : next[thread] & Self.waitingBit)
      next[cpuOffset + cpu] = Self.idle
    }
    let slept = Step(
      task: thread, cpu: cpu, kind: .sleep, pc: pc, detail: 0, progress: false, local: false)

    switch instruction.opcode {
    case .spinLock, .lock:
      if state[base] == Self.free {
        advance(to: instruction.next)
        next[base] = me
        visit(step())
      } else if instruction.opcode == .lock || model == .rt {
        sleep(marking: false)
        visit(slept)
      }
    case .spinUnlock, .unlock, .writeUnlock:
      // Another thread's lock: the path believed it held it (taken by a call the paths do not
      // show); it stands off its paths until that thread lets go (``standsOffPath(_:)``).
      guard !releasesAnothersLock(instruction, state, thread: thread) else { return }
      advance(to: instruction.next)
      next[base] = Self.free
      visit(step())
    case .trylock:
      if attemptSucceeds(instruction, state) == true {
        guard instruction.next != Instruction.impossible else { return }
        advance(to: instruction.next)
        next[base] = me
        visit(step())
      } else {
        guard instruction.alternative != Instruction.impossible else { return }
        advance(to: instruction.alternative)
        visit(step(1))
      }
    case .readLock:
      if state[base] == Self.free && state[base + 2] == 0 {
        advance(to: instruction.next)
        if next[base + 1] < Self.referenceLimit { next[base + 1] += 1 }
        visit(step())
      } else {
        sleep(marking: false)
        visit(slept)
      }
    case .readUnlock:
      advance(to: instruction.next)
      if next[base + 1] > 0 { next[base + 1] -= 1 }
      visit(step())
    case .writeLock:
      if state[base] == Self.free && state[base + 1] == 0 {
        advance(to: instruction.next)
        next[base] = me
        if waiting, next[base + 2] > 0 { next[base + 2] -= 1 }
        visit(step())
      } else {
        sleep(marking: true)
        if !waiting { next[base + 2] += 1 }
        visit(slept)
      }
    case .get:
      advance(to: instruction.next)
      if next[base + 3] < Self.referenceLimit { next[base + 3] += 1 }
      visit(step())
    case .put:
      advance(to: instruction.next)
      if next[base + 3] > 0 {
        next[base + 3] -= 1
      } else {
        next[base + 4] |= Self.putOnZeroBit
      }
      visit(step())
    case .tryGet, .migrate:
      let succeeds = attemptSucceeds(instruction, state) == true
      let target = succeeds ? instruction.next : instruction.alternative
      guard target != Instruction.impossible else { return }
      advance(to: target)
      if succeeds, instruction.opcode == .tryGet, next[base + 3] < Self.referenceLimit {
        next[base + 3] += 1
      }
      visit(step(succeeds ? 0 : 1))
    case .waitUnlocked:
      if waiting || state[base] == Self.free {
        advance(to: instruction.next)
        if !waiting, instruction.releasing >= 0 {
          next[objectOffset + 5 * Int(instruction.releasing)] = Self.free
        }
        visit(step())
      } else {
        sleep(marking: true)
        if instruction.releasing >= 0 {
          next[objectOffset + 5 * Int(instruction.releasing)] = Self.free
        }
        visit(slept)
      }
    case .drain:
      if waiting {
        advance(to: instruction.next)
        visit(step())
      } else {
        sleep(marking: true)
        for other in 0..<cpus { next[pendingOffset + other] = 1 }
        visit(slept)
      }
    case .condResched, .mightSleep:
      advance(to: instruction.next)
      visit(step())
    case .local:
      advance(to: instruction.next)
      visit(step(local: true))
    case .progress:
      advance(to: instruction.next)
      visit(step(progress: true))
    case .setFlag, .clearFlag:
      advance(to: instruction.next)
      next[base + 4] =
        (next[base + 4] & Self.putOnZeroBit) | (instruction.opcode == .setFlag ? 1 : 0)
      visit(step())
    case .testFlag:
      let set = state[base + 4] & 1 != 0
      advance(to: set ? instruction.next : instruction.alternative)
      visit(step(set ? 0 : 1))
    case .choose:
      for index in instruction.choices {
        advance(to: choiceTargets[Int(index)])
        visit(step(Int(index - instruction.choices.lowerBound), local: true))
      }
    case .jump:
      advance(to: instruction.next)
      visit(step(local: true))
    }
  }
}
