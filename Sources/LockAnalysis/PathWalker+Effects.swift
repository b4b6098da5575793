import CSyntax

extension PathWalker {
  /// Names never exported as `call` ops: compiler and checking macros that do nothing to locks.
  static let quietCalls: Set<String> = [
    "READ_ONCE", "WRITE_ONCE", "likely", "unlikely", "min", "max", "min_t", "max_t", "ARRAY_SIZE",
    "container_of", "list_entry", "IS_ERR", "PTR_ERR", "ERR_PTR", "IS_ERR_OR_NULL", "ERR_CAST",
  ]

  /// Applies the effects of an expression statement: its calls, in order, and its assignment.
  func apply(_ tokens: [Token], to state: consuming PathState) -> [PathState] {
    apply(effectPlan(tokens), to: state)
  }

  func apply(_ plan: EffectPlan, to state: consuming PathState) -> [PathState] {
    switch plan.shape {
    case .nothing:
      return [state]
    case .ternary(let condition, let then, let otherwise):
      var out: [PathState] = []
      for (decided, truth) in decide(condition, state) {
        out += apply(truth ? then : otherwise, to: decided)
      }
      return out
    case .sequence(let parts):
      var states = [state]
      for part in parts { states = states.flatMap { apply(part, to: $0) } }
      return states
    case .steps(let calls, let assignments):
      var states = [state]
      for step in calls {
        var next: [PathState] = []
        next.reserveCapacity(states.count)
        for index in states.indices {
          // Moved out of the list, a path this statement already changed is changed in place.
          var current = states.take(index)
          if let primitive = step.primitive {
            if primitive.isConditional {
              next += applyConditional(primitive, step.call, targets: step.targets, current)
                .map(\.0)
              continue
            }
            applyPlain(primitive, step.call, target: step.targets.last, &current)
            if step.isSummarized { applyCalleeUnmaps(step.call, &current) }
          } else if !step.isQuiet {
            applyUnknownCall(step.call, &current, summarized: step.isSummarized)
          }
          next.append(current)
        }
        states = next
      }
      for assignment in assignments {
        for index in states.indices { record(assignment, in: &states[index]) }
      }
      return states
    }
  }

  /// `n->list_lock` and `n` are based on `n`; `n2->list_lock` is not.
  static func isBased(_ object: String, on name: String) -> Bool {
    object == name || object.hasPrefix(name + "->") || object.hasPrefix(name + ".")
  }

  /// `c ? a : b` at the top level, split; nil otherwise.
  static func ternary(_ tokens: [Token]) -> (condition: [Token], then: [Token], otherwise: [Token])?
  {
    var depth = 0
    var question: Int?
    var nested = 0
    for (index, token) in tokens.enumerated() where token.kind == .punctuation {
      if token.opensGroup { depth += 1 }
      if token.closesGroup { depth -= 1 }
      guard depth == 0 else { continue }
      if token.text == "?" {
        if question == nil { question = index } else { nested += 1 }
      } else if token.text == ":", let question {
        if nested > 0 {
          nested -= 1
          continue
        }
        return (
          Array(tokens[..<question]), Array(tokens[(question + 1)..<index]),
          Array(tokens[(index + 1)...])
        )
      }
    }
    return nil
  }

  /// Remembers what an assignment tells: constants, aliases, and forgets conditions on the target.
  private func record(_ assignment: EffectPlan.AssignmentStep, in state: inout PathState) {
    let target = assignment.target
    // `src_pfns[i] = migrate_pfn(pfn) | MIGRATE_PFN_MIGRATE;`: an array element given a value
    // may carry a held reference on in a form this reader cannot follow (a pfn).
    if target.contains("["), assignment.constant == nil, !state.references.isEmpty {
      for (name, count) in state.references where count > 0 && !state.escaped.contains(name) {
        state.escaped.insert(name)
      }
    }
    let decidedByCall = assignment.decidedByCall
    let keepsOwnOutcome = decidedByCall || assignment.lockedByCall
    let stale = state.assumptions.keys.filter { key in
      Self.mentions(key, target) && !(keepsOwnOutcome && key == target)
    }
    for key in stale { state.assumptions[key] = nil }
    // Only what changes is written: an unchanged path stays shared with the paths it came from.
    if state.values[target] != nil { state.values[target] = nil }
    if assignment.isPlain && !decidedByCall {
      // A variable that now names another object: what this path did to the old one no longer applies.
      if state.droppedReference[target] != nil { state.droppedReference[target] = nil }
      if let count = state.references[target], count != 0 {
        if let other = Self.onlyAlias(of: target, in: state.aliases) {
          // `new = folio; folio = NULL;`: the reference is `new`'s now.
          let moved = state.references[other, default: 0] + count
          state.references[other] = moved == 0 ? nil : moved
          if count > 0 { state.referenced.insert(other) }
        } else if count > 0, let constant = assignment.constant,
          Self.truth(ofConstant: constant) == false || ExitRules.isError(constant)
        {
          // `folio = NULL;`: the code lets go of the name (a new value from a call or an array,
          // a loop's next object, may carry the old one on where this reader cannot see).
          reportLostReference(target, at: assignment.line, state)
        } else if count > 0, !assignment.mentionsTarget,
          !target.contains("["),
          let get = state.ops.lastIndex(where: {
            ($0.op == .get || $0.op == .tryGet) && $0.object == target
          }), get < state.roundStart
        {
          // A reference taken before a jump back to retry or an earlier round of a loop and
          // still held when the name is given its next value: `goto repeat;` without the
          // folio_put(), then `folio = xas_load(&xas);`; lock_zspage()'s `page =
          // get_first_page(zspage)` after a round that kept its reference (a loop's next
          // object may carry the old one on in a form this reader cannot follow:
          // `src_pfns[i] = migrate_pfn(pfn)` marks it escaped).
          reportLostReference(target, at: assignment.line, state)
        }
        state.references[target] = 0
      }
      // The name's next object has not been handed anywhere yet.
      if state.escaped.contains(target) { state.escaped.remove(target) }
      if state.releasedAfterAcquire[target] != nil { state.releasedAfterAcquire[target] = nil }
      // `n = n2; spin_lock(&n->list_lock); … n2 = get_node(…)`: the lock is now only `n`'s.
      if let other = Self.onlyAlias(of: target, in: state.aliases) {
        state.aliases[other] = nil
        for index in state.held.indices where Self.isBased(state.held[index].object, on: target) {
          let renamed = other + state.held[index].object.dropFirst(target.count)
          state.acquired.remove(state.held[index].object)
          state.acquired.insert(renamed)
          state.held[index].object = renamed
        }
      }
      // A lock taken through the old value can no longer be named: stop tracking it (unless
      // the lock is what this statement just took: `ptl = pmd_lock(mm, pmd)`).
      if !decidedByCall && !assignment.lockedByCall {
        state.forget { Self.isBased($0.object, on: target) }
      }
    }
    // `folio = filemap_lock_folio(…)`: a release of the new object on a path that never took
    // its lock is not judged (the callee may have taken it).
    if assignment.isPlain, assignment.fromUnknownCall, !state.calleeValues.contains(target) {
      state.calleeValues.insert(target)
    }
    if assignment.isPlain {
      if let constant = assignment.constant { state.values[target] = constant }
      switch assignment.alias {
      case .derived(let source):
        if let source { state.aliases[target] = state.canonical(source) }
      case .sameAs(let name):
        // `locked = lruvec;`: the two names are one object, and what is known of one is known of the other.
        state.aliases[target] = state.canonical(name)
        if let known = state.assumptions[name] { state.assumptions[target] = known }
      case .none:
        if state.aliases[target] != nil { state.aliases[target] = nil }
      }
    }
  }

  /// The one name that is an alias of `target`, if there is exactly one.
  static func onlyAlias(of target: String, in aliases: [String: String]) -> String? {
    var found: String?
    for (name, object) in aliases where object == target {
      guard found == nil else { return nil }
      found = name
    }
    return found
  }

  /// Whether an atom key mentions `target` as a whole word chain (`pte` is not in `vmf->pte`).
  static func mentions(_ key: String, _ target: String) -> Bool {
    var key = key
    var target = target
    return key.withUTF8 { haystack in target.withUTF8 { needle in mentions(haystack, needle) } }
  }

  private static func mentions(
    _ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>
  ) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return false }
    var start = 0
    while start + needle.count <= haystack.count {
      if haystack[start] == needle[0],
        UnsafeBufferPointer(rebasing: haystack[start..<(start + needle.count)]).elementsEqual(
          needle)
      {
        let end = start + needle.count
        let beforeOK =
          start == 0
          || (!haystack[start - 1].isIdentifierByte && haystack[start - 1] != UInt8(ascii: ".")
            && !(haystack[start - 1] == UInt8(ascii: ">") && start >= 2
              && haystack[start - 2] == UInt8(ascii: "-")))
        let afterOK = end == haystack.count || !haystack[end].isIdentifierByte
        if beforeOK && afterOK { return true }
      }
      start += 1
    }
    return false
  }

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
        var op = PathOp(op: .trylock, call: call.name, object: object, line: call.line)
        op.outcome = succeeded ? .acquired : .failed
        op.kind = Self.kind(primitive.family)
        let index = next.append(op)
        if succeeded {
          acquire(primitive, object: object, opIndex: index, call: call, &next)
        } else {
          next.unwaitedTrylockFailure = index
        }
      case .tryGet:
        var op = PathOp(op: .tryGet, call: call.name, object: object, line: call.line)
        op.outcome = succeeded ? .acquired : .failed
        _ = next.append(op)
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
      for target in targets {
        next.assumptions[target] = primitive.success == .zero ? !succeeded : succeeded
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
      let index = state.append(PathOp(op: .map, call: call.name, object: mapped, line: call.line))
      state.maps[mapped] = index
      state.mapped = true
    case .mapLock:
      let mapped = target ?? "pte"
      var op = PathOp(op: .mapLock, call: call.name, object: object, line: call.line)
      op.kind = .spinlock
      let index = state.append(op)
      state.maps[mapped] = index
      state.mapped = true
      acquire(primitive, object: object, opIndex: index, call: call, &state)
    case .unmap:
      let mapped = Expression.object(call.arguments.first ?? [])
      _ = state.append(PathOp(op: .unmap, call: call.name, object: mapped, line: call.line))
      unmap(mapped, &state)
    case .unmapUnlock:
      var op = PathOp(op: .unmapUnlock, call: call.name, object: object, line: call.line)
      op.kind = .spinlock
      let index = state.append(op)
      unmap(Expression.instantiate(primitive.map ?? "$1", call.arguments), &state)
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
      let lockClass = primitive.object
      state.forget { Self.lockClass($0.object) == lockClass }
      // Called with the caller's lock of this class (`handle_mm_fault()` may drop the caller's
      // `mmap_lock`): a lock of the class taken after it is the caller's, taken back
      // (`fixup_user_fault()`'s `mmap_read_lock(mm)` after VM_FAULT_COMPLETED).
      let marker = "*" + lockClass
      if !state.callersLocks.contains(marker) { state.callersLocks.insert(marker) }
    case .retryCaller, .changingTest, .readsOnly, .keepsReference, .assertion:
      break
    }
  }

  private func unmap(_ mapped: String, _ state: inout PathState) {
    if state.maps.removeValue(forKey: mapped) == nil, let any = state.maps.keys.sorted().first {
      state.maps[any] = nil
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
    guard !state.assumptions.entries.isEmpty else { return }
    let stale = state.assumptions.keys.filter { key in
      key.contains("(") && mentions(key, object) && !key.contains("==")
    }
    for key in stale { state.assumptions[key] = nil }
  }

  /// Forgets the tests the path decided by calls on the structure `lock` belongs to (`vmf`
  /// for `vmf->ptl`): a lock dropped and taken again protects nothing found in between.
  static func forgetCallTests(of lock: String, _ state: inout PathState) {
    guard !state.assumptions.entries.isEmpty else { return }
    let base = String(
      lock.drop { $0 == "&" || $0 == "*" }.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
    guard !base.isEmpty, base != lock else { return }
    forgetTestsOfState(of: base, &state)
  }

  /// Whether a call outside the table is left out of the path: a quiet call, or an upper-case
  /// macro (`VM_BUG_ON`).
  static func isQuiet(_ name: String) -> Bool {
    quietCalls.contains(name) || (name.uppercased() == name && name.count >= 3)
  }

  /// A call outside the table (see ``isQuiet(_:)`` for those left out); `summarized` when the
  /// call summaries know the callee.
  func applyUnknownCall(_ call: Call, _ state: inout PathState, summarized: Bool) {
    _ = state.append(PathOp(op: .call, call: call.name, line: call.line))
    if summarized { checkRecursion(through: call, &state) }
    noteEscapes(call, &state)
    // `shmem_get_folio(inode, index, &folio, SGP_NOALLOC)`: what the callee stores in `folio`
    // may come locked; a release of it on a path that never took it is not judged.
    for argument in call.arguments
    where argument.count == 2 && argument[0].isPunct("&") && argument[1].kind == .identifier {
      let name = state.canonical(argument[1].text)
      if !state.calleeValues.contains(name) { state.calleeValues.insert(name) }
    }
    // `mapping->a_ops->writepage(&folio->page, &wbc)` with the folio locked by the caller: the
    // callee may drop the caller's lock, and `folio_lock(folio)` after it takes it back for the
    // caller ("unlocked. Relock" in writeout()).
    if call.indirect, CallSummaries.mayReleaseWhatItIsGiven(call.name) {
      for argument in call.arguments {
        let object = state.canonical(CallSummaries.base(of: argument))
        if !object.isEmpty, !state.acquired.contains(object),
          !state.callersLocks.contains(object)
        {
          state.callersLocks.insert(object)
        }
      }
    }
    // `(*writepage)(page, wbc, data)`, `ps->action(ps, p)`: a callee this reader cannot name may
    // release the locks of what it is given; they are no longer judged.
    if call.indirect, !state.held.isEmpty, CallSummaries.mayReleaseWhatItIsGiven(call.name) {
      for argument in call.arguments {
        let object = state.canonical(Expression.object(argument))
        state.forget { $0.object == object || Self.isBased($0.object, on: object) }
      }
    }
  }
}
