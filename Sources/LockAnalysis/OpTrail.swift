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
    /// The ``OpTrail/signature`` of the trail ending here, kept as nodes are added.
    let signature: UInt64

    init(op: PathOp, parent: Node?) {
      self.op = op
      self.count = (parent?.count ?? 0) + 1
      self.parent = parent
      let before = parent?.signature ?? 0x6A09_E667_F3BC_C908
      if op.op == .call {
        signature = before
      } else {
        var hash = FutureHash()
        hash.add(before)
        hash.add(FutureHash.of(op.op.rawValue))
        hash.add(FutureHash.of(op.object ?? ""))
        hash.add(FutureHash.of(op.outcome?.rawValue ?? ""))
        hash.add(UInt64(op.line))
        signature = hash.value
      }
    }
  }

  private var last: Node?

  var count: Int { last?.count ?? 0 }

  /// A hash of the primitive ops (calls outside the table left out): trails with equal
  /// signatures do the same to locks, references and maps. O(1).
  var signature: Int { Int(truncatingIfNeeded: last?.signature ?? 0x6A09_E667_F3BC_C908) }

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
  var array: [PathOp] { ops(from: 0) }

  /// The ops from `start` to the last, first to last.
  ///
  /// - Complexity: O(`count - start`): only the nodes after `start` are visited.
  func ops(from start: Int) -> [PathOp] {
    let wanted = count - max(start, 0)
    guard wanted > 0 else { return [] }
    var out: [PathOp] = []
    out.reserveCapacity(wanted)
    var node = last
    while out.count < wanted, let current = node {
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
