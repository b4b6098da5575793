import CSyntax

/// What the calls of the primitive table do to a path: locks taken and released, references
/// taken and dropped, PTE maps made and unmapped, sleeping points; a call that may fail
/// (a trylock, a try-get, a map that can fail) splits the path by its outcome.
///
/// `folio_trylock(folio)` → two paths: one holding `folio` (op `trylock`, acquired), one not
/// (op `trylock`, failed, an unwaited trylock failure).
extension PathWalker {
  /// A trylock, try-get, map that may fail, or `_killable` lock: one state per outcome.
  func applyConditional(_ primitive: Primitive, _ call: Call, targets: [String], _ state: PathState)
    -> [(PathState, Bool)]
  {
    let target = targets.last
    var out: [(PathState, Bool)] = []
    let mayFail =
      !(primitive.effect == .map || primitive.effect == .mapLock)
      || targets.contains(where: testedNames.contains)
    for succeeded in mayFail ? [true, false] : [true] {
      var next = state
      var object = next.canonical(Expression.instantiate(primitive.object, call.arguments))
      if primitive.object.hasPrefix("return"), let target {
        object = next.canonical(target + primitive.object.dropFirst("return".count))
      }
      switch primitive.effect {
      case .tryAcquire, .readTryAcquire, .writeTryAcquire:
        // `filemap_lock_folio()` waits for the lock when the folio is there.
        if primitive.sleeps { sleepPoint(call, &next) }
        var op = PathOp(op: .trylock, call: call.name, object: object, line: call.line)
        op.outcome = succeeded ? .acquired : .failed
        op.kind = Self.kind(primitive.family)
        let index = next.append(op)
        // `folio = filemap_lock_folio(…)`: as for a call outside the table, a release of
        // the name on a path that never took its lock is not judged (6.1 hugetlb_fault()
        // unlocks `pagecache_page` under `if (pagecache_page)`, decided by a join away).
        if primitive.sleeps || primitive.isLookup, target != nil,
          primitive.object.hasPrefix("return"), !next.calleeValues.contains(object)
        {
          next.calleeValues.insert(object)
        }
        // `folio = next_uptodate_folio(…)` in a loop's condition: the name names the lookup's
        // folio now, so the reference the path counted and dropped on the one it named before no
        // longer counts (as for a try-get lookup): the put of the last round is not a put before
        // the lookup's lock, nor a reference the next round still holds.
        if primitive.isLookup, target != nil, primitive.object.hasPrefix("return") {
          if next.references[object] != nil { next.references[object] = nil }
          if next.droppedReference[object] != nil { next.droppedReference[object] = nil }
        }
        if succeeded {
          acquire(primitive, object: object, opIndex: index, call: call, &next)
        } else if !primitive.sleeps && !primitive.isLookup {
          // A lookup that waits for the lock (`filemap_lock_folio()`) failed because nothing
          // was there, not because the lock was busy: no trylock failure to retry on.
          next.unwaitedTrylockFailure = index
        }
      case .tryGet:
        var op = PathOp(op: .tryGet, call: call.name, object: object, line: call.line)
        op.outcome = succeeded ? .acquired : .failed
        _ = next.append(op)
        // `folio = filemap_get_folio(…)`: the name names the lookup's folio (or nothing) now,
        // so what the path did to the one it named before no longer counts, and a lock still
        // held on that one is lost, as for any other assignment; otherwise each jump back to
        // retry (`goto repeat;` in do_read_cache_folio()) would count the new folio's reference
        // and lock on top of the old one's.
        if primitive.object.hasPrefix("return"), let target {
          reportLostPageLock(target, at: call.line, next)
          next.forget { Self.isBased($0.object, on: target) }
          if next.references[object] != nil { next.references[object] = nil }
          if next.droppedReference[object] != nil { next.droppedReference[object] = nil }
        }
        if succeeded { takeReference(object, &next) }
      case .map, .mapLock:
        if succeeded {
          applyPlain(primitive, call, target: target, &next)
        }
      default:
        // `folio_lock_killable()` and friends: a sleeping acquire that may be interrupted.
        if succeeded {
          applyPlain(primitive, call, target: target, &next)
        } else {
          sleepPoint(call, &next)
        }
      }
      if let template = primitive.successFlag {
        let flag = Expression.instantiate(template, call.arguments)
        if next.values[flag] != nil { next.values[flag] = nil }
        next.assumptions[flag] = succeeded ? true : nil
      }
      for target in targets {
        for (key, whenSucceeded) in primitive.outcomeTests(of: target) {
          next.assumptions[key] = succeeded == whenSucceeded
        }
        next.values[target] = nil
      }
      out.append((next, succeeded))
    }
    return out
  }

  /// An unconditional primitive (or the success side of a conditional one).
  func applyPlain(_ primitive: Primitive, _ call: Call, target: String?, _ state: inout PathState) {
    var object = state.canonical(Expression.instantiate(primitive.object, call.arguments))
    if primitive.object.hasPrefix("return"), let target {
      // `ptl = pmd_lock(mm, pmd)`: the lock is what the call returns.
      object = state.canonical(target + primitive.object.dropFirst("return".count))
    }
    switch primitive.effect {
    case .acquire, .readAcquire, .writeAcquire, .tryAcquire, .readTryAcquire, .writeTryAcquire:
      if primitive.sleeps { sleepPoint(call, &state) }
      var op = PathOp(
        op: Self.lockOp(primitive.effect), call: call.name, object: object, line: call.line)
      op.kind = Self.kind(primitive.family)
      let index = state.append(op)
      acquire(primitive, object: object, opIndex: index, call: call, &state)
      // `locked = compact_lock_irqsave(…)`: a call that always takes the lock reports success.
      if let target { state.assumptions[target] = true }
    case .release, .readRelease, .writeRelease:
      var op = PathOp(
        op: Self.unlockOp(primitive.effect), call: call.name, object: object, line: call.line)
      op.kind = Self.kind(primitive.family)
      let index = state.append(op)
      if primitive.family == .spinlock, state.maps.isEmpty, unmapLocks.contains(object),
        !(state.held.last { $0.object == object }?.returnedByCall ?? false)
      {
        state.plainMapLockReleases[object] = index
      }
      release(object, primitive: primitive, call: call, opIndex: index, &state)
    case .get:
      _ = state.append(PathOp(op: .get, call: call.name, object: object, line: call.line))
      takeReference(object, &state)
    case .put:
      let index = state.append(PathOp(op: .put, call: call.name, object: object, line: call.line))
      state.references[object, default: 0] -= 1
      if state.references[object, default: 0] <= 0 { state.droppedReference[object] = index }
    case .map:
      let mapped = target ?? "pte"
      reportLostMap(mapped, at: call.line, state)
      let index = state.append(PathOp(op: .map, call: call.name, object: mapped, line: call.line))
      state.maps[mapped] = index
      state.mapped = true
    case .mapLock:
      let mapped = target ?? "pte"
      reportLostMap(mapped, at: call.line, state)
      var op = PathOp(op: .mapLock, call: call.name, object: object, line: call.line)
      op.kind = .spinlock
      let index = state.append(op)
      state.maps[mapped] = index
      state.mapped = true
      acquire(primitive, object: object, opIndex: index, call: call, &state)
    case .unmap:
      let mapped = Expression.object(call.arguments.first ?? [])
      _ = state.append(PathOp(op: .unmap, call: call.name, object: mapped, line: call.line))
      unmap(mapped, lock: "", &state)
    case .unmapUnlock:
      var op = PathOp(op: .unmapUnlock, call: call.name, object: object, line: call.line)
      op.kind = .spinlock
      let index = state.append(op)
      unmap(Expression.instantiate(primitive.map ?? "$1", call.arguments), lock: object, &state)
      release(object, primitive: primitive, call: call, opIndex: index, &state)
    case .waitUnlocked:
      var op = PathOp(op: .waitUnlocked, call: call.name, object: object, line: call.line)
      let released = primitive.releases.map {
        state.canonical(Expression.instantiate($0, call.arguments))
      }
      op.releases = released
      let index = state.append(op)
      if let released {
        release(released, primitive: primitive, call: call, opIndex: index, &state)
      }
      sleepPoint(call, &state, recorded: true)
    case .drainAll:
      _ = state.append(PathOp(op: .drainAllCPUs, call: call.name, line: call.line))
      sleepPoint(call, &state, recorded: true)
    case .condResched:
      _ = state.append(PathOp(op: .condResched, call: call.name, line: call.line))
      sleepPoint(call, &state, recorded: true)
    case .maySleep:
      if let word = primitive.sleepsIf,
        !call.arguments.contains(where: { argument in argument.contains { $0.text == word } })
      {
        return
      }
      _ = state.append(PathOp(op: .maySleep, call: call.name, line: call.line))
      sleepPoint(call, &state, recorded: true)
    case .tryGet:
      _ = state.append(PathOp(op: .get, call: call.name, object: object, line: call.line))
      takeReference(object, &state)
    case .mayRelease:
      _ = state.append(PathOp(op: .call, call: call.name, line: call.line))
      // `__get_user_pages(mm, …)` may drop the caller's `mmap_lock`, but what its body takes
      // before that is taken while the caller still holds it.
      if !call.indirect, context.callSummaries.knows(call.name) {
        reportRecursion(through: call, state)
      }
      // `faultin_vma_page_range(…, &locked)` clears `locked` where it drops the lock.
      forgetValues(writtenThrough: call, &state)
      // `do_vmi_munmap(&vmi, mm, addr, len, &uf, 0)`: told to keep the lock, it does.
      if let flag = primitive.releasesIfSet,
        ["0", "false"].contains(Expression.instantiate(flag, call.arguments))
      {
        return
      }
      let lockClass = primitive.object
      state.forget { Self.lockClass($0.object) == lockClass }
      // Called with the caller's lock of this class (`handle_mm_fault()` may drop the caller's
      // `mmap_lock`): a lock of the class taken after it is the caller's, taken back
      // (`fixup_user_fault()`'s `mmap_read_lock(mm)` after VM_FAULT_COMPLETED).
      let marker = "*" + lockClass
      if !state.callersLocks.contains(marker) { state.callersLocks.insert(marker) }
    // A `same-or-copy` call is split three ways by ``applySameOrCopy(_:_:_:)``.
    case .retryCaller, .changingTest, .sameOrCopy, .readsOnly, .keepsReference,
      .triesKeepingReference, .assertion, .quiet, .sameObject, .lockHandingWord,
      .referenceHandingWord, .releasingPointerWord, .keepsNothing, .listAdd,
      .listRemove, .listElement, .listLoop, .changesObject, .batchFillLocked, .valueEntryTest:
      break
    }
  }

  /// Unmaps `mapped` (with `lock`, empty for a plain `pte_unmap()`): this path's map of that
  /// name, or else another of its maps (`pte_unmap(pte - 1)` after `pte++`); with no map of its
  /// own, the caller's (``PathState/callersMapsUnmapped``).
  private func unmap(_ mapped: String, lock: String, _ state: inout PathState) {
    guard state.maps.removeValue(forKey: mapped) == nil else { return }
    if let any = state.maps.keys.sorted().first {
      state.maps[any] = nil
    } else if state.callersMapsUnmapped[mapped] == nil {
      state.callersMapsUnmapped[mapped] = lock
    }
  }

  private func takeReference(_ object: String, _ state: inout PathState) {
    state.references[object, default: 0] += 1
    state.referenced.insert(object)
    state.droppedReference[object] = nil
    // `folio_get(src_folio); … if (src_folio) folio_put(src_folio);` (move_pages_huge_pmd()):
    // the path that took the reference knows the pointer is not NULL.
    assumeNonNull(base: object, &state)
    Self.forgetTestsOfState(of: object, &state)
  }

  /// What the path found by calls on `object` (`PageLRU(page)`, `folio_test_lru(folio)`)
  /// before it held the object: the code tests it again once it holds it because the
  /// answer may have changed (page_idle_get_page(): `!PageLRU(page)` before and after
  /// `get_page_unless_zero(page)`).
  static func forgetTestsOfState(of object: String, _ state: inout PathState) {
    guard !state.assumptions.isEmpty else { return }
    let stale = state.assumptions.keys(mentioning: object).filter { key in
      key.utf8.contains(UInt8(ascii: "(")) && mentions(key, object)
        && key.asciiRange(of: "==") == nil
    }
    for key in stale { state.assumptions[key] = nil }
  }

  /// Forgets the tests the path decided by calls on the structure `lock` belongs to (`vmf`
  /// for `vmf->ptl`): a lock dropped and taken again protects nothing found in between.
  static func forgetCallTests(of lock: String, _ state: inout PathState) {
    guard !state.assumptions.isEmpty else { return }
    let base = String(
      lock.drop { $0 == "&" || $0 == "*" }.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
    guard !base.isEmpty, base != lock else { return }
    forgetTestsOfState(of: base, &state)
  }

  /// The lock arguments of the map-and-lock releases in `statements` (`pte_unmap_unlock(pte,
  /// ptl)` → `ptl`), as the walk names them.
  static func unmapLocks(in statements: [Statement], table: PrimitiveTable) -> Set<String> {
    var locks: Set<String> = []
    func add(_ tokens: [Token]) {
      // Most statements call no unmap: their calls are not read (a tenth of a series' walks
      // went to reading every call of every function for this).
      let callsUnmap = tokens.indices.dropLast().contains { index in
        tokens[index].kind == .identifier && tokens[index + 1].isPunct("(")
          && table[tokens[index].text]?.effect == .unmapUnlock
      }
      guard callsUnmap else { return }
      for call in Expression.calls(in: tokens) {
        guard let primitive = table[call.name], primitive.effect == .unmapUnlock else { continue }
        locks.insert(Expression.instantiate(primitive.object, call.arguments))
      }
    }
    for statement in statements { statement.forEachTokens(add) }
    return locks
  }
}
