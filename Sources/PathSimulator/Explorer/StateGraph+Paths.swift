/// Paths through the state graph: the shortest prefix to a state, a fair cycle.
extension StateGraph {
  /// The breadth-first (shortest) path from the initial state to `state`.
  func prefix(to state: Int) -> [Int] {
    var path = [state]
    var node = state
    while parent[node] >= 0 {
      node = Int(parent[node])
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
        if let done = executingTask(edge) { missing &= ~(1 << UInt64(done)) }
      }
      missing &= ~(1 << UInt64(task))
      for edge in hop { path.append(Int(edgeTarget[edge])) }
      node = path[path.count - 1]
    }
    if node != start || path.count == 1,
      let back = shortestHop(from: node, inside: inside, until: { target, _ in target == start })
    {
      for edge in back { path.append(Int(edgeTarget[edge])) }
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
      for edge in edgeStart[node]..<edgeStart[node + 1] {
        let label = edgeLabel[edge]
        let target = Int(edgeTarget[edge])
        guard label & StateGraph.progressBit == 0, inside.contains(target) else { continue }
        if until(target, executingTask(edge)) {
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
    var high = edgeStart.count - 1
    while low + 1 < high {
      let middle = (low + high) / 2
      if edgeStart[middle] <= edge { low = middle } else { high = middle }
    }
    while edgeStart[low + 1] <= edge { low += 1 }
    return low
  }

  /// The packed words of each state of `path`.
  func words(of path: [Int]) -> [[UInt64]] {
    path.map { id in
      [UInt64](unsafeUninitializedCapacity: store.wordCount) { buffer, count in
        store.load(id, into: buffer.baseAddress!)
        count = store.wordCount
      }
    }
  }
}
