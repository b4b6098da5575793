import CSyntax

/// A lock a function takes, directly or through the calls it makes: for `recursive-lock`.
public struct LockSite: Sendable, Equatable {
  /// The lock class: the field name (`mmap_lock`), or the whole expression for globals.
  public var lockClass: String
  public var call: String
  public var file: String
  public var line: Int
  /// The functions from the callee down to the one that takes the lock.
  public var chain: [String]
  /// Whether a second acquisition through calls is reported (`through-calls` in the table).
  public var checkedThroughCalls: Bool
}

extension PathWalker {
  static func kind(_ family: Primitive.Family?) -> PathOp.LockKind? {
    switch family {
    case .spinlock, .seqlock: return .spinlock
    case .mutex, .page: return .sleeping
    case .rwsem: return .rwsem
    case .rcu, nil: return nil
    }
  }

  static func lockOp(_ effect: Primitive.Effect) -> PathOp.Kind {
    switch effect {
    case .readAcquire, .readTryAcquire: return .readLock
    case .writeAcquire, .writeTryAcquire: return .writeLock
    default: return .lock
    }
  }

  static func unlockOp(_ effect: Primitive.Effect) -> PathOp.Kind {
    switch effect {
    case .readRelease: return .readUnlock
    case .writeRelease: return .writeUnlock
    default: return .unlock
    }
  }

  /// Field names that many structures give their lock: two of them are one lock class only if
  /// they hang off the same name (`svms->lock` and `process_info->lock` are two mutexes).
  static let genericLockFields: Set<String> = ["lock", "mutex", "sem", "rwsem", "lru_lock"]

  /// The class a second acquisition is judged by: the field name (`mm->mmap_lock` and
  /// `vma->vm_mm->mmap_lock` are both `mmap_lock`), or for a generic field name
  /// (``genericLockFields``) the field with what it belongs to (`svms->lock`).
  static func recursionClass(_ object: String) -> String {
    let field = lockClass(object)
    guard genericLockFields.contains(field) else { return field }
    let parts = object.replacingArrows().split(separator: ".")
    return parts.suffix(2).joined(separator: ".")
  }

  /// `mm->mmap_lock` → `mmap_lock`; `&hugetlb_lock` → `hugetlb_lock`.
  static func lockClass(_ object: String) -> String {
    let separators = ["->", "."]
    var best = object
    for separator in separators {
      if let range = object.asciiRange(of: separator, backwards: true) {
        let tail = String(object[range.upperBound...])
        if tail.count < best.count { best = tail }
      }
    }
    return best
  }

  func acquire(
    _ primitive: Primitive, object: String, opIndex: Int, call: Call, _ state: inout PathState
  ) {
    let mode: HeldLock.Mode
    switch primitive.effect {
    case .readAcquire, .readTryAcquire: mode = .read
    case .writeAcquire, .writeTryAcquire: mode = .write
    default: mode = .exclusive
    }
    let family = primitive.family ?? .spinlock
    // `mutex_lock_nested(…, SINGLE_DEPTH_NESTING)`: a second lock of the class, annotated as such.
    if family == .rwsem || family == .mutex, !call.name.hasSuffix("_nested"),
      let holder = state.held.first(where: {
        ($0.family == .rwsem || $0.family == .mutex)
          && Self.recursionClass($0.object) == Self.recursionClass(object)
          && $0.object.containsASCII("->") == object.containsASCII("->")
      })
    {
      report(
        .recursiveLock, severity: .error, line: call.line, key: "\(holder.line)-\(call.line)",
        path: state.ops,
        message:
          "\(call.name)() takes \(object) at \(call.line) while \(holder.call)() at \(holder.line) already holds "
          + "\(holder.object): taking \(Self.lockClass(object)) twice in one task deadlocks once a writer queues "
          + "between the two (lockdep: possible recursive locking detected)")
    }
    // `spin_lock(&pool->lock)` or `folio_lock(folio)` again while this path holds that very
    // lock (not one kept from a loop's earlier round): the task waits for itself. A path that
    // jumped back to a label was joined with others there and may not know its flags.
    if (family == .spinlock && mode == .exclusive) || family == .page,
      !primitive.isConditional, !state.jumpedBack,
      let holder = state.held.first(where: { $0.object == object && !$0.keptAcrossIterations })
    {
      report(
        .lockImbalance, severity: .error, line: call.line, key: "again-\(holder.line)-\(call.line)",
        path: state.ops,
        message:
          "\(call.name)() at \(call.line) takes \(object) again while this path still holds it "
          + "(\(holder.origin)): a release is missing before it, and the task deadlocks on itself")
    }
    // `spin_lock(&mmlist_lock)` in a loop's next round while an earlier round still holds it
    // (6.1 try_to_unmap_one() without its `spin_unlock(&mmlist_lock)`): the same lock, or a
    // second of its class taken without `spin_lock_nested()`. Loops collect page locks, not
    // spinlocks.
    if family == .spinlock, mode == .exclusive, !primitive.isConditional,
      !call.name.hasSuffix("_nested"),
      let holder = state.held.first(where: {
        $0.object == object && $0.keptAcrossIterations && $0.family == .spinlock
      })
    {
      report(
        .lockImbalance, severity: .warning, line: holder.line,
        key: "again-kept-\(holder.line)-\(call.line)", path: state.ops,
        message:
          "\(object) \(holder.origin) is still held when \(call.name)() at \(call.line) takes "
          + "\(object) again in a later round of the loop: a release is missing in the round "
          + "before (the same lock deadlocks; another of its class needs spin_lock_nested())")
    }
    if primitive.object.hasPrefix("return") { reportLostLock(object, at: call.line, &state) }
    state.held.append(
      HeldLock(
        object: object, family: family, mode: mode, line: call.line, call: call.name,
        opIndex: opIndex, returnedByCall: primitive.object.hasPrefix("return")))
    // Taken again after this path released it: what the code found by calls on the
    // structure the lock belongs to (`pmd_same(*vmf->pmd, orig_pmd)` for `vmf->ptl`) is asked
    // again now (do_huge_pmd_wp_page()'s `spin_lock(vmf->ptl); if (!pmd_same(…))`); taken
    // for the first time, what was found of the object it locks.
    if state.releasedAfterAcquire[object] != nil {
      Self.forgetCallTests(of: object, &state)
    } else {
      Self.forgetTestsOfState(of: object, &state)
    }
    // `ptl = pmd_lock(mm, pmdp)`: what was found of `*pmdp` before is asked again under it.
    if let guards = primitive.guards {
      Self.forgetTestsOfState(
        of: state.canonical(Expression.instantiate(guards, call.arguments)), &state)
    }
    state.acquired.insert(object)
    state.releasedAfterAcquire[object] = nil
    assumeNonNull(base: object, &state)
    // `spin_lock(pvmw->ptl)`: the lock pointer itself is not NULL, so a later `if (pvmw->ptl)`
    // on this path is true.
    if object.containsASCII("->"), let pointer = call.arguments.first,
      pointer.first?.isPunct("&") == false, state.canonical(pointer.joinedText) == object,
      state.assumptions[object] == nil
    {
      state.assumptions[object] = true
    }
    if family == .page || family == .mutex || family == .rwsem {
      state.unwaitedTrylockFailure = nil
    }
    if let dropped = state.droppedReference[object] {
      reportPutBeforeUse(object, putIndex: dropped, useLine: call.line, use: call.name, state)
    }
  }

  /// A lock taken through a pointer (`spin_lock(&n->list_lock)`, `folio_lock(folio)`), or a
  /// reference taken on it (`folio_get(src_folio)`), proves the
  /// pointer is not NULL: a later `if (n)` or `if (src_folio)` on this path is true, for the pointer
  /// and for every name that is an alias of it (`n = n2` before `spin_lock(&n->list_lock)`).
  func assumeNonNull(base object: String, _ state: inout PathState) {
    let base = object.asciiRange(of: "->").map { String(object[..<$0.lowerBound]) } ?? object
    guard !base.isEmpty, base.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
      return
    }
    var names = [base]
    names += state.aliases.keys.filter { state.canonical($0) == base }
    for name in names
    where state.assumptions[name] == nil
      && state.values[name].flatMap({ Self.truth(ofConstant: $0) }) == nil
    {
      state.assumptions[name] = true
    }
  }

  func release(
    _ object: String, primitive: Primitive, call: Call, opIndex: Int, _ state: inout PathState
  ) {
    if let dropped = state.droppedReference[object] {
      reportPutBeforeUse(object, putIndex: dropped, useLine: call.line, use: call.name, state)
    }
    // `if (ptl != pml) spin_lock_nested(ptl, …)` decided false: `ptl` is `pml`, and releasing
    // one releases the other (`collapse_pte_mapped_thp()`).
    let same = { (held: HeldLock) in
      held.object == object
        || state.assumptions[[held.object, object].sorted().joined(separator: "==")] == true
    }
    guard let position = state.held.lastIndex(where: same) else {
      if let earlier = state.releasedAfterAcquire[object] {
        let first = state.ops[earlier]
        report(
          .lockImbalance, severity: .error, line: call.line, key: "\(call.line)-\(object)",
          path: state.ops,
          message:
            "\(call.name)() at \(call.line) releases \(object) a second time on this path: it was already "
            + "released by \(first.call ?? "?")() at \(first.line)")
      } else {
        witnessRelease(of: object, line: call.line, holding: false, &state)
      }
      return
    }
    witnessRelease(of: object, line: call.line, holding: true, &state)
    let held = state.held.remove(at: position)
    state.releasedAfterAcquire[object] = opIndex
    if held.object != object { state.releasedAfterAcquire[held.object] = opIndex }
    if primitive.evidence.containsASCII("__releases") || primitive.effect == .waitUnlocked {
      report(
        .calleeReleases, severity: .info, line: call.line, key: "\(call.line)-\(object)",
        path: state.ops,
        message:
          "\(call.name)() releases \(object) (\(held.origin)) inside the callee, not "
          + "in \(context.function)() itself; evidence: \(primitive.evidence)")
    }
  }
}

extension String {
  /// `a->b.c` → `a.b.c`.
  func replacingArrows() -> String {
    var out = ""
    var previous: Character?
    for character in self {
      if character == ">", previous == "-" {
        out.removeLast()
        out.append(".")
      } else {
        out.append(character)
      }
      previous = character
    }
    return out
  }
}
