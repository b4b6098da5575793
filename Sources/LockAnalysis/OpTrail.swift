/// The ops of one path so far. Paths that forked share the ops before the fork, so appending
/// an op to one path is O(1) and never copies the others': `var next = state` then
/// `next.append(op)` costs one node, however long the path.
///
/// ```swift
/// var trail = OpTrail()
/// trail.append(PathOp(op: .lock, call: "spin_lock", object: "ptl", line: 10))
/// trail[0].call  // "spin_lock"
/// trail.array    // every op, first to last
/// ```
struct OpTrail: Sendable {
  private final class Node: Sendable {
    let op: PathOp
    let count: Int
    let parent: Node?

    init(op: PathOp, parent: Node?) {
      self.op = op
      self.count = (parent?.count ?? 0) + 1
      self.parent = parent
    }
  }

  private var last: Node?

  var count: Int { last?.count ?? 0 }

  mutating func append(_ op: PathOp) {
    last = Node(op: op, parent: last)
  }

  /// The op at `index` (0 is the first); O(distance from the end).
  subscript(index: Int) -> PathOp {
    var node = last
    for _ in 0..<(count - 1 - index) { node = node?.parent }
    guard let node else { preconditionFailure("op index \(index) out of range \(count)") }
    return node.op
  }

  /// Every op, first to last.
  var array: [PathOp] {
    var out: [PathOp] = []
    out.reserveCapacity(count)
    var node = last
    while let current = node {
      out.append(current.op)
      node = current.parent
    }
    out.reverse()
    return out
  }
}

extension OpTrail {
  /// The line of the last op, if any.
  var lastLine: Int? { count == 0 ? nil : self[count - 1].line }
}
