import CSyntax

/// What a statement does to a path: its calls in order (``EffectPlan``), then its assignment —
/// the constants and aliases it records, the conditions it makes stale, and the references,
/// locks and maps its target held before (a reference lost, a lock no longer nameable).
///
/// `folio = page_folio(page);` → `folio` is an alias of `page`; `folio = NULL;` with a
/// reference held on `folio` → that reference is lost (`ref-imbalance`).
extension PathWalker {
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
      if let copy = sameOrCopyStep(calls, assignments) {
        return applySameOrCopy(copy, assignments[0], state)
      }
      var states = [state]
      // What each path found of a releasing call's result (``KeptResult``), told once the
      // assignment of the result is recorded.
      var results: [KeptResult?] = [nil]
      for step in calls {
        var next: [PathState] = []
        var nextResults: [KeptResult?] = []
        next.reserveCapacity(states.count)
        for index in states.indices {
          // Moved out of the list, a path this statement already changed is changed in place.
          var current = states.take(index)
          if let primitive = step.primitive {
            if primitive.isConditional {
              let outcomes = applyConditional(primitive, step.call, targets: step.targets, current)
              next += outcomes.map(\.0)
              nextResults += Array(repeating: results[index], count: outcomes.count)
              continue
            }
            applyPlain(primitive, step.call, target: step.targets.last, &current)
            if step.isSummarized { applyCalleeUnmaps(step.call, &current) }
          } else if !step.isQuiet {
            if let kept = keepingPath(step, current) {
              next.append(kept.state)
              nextResults.append(kept.result)
              applyUnknownCall(step, &current)
              next.append(current)
              nextResults.append(kept.result.released)
              continue
            }
            applyUnknownCall(step, &current)
          }
          next.append(current)
          nextResults.append(results[index])
        }
        states = next
        results = nextResults
      }
      for assignment in assignments {
        for index in states.indices {
          record(assignment, in: &states[index])
          if let batch = assignment.batchElementOf, !states[index].lists.lists.isEmpty {
            receiveBatchElement(assignment, from: batch, &states[index])
          }
        }
      }
      for index in states.indices {
        if let result = results[index] { result.tell(&states[index]) }
      }
      if let line = assignments.last?.line {
        for index in states.indices { receiveListElements(calls, line: line, &states[index]) }
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
  func record(_ assignment: EffectPlan.AssignmentStep, in state: inout PathState) {
    let target = assignment.target
    // `src_pfns[i] = migrate_pfn(pfn) | MIGRATE_PFN_MIGRATE;`: an array element given a value
    // may carry a held reference on in a form this reader cannot follow (a pfn).
    if target.utf8.contains(UInt8(ascii: "[")), assignment.constant == nil,
      !state.references.isEmpty
    {
      for (name, count) in state.references where count > 0 && !state.escaped.contains(name) {
        state.escaped.insert(name)
      }
    }
    // `dst_pfns[i] = migrate_pfn(page_to_pfn(dpage))`, `*dst = migrate_pfn(…)`: a locked page
    // handed on as a pfn (test_hmm.c, migrate_device_range()) is not lost when its name moves on.
    if target.utf8.contains(UInt8(ascii: "[")) || target.hasPrefix("*"),
      assignment.constant == nil
    {
      for lock in state.held where lock.family == .page && !state.escaped.contains(lock.object) {
        state.escaped.insert(lock.object)
      }
    }
    let decidedByCall = assignment.decidedByCall
    let keepsOwnOutcome = decidedByCall || assignment.lockedByCall
    // `folio = filemap_lock_folio(…)` decided `folio` and `IS_ERR(folio)` for its outcome.
    Self.forgetWhatIsKnown(of: target, &state) { key in
      keepsOwnOutcome && Self.isOutcomeTest(key, of: target)
    }
    if assignment.isPlain && !decidedByCall {
      // `folio = gup_folio_next(…)` while the old folio is still locked: it is lost.
      if !assignment.lockedByCall, !assignment.mentionsTarget, assignment.alias == .none {
        reportLostPageLock(target, at: assignment.line, state)
      }
      // `pvmw->ptl = NULL;` while the path still holds the lock it named: nothing can release it.
      if let constant = assignment.constant, Self.truth(ofConstant: constant) == false {
        reportNulledLock(target, at: assignment.line, state)
        reportLostMap(target, at: assignment.line, state, how: "is set to NULL")
      }
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
          !target.utf8.contains(UInt8(ascii: "[")),
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
      // The name's next object has not been handed anywhere yet: a hand-off of the round before
      // (`list_add(&page->lru, &cc->migratepages)` in isolate_migratepages_block()) does not
      // cover the reference the next round takes on the page the name moves on to.
      if state.escaped.contains(target) { state.escaped.remove(target) }
      if state.handedOn.contains(target) { state.handedOn.remove(target) }
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
        if !assignment.mentionsTarget, assignment.alias == .none {
          reportLostFieldLock(of: target, at: assignment.line, state)
        }
        state.forget { Self.isBased($0.object, on: target) }
      }
    }
    // `folio = filemap_lock_folio(…)`: a release of the new object on a path that never took
    // its lock is not judged (the callee may have taken it).
    if assignment.isPlain, assignment.fromUnknownCall, !state.calleeValues.contains(target) {
      state.calleeValues.insert(target)
    }
    // `vmf->page = folio_file_page(folio, index);`: the caller gets a page of the folio, and
    // with it the reference (filemap_fault() returns VM_FAULT_LOCKED holding it).
    if let whole = assignment.storesPartOf, state.references[whole, default: 0] > 0,
      !state.handedOn.contains(whole)
    {
      state.handedOn.insert(whole)
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

  /// `folio`, `IS_ERR(folio)`, `IS_ERR_OR_NULL(folio)`, `ret<=0`: the tests of `target` a
  /// conditional call's outcome decides (``Primitive/outcomeTests(of:)``).
  static func isOutcomeTest(_ key: String, of target: String) -> Bool {
    key == target || key == "IS_ERR(\(target))" || key == "IS_ERR_OR_NULL(\(target))"
      || key == Primitive.notPositive(target)
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
  /// Forgets the tests that mention `name` (but those `keeping` accepts) and its known value:
  /// `name` was given a new value (`folio = …;`, `++batch_count` in a test).
  static func forgetWhatIsKnown(
    of name: String, _ state: inout PathState, keeping keep: (String) -> Bool = { _ in false }
  ) {
    let stale = state.assumptions.keys(mentioning: name).filter { key in
      mentions(key, name) && !keep(key)
    }
    for key in stale { state.assumptions[key] = nil }
    // Only what changes is written: an unchanged path stays shared with the paths it came from.
    if state.values[name] != nil { state.values[name] = nil }
  }

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
}
