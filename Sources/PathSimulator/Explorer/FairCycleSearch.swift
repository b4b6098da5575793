/// Finds a livelock: a set of states, strongly connected by steps that pass no
/// progress label, on which the scheduler is fair.
///
/// Fairness is strong fairness per task (thread or kworker): a task that can step
/// again and again on the cycle (its CPU may pick it, it may preempt, it may run) does
/// execute on it; being switched in and out again does not count. So a CPU that can
/// run something does, and queued work runs when its CPU schedules. Following Emerson and Lei, an SCC where some task is enabled but never
/// steps loses the states where that task is enabled, and what remains is split into
/// SCCs again, until a fair SCC is found or nothing is left. States where a thread stands at
/// an outcome its paths never take (`StateGraph.offPath`) are left out from the start: a
/// cycle through them would rest on that thread never going on.
///
/// A cycle on which no task waits (every unfinished task steps on it, no work is queued) is a
/// livelock only if it is forced: a `choose` stands for a condition the paths do not model
/// (`!pte_same()` in real `do_swap_page()`, which sends the fault back to its retrying
/// caller), and with nobody left to change it the condition does not hold forever. There,
/// `choose` is strongly fair too: the states where an alternative leaves the SCC are dropped
/// like those of a task that never steps. A cycle a task waits on (a starved kworker) is
/// judged on the tasks alone, as a chosen condition may well stay so while the waiter cannot
/// run: real `do_swap_page()`'s cycle with `folio_trylock()` failing passes a `choose` first.
struct FairCycleSearch {
  let graph: StateGraph
  let machine: Machine

  /// A fair non-progress SCC (its states, sorted) and the tasks that step in it.
  func find() -> (states: [Int], taken: UInt64)? {
    let count = graph.store.count
    guard graph.edgeStart.count == count + 1 else { return nil }
    var member = [Int32](repeating: 0, count: count)
    var generation: Int32 = 1
    var offPath = [Bool](repeating: false, count: count)
    for state in graph.offPath { offPath[Int(state)] = true }
    var work: [[Int]] = [(0..<count).filter { !offPath[$0] }]
    var order = [Int32](repeating: -1, count: count)
    var low = [Int32](repeating: 0, count: count)
    var component = [Int32](repeating: -1, count: count)
    var onStack = [Bool](repeating: false, count: count)
    var componentCount: Int32 = 0
    while let nodes = work.popLast() {
      generation += 1
      for node in nodes {
        member[node] = generation
        order[node] = -1
        component[node] = -1
      }
      var counter: Int32 = 0
      var stack: [Int] = []
      var calls: [(node: Int, edge: Int)] = []
      for root in nodes where order[root] < 0 {
        calls.append((root, graph.edgeStart[root]))
        order[root] = counter
        low[root] = counter
        counter += 1
        stack.append(root)
        onStack[root] = true
        while !calls.isEmpty {
          let (node, edge) = calls[calls.count - 1]
          if edge < graph.edgeStart[node + 1] {
            calls[calls.count - 1].edge += 1
            let target = Int(graph.edgeTarget[edge])
            guard graph.edgeLabel[edge] & StateGraph.progressBit == 0, member[target] == generation
            else {
              continue
            }
            if order[target] < 0 {
              order[target] = counter
              low[target] = counter
              counter += 1
              stack.append(target)
              onStack[target] = true
              calls.append((target, graph.edgeStart[target]))
            } else if onStack[target] {
              low[node] = min(low[node], order[target])
            }
            continue
          }
          calls.removeLast()
          if let caller = calls.last { low[caller.node] = min(low[caller.node], low[node]) }
          guard low[node] == order[node] else { continue }
          var scc: [Int] = []
          componentCount += 1
          while true {
            let top = stack.removeLast()
            onStack[top] = false
            component[top] = componentCount
            scc.append(top)
            if top == node { break }
          }
          if let fair = check(scc, component: component, id: componentCount, work: &work) {
            return fair
          }
        }
      }
    }
    return nil
  }

  /// Returns the SCC when it has a cycle and is fair; otherwise queues what remains of it.
  private func check(
    _ scc: [Int], component: [Int32], id: Int32, work: inout [[Int]]
  ) -> (states: [Int], taken: UInt64)? {
    var taken: UInt64 = 0
    var hasCycle = false
    var enabled: UInt64 = 0
    for node in scc {
      enabled |= graph.enabled[node]
      for edge in graph.edgeStart[node]..<graph.edgeStart[node + 1] {
        let label = graph.edgeLabel[edge]
        guard label & StateGraph.progressBit == 0, component[Int(graph.edgeTarget[edge])] == id
        else { continue }
        hasCycle = true
        if let task = graph.executingTask(edge) { taken |= 1 << UInt64(task) }
      }
    }
    guard hasCycle else { return nil }
    let unfair = enabled & ~taken
    if unfair != 0 {
      let rest = scc.filter { graph.enabled[$0] & unfair == 0 }
      if rest.count > 0 { work.append(rest) }
      return nil
    }
    let state = UnsafeMutablePointer<UInt64>.allocate(capacity: machine.wordCount)
    defer { state.deallocate() }
    let bytes = UnsafeRawPointer(state).assumingMemoryBound(to: UInt8.self)
    let waited = scc.contains { node in
      graph.store.load(node, into: state)
      return machine.waits(bytes, besides: taken)
    }
    if waited { return (scc.sorted(), taken) }
    let leaving = Set(
      scc.filter { node in
        graph.store.load(node, into: state)
        return (graph.edgeStart[node]..<graph.edgeStart[node + 1]).contains { edge in
          guard let task = graph.executingTask(edge), machine.chooses(bytes, thread: Int(task))
          else { return false }
          return graph.edgeLabel[edge] & StateGraph.progressBit != 0
            || component[Int(graph.edgeTarget[edge])] != id
        }
      })
    if leaving.isEmpty { return (scc.sorted(), taken) }
    let rest = scc.filter { !leaving.contains($0) }
    if rest.count > 0 { work.append(rest) }
    return nil
  }
}
