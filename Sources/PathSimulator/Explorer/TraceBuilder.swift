/// Explains paths through the state graph as trace steps a kernel developer can read.
struct TraceBuilder {
  let machine: Machine
  let graph: StateGraph

  /// The breadth-first (shortest) path from the initial state to `state`.
  func prefix(to state: Int) -> [Int] {
    var path = [state]
    var node = state
    while graph.parent[node] >= 0 {
      node = Int(graph.parent[node])
      path.append(node)
    }
    return path.reversed()
  }

  /// A cycle through `start` inside `states` that steps every task in `taken`, so it is fair.
  func cycle(from start: Int, within states: [Int], taken: UInt64) -> [Int] {
    let inside = Set(states)
    var path = [start]
    var missing = taken
    var node = start
    while missing != 0 {
      let task = UInt8(missing.trailingZeroBitCount)
      guard let hop = shortestHop(from: node, inside: inside, until: { $1 == task }) else { break }
      for edge in hop.dropLast() {
        if let done = graph.executingTask(edge) { missing &= ~(1 << UInt64(done)) }
      }
      missing &= ~(1 << UInt64(task))
      for edge in hop { path.append(Int(graph.edgeTarget[edge])) }
      node = path[path.count - 1]
    }
    if node != start || path.count == 1,
      let back = shortestHop(from: node, inside: inside, until: { target, _ in target == start })
    {
      for edge in back { path.append(Int(graph.edgeTarget[edge])) }
    }
    return path
  }

  /// Breadth-first search over non-progress edges inside `inside`; returns the edges of
  /// the first path whose last edge satisfies `until(target, executing task)`.
  private func shortestHop(from source: Int, inside: Set<Int>, until: (Int, UInt8?) -> Bool)
    -> [Int]?
  {
    var via: [Int: Int] = [source: -1]
    var queue = [source]
    var head = 0
    while head < queue.count {
      let node = queue[head]
      head += 1
      for edge in graph.edgeStart[node]..<graph.edgeStart[node + 1] {
        let label = graph.edgeLabel[edge]
        let target = Int(graph.edgeTarget[edge])
        guard label & StateGraph.progressBit == 0, inside.contains(target) else { continue }
        if until(target, graph.executingTask(edge)) {
          var edges = [edge]
          var back = node
          while let previous = via[back], previous >= 0 {
            edges.append(previous)
            back = edgeSource(previous)
          }
          return edges.reversed()
        }
        if via[target] == nil {
          via[target] = edge
          queue.append(target)
        }
      }
    }
    return nil
  }

  private func edgeSource(_ edge: Int) -> Int {
    var low = 0
    var high = graph.edgeStart.count - 1
    while low + 1 < high {
      let middle = (low + high) / 2
      if graph.edgeStart[middle] <= edge { low = middle } else { high = middle }
    }
    while graph.edgeStart[low + 1] <= edge { low += 1 }
    return low
  }

  /// The steps between consecutive states of `path`, numbered from `first`.
  func steps(along path: [Int], numberedFrom first: Int) -> [TraceStep] {
    var result: [TraceStep] = []
    guard path.count > 1 else { return result }
    let words = machine.wordCount
    let from = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
    let to = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
    let next = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
    defer {
      from.deallocate()
      to.deallocate()
      next.deallocate()
    }
    for position in 1..<path.count {
      graph.store.load(path[position - 1], into: from)
      graph.store.load(path[position], into: to)
      let fromBytes = UnsafeRawPointer(from).assumingMemoryBound(to: UInt8.self)
      var found: Step?
      machine.successors(
        of: fromBytes, next: UnsafeMutableRawPointer(next).assumingMemoryBound(to: UInt8.self)
      ) { step in
        if found == nil, (0..<words).allSatisfy({ next[$0] == to[$0] }) { found = step }
      }
      guard let step = found else { continue }
      result.append(describe(step, in: fromBytes, number: first + result.count))
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
    case .testFlag: return step.detail == 0 ? ": yes" : ": no"
    case .drain: return ": the work has run on every CPU"
    case .choose: return " #\(step.detail + 1)"
    default: return ""
    }
  }

  /// Tasks that wait on the cycle and never run: queued kworkers, runnable or sleeping threads.
  func starved(on cycle: [Int], taken: UInt64) -> [String] {
    guard let first = cycle.first else { return [] }
    let words = machine.wordCount
    let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
    defer { buffer.deallocate() }
    graph.store.load(first, into: buffer)
    let state = UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self)
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
