/// Explains a path of states as trace steps a kernel developer can read.
///
/// It works on the states themselves, not on a state graph, so that the path one search
/// found describes the run of every program of the same shape (``SearchCache``) in that
/// program's own words.
struct TraceBuilder {
  let machine: Machine

  /// The steps between consecutive states of `path`, numbered from `first`.
  func steps(along path: [[UInt64]], numberedFrom first: Int) -> [TraceStep] {
    var result: [TraceStep] = []
    guard path.count > 1 else { return result }
    let words = machine.wordCount
    let next = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
    defer { next.deallocate() }
    for position in 1..<path.count {
      let to = path[position]
      path[position - 1].withUnsafeBufferPointer { from in
        let fromBytes = UnsafeRawPointer(from.baseAddress!).assumingMemoryBound(to: UInt8.self)
        var found: Step?
        machine.successors(
          of: fromBytes, next: UnsafeMutableRawPointer(next).assumingMemoryBound(to: UInt8.self)
        ) { step in
          if found == nil, (0..<words).allSatisfy({ next[$0] == to[$0] }) { found = step }
        }
        if let step = found {
          result.append(describe(step, in: fromBytes, number: first + result.count))
        }
      }
    }
    return result
  }

  private func describe(_ step: Step, in state: UnsafePointer<UInt8>, number: Int) -> TraceStep {
    let name = machine.taskName(step.task)
    var trace = TraceStep(step: number, cpu: step.cpu, thread: name, op: "")
    switch step.kind {
    case .schedule:
      trace.op =
        step.task >= machine.threadCount
        ? "cpu\(step.cpu) schedules the queued work" : "cpu\(step.cpu) schedules \(name)"
    case .preempt:
      trace.op = "preempts \(machine.taskName(step.detail))"
    case .work:
      trace.op = "runs the lru_add_drain_all() work queued on cpu\(step.cpu)"
    case .execute, .sleep:
      let instruction = machine.code[Int(step.pc)]
      trace.file = instruction.source?.file
      trace.line = instruction.source?.line
      trace.op = instruction.text + outcome(of: step, instruction: instruction, in: state)
    }
    return trace
  }

  private func outcome(of step: Step, instruction: Instruction, in state: UnsafePointer<UInt8>)
    -> String
  {
    let holder: String = {
      guard instruction.object >= 0 else { return "" }
      let owner = machine.owner(state, instruction.object)
      return owner == Machine.free ? "" : " (held by \(machine.taskName(Int(owner))))"
    }()
    if step.kind == .sleep {
      switch instruction.opcode {
      case .drain:
        return ": queues work on " + (0..<machine.cpus).map { "cpu\($0)" }.joined(separator: ", ")
          + " and sleeps until it has run"
      case .readLock: return ": sleeps\(holder.isEmpty ? " behind a queued writer" : holder)"
      case .writeLock:
        return ": queues as a writer and sleeps\(holder.isEmpty ? " (readers hold it)" : holder)"
      case .waitUnlocked:
        return instruction.releasing >= 0
          ? ": drops \(machine.program.objectNames[Int(instruction.releasing)]), sleeps\(holder)"
          : ": sleeps\(holder)"
      default: return ": sleeps\(holder)"
      }
    }
    switch instruction.opcode {
    case .trylock: return step.detail == 0 ? ": acquired" : ": failed\(holder)"
    case .tryGet: return step.detail == 0 ? ": got a reference" : ": failed (no references)"
    case .migrate:
      let refs = state[machine.objectOffset + 5 * Int(instruction.object) + 3]
      return step.detail == 0
        ? ": \(refs) references as expected, migrated"
        : ": \(refs) references > \(instruction.value), aborted"
    case .put:
      let refs = state[machine.objectOffset + 5 * Int(instruction.object) + 3]
      return refs == 0 ? ": the count is already 0 (refcount underflow)" : ""
    case .testFlag: return step.detail == 0 ? ": yes" : ": no"
    case .drain: return ": the work has run on every CPU"
    case .choose: return " #\(step.detail + 1)"
    default: return ""
    }
  }

  /// Tasks that wait on the cycle entered at `entry` and never run: queued kworkers, runnable
  /// or sleeping threads.
  func starved(at entry: [UInt64], taken: UInt64) -> [String] {
    entry.withUnsafeBufferPointer { words in
      starved(
        at: UnsafeRawPointer(words.baseAddress!).assumingMemoryBound(to: UInt8.self), taken: taken)
    }
  }

  private func starved(at state: UnsafePointer<UInt8>, taken: UInt64) -> [String] {
    var result: [String] = []
    for task in 0..<machine.taskCount where taken & (1 << UInt64(task)) == 0 {
      if task >= machine.threadCount {
        let cpu = task - machine.threadCount
        if state[machine.pendingOffset + cpu] != 0 {
          result.append("kworker/\(cpu): lru_add_drain_all() work queued on cpu\(cpu) never runs")
        }
        continue
      }
      let name = machine.taskName(task)
      let text = machine.code[Int(min(machine.pc(state, task), UInt16(machine.code.count - 1)))]
        .text
      switch machine.status(state, task) {
      case .ready: result.append("\(name): runnable at '\(text)', never gets a CPU")
      case .blocked:
        result.append(
          machine.canWake(state, thread: task)
            ? "\(name): woken at '\(text)', never gets a CPU" : "\(name): sleeps at '\(text)'")
      case .running: result.append("\(name): cannot continue at '\(text)'")
      case .finished: break
      }
    }
    return result
  }
}
