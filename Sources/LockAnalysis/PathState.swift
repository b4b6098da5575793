/// A lock the path holds: `vmf->ptl`, a spinlock taken by `pte_offset_map_lock` at 4666.
struct HeldLock: Sendable, Hashable {
  enum Mode: String, Sendable { case exclusive, read, write }

  var object: String
  var family: Primitive.Family
  var mode: Mode
  var line: Int
  var call: String
  /// Index of the acquiring op in the path.
  var opIndex: Int
}

/// Everything one path knows at one point: locks, references, maps, assumed conditions.
struct PathState: Sendable {
  var ops: [PathOp] = []
  var held: [HeldLock] = []
  /// Objects locked on this path at some point (for exit comparisons).
  var acquired: Set<String> = []
  /// Objects this path locked and then released, with the op index of the release.
  var releasedAfterAcquire: [String: Int] = [:]
  /// Net references taken on this path, by object.
  var references: [String: Int] = [:]
  var referenced: Set<String> = []
  /// Object → op index of the put that dropped this path's last reference.
  var droppedReference: [String: Int] = [:]
  /// PTE maps still held: mapped expression → op index.
  var maps: [String: Int] = [:]
  var mapped = false
  /// Conditions decided on this path: `fault_folio==folio` → true.
  var assumptions: [String: Bool] = [:]
  /// Known constant values of variables: `ret` → `VM_FAULT_HWPOISON`.
  var values: [String: String] = [:]
  /// `folio` → `page` after `folio = page_folio(page)`.
  var aliases: [String: String] = [:]
  /// Op index of a failed trylock not yet followed by a wait or a scheduling point.
  var unwaitedTrylockFailure: Int?
  var backwardJumps = 0

  /// What decides the future of a path, for merging paths that became equal.
  struct Signature: Hashable {
    var held: [String]
    var acquired: Set<String>
    var released: Set<String>
    var references: [String: Int]
    var dropped: Set<String>
    var maps: Set<String>
    var mapped: Bool
    var assumptions: [String: Bool]
    var values: [String: String]
    var unwaited: Bool
  }

  var signature: Signature {
    Signature(
      held: held.map { $0.object + "/" + $0.mode.rawValue }, acquired: acquired,
      released: Set(releasedAfterAcquire.keys), references: references,
      dropped: Set(droppedReference.keys),
      maps: Set(maps.keys), mapped: mapped, assumptions: assumptions, values: values,
      unwaited: unwaitedTrylockFailure != nil)
  }

  /// The signature without conditions and values, for merging when the walk coarsens.
  var coarseSignature: Signature {
    var coarse = signature
    coarse.assumptions = [:]
    coarse.values = [:]
    return coarse
  }

  /// The canonical name of an object after aliases (`folio` → `page`).
  func canonical(_ object: String) -> String {
    // `locked->lru_lock` after `locked = lruvec` is `lruvec->lru_lock`.
    if let arrow = object.range(of: "->"), !aliases.isEmpty {
      let base = String(object[..<arrow.lowerBound])
      if aliases[base] != nil { return canonical(base) + object[arrow.lowerBound...] }
    }
    var current = object
    var seen: Set<String> = []
    while let next = aliases[current], !seen.contains(next) {
      seen.insert(current)
      current = next
    }
    return current
  }

  /// A callee may have dropped these locks: stop tracking them (neither held nor taken here).
  mutating func forget(where matches: (HeldLock) -> Bool) {
    for lock in held where matches(lock) { acquired.remove(lock.object) }
    held.removeAll(where: matches)
  }

  mutating func append(_ op: PathOp) -> Int {
    ops.append(op)
    return ops.count - 1
  }
}

/// A path that left the function (or the fragment).
struct ExitState: Sendable {
  var state: PathState
  /// `return`, `fragment-end`.
  var kind: String
  var value: String?
  var line: Int
  var retries: Bool
  /// Which segment of a fragment the path ran in (paths of different segments never meet).
  var segment: Int
}
