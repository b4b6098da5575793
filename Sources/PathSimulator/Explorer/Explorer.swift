/// The reachable state graph of a `Machine`, explored breadth first.
///
/// Edges are kept (target, task, progress) so that livelocks can be searched on the
/// graph afterwards; `enabled[s]` records which tasks had a step in `s` before
/// partial-order reduction, which the fairness check needs.
struct StateGraph {
  var store: StateStore
  var edgeStart: [Int] = [0]
  var edgeTarget: [Int32] = []
  /// Task index in the low 6 bits; bit 6 set when the step only switches the task in
  /// (it executes nothing); bit 7 set when the step passes a progress label.
  var edgeLabel: [UInt8] = []
  var enabled: [UInt64] = []
  var parent: [Int32] = []
  var deadlock: Int?
  /// The states where a thread on a CPU stands at an outcome its paths never take
  /// (``Machine/standsOffPath(_:)``), in the order they were expanded: no deadlock ends
  /// there and the cycle search leaves them out.
  var offPath: [Int32] = []
  /// The first state where a count went wrong (reached `Machine.referenceLimit`, or a `put`
  /// found it at zero), and which count.
  var fault: (state: Int, what: Machine.CountFault)?
  var boundReached = false

  var transitions: Int { edgeTarget.count }

  /// The bytes the search holds, over-estimated: each array may have grown to twice its
  /// count, so a state costs twice its words plus 96 bytes of hash slot, parent, enabled
  /// set, edge start and the cycle search's per-state arrays, and an edge 10 bytes.
  /// Calibrated on a 381k-state run (hmm-range-fault, 6 CPUs, 3 folios): estimate 110 MB,
  /// peak resident size 105 MB.
  var approximateBytes: Int {
    store.count * (store.wordCount * 16 + 96) + transitions * 10
  }

  static let progressBit: UInt8 = 0x80
  static let switchBit: UInt8 = 0x40
  static let taskMask: UInt8 = 0x3F

  /// The task whose execution this edge is, for fairness: nil for a mere switch.
  func executingTask(_ edge: Int) -> UInt8? {
    let label = edgeLabel[edge]
    return label & Self.switchBit != 0 ? nil : label & Self.taskMask
  }
}

struct Explorer {
  let machine: Machine
  let bounds: SearchBounds

  private struct Successor {
    var step: Step
    var offset: Int
  }

  /// How often a long search reports the states it has stored.
  static let progressInterval = 1 << 12

  /// Explores every reachable state, stopping at the first deadlock, count gone wrong, or bound; calls
  /// `progress` with the states stored every ``progressInterval`` states expanded.
  func explore(progress: (Int) -> Void = { _ in }) -> StateGraph {
    let words = machine.wordCount
    var graph = StateGraph(store: StateStore(wordCount: words))
    let clock = ContinuousClock()
    let start = clock.now
    let current = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
    let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
    defer {
      current.deallocate()
      scratch.deallocate()
    }
    var successors: [Successor] = []
    var buffer: [UInt64] = []
    let scratchBytes = UnsafeMutableRawPointer(scratch).assumingMemoryBound(to: UInt8.self)
    machine.initialState(into: scratchBytes)
    _ = graph.store.insert(scratch)
    graph.parent.append(-1)
    var index = 0
    // A timeout beyond any run (or not a number) is no bound: `Duration` cannot hold it.
    let timeout = Duration.seconds(
      bounds.timeout.isFinite ? min(max(bounds.timeout, 0), 1e9) : 1e9)
    while index < graph.store.count {
      if graph.store.count > bounds.maxStates
        || (index & 1023 == 0
          && (clock.now - start > timeout || graph.approximateBytes > bounds.maxBytes))
      {
        graph.boundReached = true
        break
      }
      if index > 0, index % Self.progressInterval == 0 { progress(graph.store.count) }
      graph.store.load(index, into: current)
      successors.removeAll(keepingCapacity: true)
      buffer.removeAll(keepingCapacity: true)
      var enabled: UInt64 = 0
      let currentBytes = UnsafeRawPointer(current).assumingMemoryBound(to: UInt8.self)
      if let fault = machine.countFault(currentBytes) {
        graph.fault = (index, fault)
        graph.enabled.append(0)
        graph.edgeStart.append(graph.edgeTarget.count)
        break
      }
      machine.successors(of: currentBytes, next: scratchBytes) { step in
        enabled |= 1 << UInt64(step.task)
        successors.append(Successor(step: step, offset: buffer.count))
        buffer.append(contentsOf: UnsafeBufferPointer(start: scratch, count: words))
      }
      graph.enabled.append(enabled)
      if machine.standsOffPath(currentBytes) {
        graph.offPath.append(Int32(index))
      } else if successors.isEmpty, hasUnfinishedThread(currentBytes) {
        graph.deadlock = index
        graph.edgeStart.append(graph.edgeTarget.count)
        break
      }
      var chosen = successors.indices
      if bounds.partialOrderReduction,
        let ample = ampleSet(successors, buffer: buffer, graph: graph)
      {
        chosen = ample
      }
      buffer.withUnsafeBufferPointer { states in
        for position in chosen {
          let successor = successors[position]
          let (id, isNew) = graph.store.insert(states.baseAddress! + successor.offset)
          if isNew { graph.parent.append(Int32(index)) }
          graph.edgeTarget.append(Int32(id))
          let step = successor.step
          let switching = step.kind == .schedule || step.kind == .preempt
          graph.edgeLabel.append(
            UInt8(step.task) | (step.progress ? StateGraph.progressBit : 0)
              | (switching ? StateGraph.switchBit : 0))
        }
      }
      graph.edgeStart.append(graph.edgeTarget.count)
      index += 1
    }
    return graph
  }

  private func hasUnfinishedThread(_ state: UnsafePointer<UInt8>) -> Bool {
    (0..<machine.threadCount).contains { machine.status(state, $0) != .finished }
  }

  /// The steps of one thread that touch nothing shared, when all of that thread's
  /// steps are such and all lead to states not seen yet (so no cycle is closed
  /// while others' steps are postponed); nil to expand everything.
  private func ampleSet(_ successors: [Successor], buffer: [UInt64], graph: StateGraph) -> Range<
    Int
  >? {
    guard let first = successors.firstIndex(where: { $0.step.local }) else { return nil }
    let task = successors[first].step.task
    var end = first
    while end < successors.count, successors[end].step.task == task,
      successors[end].step.kind == .execute
    {
      guard successors[end].step.local else { return nil }
      end += 1
    }
    if end < successors.count,
      successors[end...].contains(where: { $0.step.task == task && $0.step.kind == .execute })
    {
      return nil
    }
    if successors[..<first].contains(where: { $0.step.task == task && $0.step.kind == .execute }) {
      return nil
    }
    let fresh = buffer.withUnsafeBufferPointer { states in
      (first..<end).allSatisfy {
        graph.store.find(states.baseAddress! + successors[$0].offset) == nil
      }
    }
    return fresh ? first..<end : nil
  }
}
