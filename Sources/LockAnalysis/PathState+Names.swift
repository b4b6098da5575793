/// Names and bookkeeping of a path: the canonical name of an object after aliases, locks a
/// callee may have dropped, the ops appended.
extension PathState {
  /// The canonical name of an object after aliases (`folio` → `page`).
  func canonical(_ object: String) -> String {
    // `locked->lru_lock` after `locked = lruvec` is `lruvec->lru_lock`.
    if !aliases.isEmpty, let arrow = object.asciiRange(of: "->") {
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
    guard held.contains(where: matches) else { return }
    for lock in held where matches(lock) { untracked.insert(lock.object) }
    for lock in held where matches(lock) { acquired.remove(lock.object) }
    held.removeAll(where: matches)
  }

  mutating func append(_ op: PathOp) -> Int {
    ops.append(op)
    return ops.count - 1
  }
}
