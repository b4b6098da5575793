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
///
/// Each node also points to an earlier one further back (Myers' jump pointers, as in a
/// skew-binary random-access list), so that the op at any index is found in O(log *n*) steps:
/// a rule asks for the op a path's state remembers by index (the put before a use, the failed
/// trylock before a sleep) at every statement, and a path may be tens of thousands of ops long.
struct OpTrail: Sendable {
  private final class Node: Sendable {
    let op: PathOp
    let count: Int
    let parent: Node?
    /// An earlier node: the parent's jump's jump when the parent's two jumps span equal
    /// lengths, else the parent. Invariant: `jump.count < count`.
    let jump: Node?
    /// The ``OpTrail/signature`` of the trail ending here, kept as nodes are added.
    let signature: UInt64
    /// What this node's op adds to the signature (nothing for a call outside the table).
    let opHash: UInt64

    init(op: PathOp, parent: Node?) {
      self.op = op
      self.count = (parent?.count ?? 0) + 1
      self.parent = parent
      if let parent, let first = parent.jump, let second = first.jump,
        parent.count - first.count == first.count - second.count
      {
        jump = second
      } else {
        jump = parent
      }
      var hash = FutureHash()
      hash.add(FutureHash.of(op.op.rawValue))
      hash.add(FutureHash.of(op.object ?? ""))
      hash.add(FutureHash.of(op.outcome?.rawValue ?? ""))
      hash.add(UInt64(op.line))
      opHash = hash.value
      signature = Self.signature(parent?.signature ?? OpTrail.emptySignature, adding: op, opHash)
    }

    /// The signature of a trail of signature `before` followed by `op`.
    static func signature(_ before: UInt64, adding op: PathOp, _ opHash: UInt64) -> UInt64 {
      guard op.op != .call else { return before }
      var hash = FutureHash()
      hash.add(before)
      hash.add(opHash)
      return hash.value
    }
  }

  private static let emptySignature: UInt64 = 0x6A09_E667_F3BC_C908

  private var last: Node?

  var count: Int { last?.count ?? 0 }

  /// A hash of the primitive ops (calls outside the table left out): trails with equal
  /// signatures do the same to locks, references and maps. O(1).
  var signature: Int { Int(truncatingIfNeeded: last?.signature ?? Self.emptySignature) }

  /// The ``signature`` of `prefix` followed by this trail's ops from index `start` on
  /// (``continuing(_:from:)``), found without building that trail.
  ///
  /// - Complexity: O(`count - start`), no op copied.
  func signature(continuing prefix: OpTrail, from start: Int) -> Int {
    var suffix: [Node] = []
    suffix.reserveCapacity(max(count - max(start, 0), 0))
    var node = last
    while let current = node, current.count > start {
      suffix.append(current)
      node = current.parent
    }
    var signature = prefix.last?.signature ?? Self.emptySignature
    for node in suffix.reversed() {
      signature = Node.signature(signature, adding: node.op, node.opHash)
    }
    return Int(truncatingIfNeeded: signature)
  }

  mutating func append(_ op: PathOp) {
    last = Node(op: op, parent: last)
  }

  /// The op at `index` (0 is the first).
  ///
  /// - Complexity: O(log *n*) for a trail of *n* ops (``Node/jump``).
  subscript(index: Int) -> PathOp {
    guard index >= 0, var node = last, index < node.count else {
      preconditionFailure("op index \(index) out of range \(count)")
    }
    // The node whose count is index + 1: follow a jump wherever it does not go past it.
    let wanted = index + 1
    while node.count != wanted {
      if let jump = node.jump, jump.count >= wanted {
        node = jump
      } else if let parent = node.parent {
        node = parent
      } else {
        break
      }
    }
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

extension OpTrail {
  /// The index of the last op `matches` accepts, searching back from the last op without
  /// copying the trail (a rule asks this at every statement of a path that may be thousands
  /// of ops long after its reruns from labels).
  ///
  /// - Complexity: O(distance of that op from the end), O(`count`) when there is none.
  func lastIndex(where matches: (PathOp) -> Bool) -> Int? {
    var node = last
    var index = count - 1
    while let current = node {
      if matches(current.op) { return index }
      node = current.parent
      index -= 1
    }
    return nil
  }

  /// The last op `matches` accepts; see ``lastIndex(where:)``.
  func last(where matches: (PathOp) -> Bool) -> PathOp? {
    var node = last
    while let current = node {
      if matches(current.op) { return current.op }
      node = current.parent
    }
    return nil
  }

  /// The first op `matches` accepts, without copying the trail.
  ///
  /// - Complexity: O(`count`).
  func first(where matches: (PathOp) -> Bool) -> PathOp? {
    var found: PathOp?
    var node = last
    while let current = node {
      if matches(current.op) { found = current.op }
      node = current.parent
    }
    return found
  }
}
