import CSyntax

/// Locks and references a loop collects on a list of the function's own, followed to the loop
/// that takes the objects off it (``ListHoldings``).
///
/// `list_add_tail(&folio->lru, &pagelist)` while the folio is locked and referenced hands both
/// to `pagelist`; `list_for_each_entry_safe(folio, tmp, &pagelist, lru)` gives each round's
/// folio the lock and the reference back, and once `list_del(&folio->lru)` took it off the
/// list, a round that ends still holding either leaves every listed folio locked or
/// referenced: `lock-imbalance` or `ref-imbalance`. An object the round leaves on the list is
/// still the list's (collapse_file()'s copy loop only reads the folios).
///
/// ```c
/// list_for_each_entry_safe(folio, tmp, &pagelist, lru) {
///         list_del(&folio->lru);
///         folio_unlock(folio);
///         /* folio_put(folio) deleted: the reference the list held is leaked */
/// }
/// ```
extension PathWalker {
  /// `list_add_tail(&folio->lru, &pagelist)`: the list holds what `folio` holds on this path;
  /// `list_del(&folio->lru)`: a received object is off its list now.
  func noteListCall(_ call: Call, _ state: inout PathState) {
    guard !call.indirect, call.arguments.count >= 1 else { return }
    if context.table.lists(call.name, as: .listRemove) {
      let element = state.canonical(CallSummaries.base(of: call.arguments[0]))
      if state.lists.received[element]?.removedAt == nil, state.lists.received[element] != nil {
        state.lists.received[element]?.removedAt = call.line
      }
      return
    }
    guard context.table.lists(call.name, as: .listAdd), call.arguments.count >= 2 else { return }
    // Put on a list again (`list_move(&folio->lru, &keep)`): that list holds it now.
    let moved = state.canonical(CallSummaries.base(of: call.arguments[0]))
    if state.lists.received[moved]?.removedAt != nil {
      state.lists.received[moved]?.removedAt = nil
    }
    guard let list = Self.ownList(call.arguments[1]) else { return }
    // `&folio->lru`, `page_deferred_list(page)`: the first name that holds something.
    for token in call.arguments[0] where token.kind == .identifier {
      let element = state.canonical(token.text)
      let lock = state.held.last { $0.object == element && $0.family == .page }
      let references = state.references[element, default: 0]
      guard lock != nil || references > 0 else { continue }
      let get = state.ops.last { ($0.op == .get || $0.op == .tryGet) && $0.object == element }
      // One reference per object: a larger count on a loop's cursor is what earlier rounds
      // put on the list under the same name (deferred_split_scan()'s `folio_try_get(folio)`).
      let given = ListHoldings.Holding(
        lock: lock, references: min(max(references, 0), 1), referenceLine: get?.line,
        referenceCall: get?.call)
      let holding = state.lists.lists[list]?.adding(given) ?? given
      if state.lists.lists[list] != holding { state.lists.lists[list] = holding }
      return
    }
  }

  /// `list_move(&folio->lru, move_to)` where `move_to` names the list `folio` was taken from
  /// (`folio = lru_to_folio(src)`, ``listOrigins``): the object goes back where it was, a
  /// rotation, so the list is given nothing it did not hold (isolate_lru_folios() moves a
  /// folio it will not isolate back to `src`, one it isolates to `dst`).
  func movesBackToItsList(_ call: Call, _ state: PathState) -> Bool {
    guard !listOrigins.isEmpty, !call.indirect, call.arguments.count >= 2,
      context.table.lists(call.name, as: .listAdd),
      let element = call.arguments[0].first(where: { $0.kind == .identifier }),
      let origin = listOrigins[element.text]
    else { return false }
    return state.canonical(Expression.object(call.arguments[1])) == state.canonical(origin)
  }

  /// The names the body gives only elements of one list (`folio = lru_to_folio(src)`,
  /// `page = list_first_entry(&pages, struct page, lru)`: a table `list-element` call), each
  /// with that list as written (`src`, `&pages`).
  static func listOrigins(in statements: [Statement], table: PrimitiveTable) -> [String: String] {
    var origins: [String: String] = [:]
    var mixed: Set<String> = []
    func add(_ tokens: [Token]) {
      for index in tokens.indices.dropLast() {
        guard tokens[index].kind == .identifier, tokens[index + 1].isPunct("="),
          index == 0 || !(tokens[index - 1].isPunct("->") || tokens[index - 1].isPunct("."))
        else { continue }
        let name = tokens[index].text
        // Any other value (`folio = NULL`, `folio = page_folio(page)`) may come from elsewhere.
        guard index + 4 < tokens.count, tokens[index + 2].kind == .identifier,
          table.lists(tokens[index + 2].text, as: .listElement), tokens[index + 3].isPunct("("),
          case let close = Expression.matching(tokens, index + 3), close > index + 4,
          close < tokens.count,
          let list = Expression.split(Array(tokens[(index + 4)..<close])).first
        else {
          mixed.insert(name)
          continue
        }
        let origin = Expression.object(list)
        if let known = origins[name], known != origin { mixed.insert(name) }
        origins[name] = origin
      }
    }
    for statement in statements { statement.forEachTokens(add) }
    for name in mixed { origins[name] = nil }
    return origins
  }

  /// `&pagelist` → `pagelist`: a list of the function's own (not `head`, not `&mm->list`).
  static func ownList(_ argument: [Token]) -> String? { addressedName(argument) }

  /// The list a `list-loop` macro walks and the name of its cursor
  /// (`list_for_each_entry_safe(folio, tmp, &pagelist, lru)` → `pagelist`, `folio`).
  func walkedList(_ condition: [Token]) -> (list: String, cursor: String)? {
    guard condition.count > 2, condition[0].kind == .identifier,
      context.table.lists(condition[0].text, as: .listLoop), condition[1].isPunct("("),
      Expression.matching(condition, 1) == condition.count - 1
    else { return nil }
    let arguments = Expression.split(Array(condition[2..<(condition.count - 1)]))
    guard let cursor = arguments.first(where: { $0.count == 1 && $0[0].kind == .identifier }),
      let list = arguments.lazy.compactMap(Self.ownList).first
    else { return nil }
    return (list, cursor[0].text)
  }

  /// `page = list_first_entry_or_null(&pagelist, struct page, lru)`: the assigned name
  /// receives what the list holds (after the assignment, which forgot the name's old object).
  func receiveListElements(_ calls: [EffectPlan.CallStep], line: Int, _ state: inout PathState) {
    guard !state.lists.lists.isEmpty else { return }
    for step in calls where !step.call.indirect {
      guard context.table.lists(step.call.name, as: .listElement),
        let target = step.targets.last, let first = step.call.arguments.first,
        let list = Self.ownList(first)
      else { continue }
      receive(state.canonical(target), named: target, from: list, line: line, &state)
    }
  }

  /// Gives `element` the lock and references `list` holds, as the object the round works on.
  func receive(
    _ element: String, named name: String, from list: String, line: Int,
    _ state: inout PathState
  ) {
    guard let holding = state.lists.lists[list], holding.lock != nil else {
      // A path that put nothing locked on the list: a release of its object is not judged
      // against the paths that did (the list it walks is empty on this path).
      if !state.untracked.contains(element) { state.untracked.insert(element) }
      guard let holding = state.lists.lists[list], holding.references > 0 else { return }
      receiveReferences(element, named: name, holding, list: list, line: line, &state)
      return
    }
    var lock: HeldLock?
    if var listed = holding.lock, !state.held.contains(where: { $0.object == element }) {
      listed.object = element
      listed.keptAcrossIterations = false
      listed.returnedByCall = false
      state.held.append(listed)
      lock = listed
    }
    receiveReferences(element, named: name, holding, list: list, line: line, &state)
    state.lists.received[element]?.lock = lock
  }

  private func receiveReferences(
    _ element: String, named name: String, _ holding: ListHoldings.Holding, list: String,
    line: Int, _ state: inout PathState
  ) {
    // The name's object is a new one: a count left on the name by the loop that filled the
    // list (`folio_try_get(folio)` before `list_move(&folio->_deferred_list, &list)`, the same
    // cursor name in deferred_split_scan()) is that object's, handed to the list.
    if holding.references > 0 {
      state.references[element] = holding.references
      if !state.referenced.contains(element) { state.referenced.insert(element) }
      // An object on a list is no NULL: `if (folio) folio_put(folio);` puts it.
      assumeNonNull(base: element, &state)
    }
    // The object the name now names has been handed nowhere yet.
    if state.escaped.contains(element) { state.escaped.remove(element) }
    if state.handedOn.contains(element) { state.handedOn.remove(element) }
    state.lists.received[element] = ListHoldings.Received(
      list: list, name: name, lock: nil, references: holding.references, line: line)
  }

  /// The paths ending a round of the loop whose lines are `lines`: an object received in the
  /// round and taken off its list that still holds what it received is reported; what the
  /// round's objects received is then no longer the path's (released, reported, or still the
  /// list's).
  func settleListRounds(_ states: [PathState], lines: ClosedRange<Int>, leaving: Bool)
    -> [PathState]
  {
    states.map { state in
      guard !state.lists.received.isEmpty else { return state }
      var state = state
      for (element, received) in state.lists.received.sorted(by: { $0.key < $1.key })
      where lines.contains(received.line) {
        // A path leaving the loop with an object it took off the list keeps it.
        if leaving, received.removedAt != nil {
          state.lists.received[element] = nil
          continue
        }
        if !leaving, let removed = received.removedAt {
          reportKeptListObject(element, received, removedAt: removed, state)
        }
        if let lock = received.lock {
          state.held.removeAll { $0.object == element && $0.opIndex == lock.opIndex }
        }
        if received.references > 0, let count = state.references[element], count > 0 {
          state.references[element] = nil
        }
        state.lists.received[element] = nil
      }
      return state
    }
  }

  private func reportKeptListObject(
    _ element: String, _ received: ListHoldings.Received, removedAt: Int, _ state: PathState
  ) {
    // A lock is handed on by a store (an array, the caller's structure), a reference also by
    // a call that may keep it (`xas_store(&xas, page)` keeps the page cache's reference, not
    // the page lock).
    let stored = state.escaped.contains(element) || ExitRules.handsOut(element, state)
    let handed = stored || state.handedOn.contains(element)
    let name = received.name
    let end = state.ops.lastLine ?? removedAt
    if let lock = received.lock,
      state.held.contains(where: { $0.object == element && $0.opIndex == lock.opIndex }),
      !stored
    {
      report(
        .lockImbalance, severity: .warning, line: removedAt, key: "list-lock|\(removedAt)",
        path: state.ops,
        message:
          "\(name), taken off \(received.list) at \(removedAt), is still locked when the loop "
          + "goes on to its next object after line \(end) on this path: \(received.list) was "
          + "given it locked by \(lock.call)() at \(lock.line), and nothing here unlocks it or "
          + "hands it on")
    }
    guard received.references > 0, state.references[element, default: 0] > 0, !handed,
      let holding = state.lists.lists[received.list]
    else { return }
    let taken =
      holding.referenceLine.map {
        " with the reference taken by \(holding.referenceCall ?? "get")() at \($0)"
      }
      ?? " with a reference"
    report(
      .refImbalance, severity: .warning, line: removedAt, key: "list-ref|\(removedAt)",
      path: state.ops,
      message:
        "\(name), taken off \(received.list) at \(removedAt), still holds the reference "
        + "\(received.list) held when the loop goes on to its next object after line \(end) on "
        + "this path: \(received.list) was given it\(taken), and nothing here dropped it, "
        + "stored it or handed it to a call that could keep it")
  }
}
