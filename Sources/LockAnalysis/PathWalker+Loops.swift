import CSyntax

extension PathWalker {
  /// `for`/`while`: the body runs until no path comes back to the head in a state not walked
  /// from there already (``HeadSet``). A path leaves when the condition is false or through a
  /// `break`; a loop with no condition (`for (;;)`, `while (1)`) is left only by `break`,
  /// `return` or `goto`, never by running out of rounds.
  func executeLoop(
    initial: [Token], condition: [Token], step: [Token], body: Statement, _ states: [PathState]
  ) -> Flow {
    var flow = Flow()
    var heads = HeadSet()
    var current = states.flatMap { apply(initial, to: $0) }.map(Self.forgettingReleases)
    let cursor = Self.cursorStep(condition)
    let stepped = Self.assignedNames(step) + Self.assignedNames(cursor ?? [])
    let walked = walkedList(condition)
    let lines = body.line...max(body.line, Self.lastLineInside(body))
    while !current.isEmpty {
      current = nextRound(current, &heads, line: body.line)
      guard !current.isEmpty else { break }
      var entering: [PathState] = []
      for state in current {
        for (next, truth) in decideLoop(condition, state) {
          if !truth {
            flow.normal.append(next)
          } else if let cursor {
            entering += apply(cursor, to: next).map { state in
              guard let walked else { return state }
              var state = state
              receive(
                state.canonical(walked.cursor), named: walked.cursor, from: walked.list,
                line: body.line, &state)
              return state
            }
          } else {
            entering.append(next)
          }
        }
      }
      let inner = execute(body, entering)
      flow.normal += settleListRounds(inner.breaks, lines: lines, leaving: true)
      flow.gotos += inner.gotos.map { jump in
        (jump.label, settleListRounds([jump.state], lines: lines, leaving: true)[0])
      }
      let ended = settleListRounds(inner.normal + inner.continues, lines: lines, leaving: false)
      recordRoundEnds(ended, at: .loop(line: body.line))
      reportLostAtRoundEnd(ended, names: stepped, line: body.line)
      let looping = Self.markingKeptLocks(
        ended, in: body,
        changing: { Self.changingNames(initial + condition + step, body) })
      current = join(
        looping.flatMap { apply(step, to: $0) }.map(Self.startingRound), line: body.line)
    }
    flow.normal = join(flow.normal, line: body.line)
    return flow
  }

  /// `do … while (c)`: as ``executeLoop(initial:condition:step:body:_:)``, the body first;
  /// `do { … } while (0)` runs once.
  func executeDoWhile(body: Statement, condition: [Token], _ states: [PathState]) -> Flow {
    var flow = Flow()
    let once = condition.count == 1 && condition[0].text == "0"
    if once {
      let inner = execute(body, states)
      flow.normal = inner.normal + inner.continues + inner.breaks
      flow.gotos = inner.gotos
      return flow
    }
    var heads = HeadSet()
    var current = states.map(Self.forgettingReleases)
    while !current.isEmpty {
      current = nextRound(current, &heads, line: body.line)
      guard !current.isEmpty else { break }
      let inner = execute(body, current)
      flow.normal += inner.breaks
      flow.gotos += inner.gotos
      recordRoundEnds(inner.normal + inner.continues, at: .loop(line: body.line))
      var again: [PathState] = []
      for state in Self.markingKeptLocks(
        inner.normal + inner.continues, in: body, changing: { Self.changingNames(condition, body) })
      {
        for (next, truth) in decideLoop(condition, state) {
          if truth { again.append(next) } else { flow.normal.append(next) }
        }
      }
      current = join(again.map(Self.startingRound), line: body.line)
    }
    flow.normal = join(flow.normal, line: body.line)
    return flow
  }

  /// The paths of `arriving` that start another round from the loop head (none once every one
  /// is a state already walked from there, or once ``roundLimit`` rounds ran, which the walk
  /// then records as incomplete).
  private func nextRound(_ arriving: [PathState], _ heads: inout HeadSet, line: Int)
    -> [PathState]
  {
    let admitted = heads.admit(arriving, joining: heads.rounds >= Self.joinRoundsAfter)
    guard !admitted.isEmpty else { return [] }
    guard heads.rounds < Self.roundLimit else {
      markIncomplete(.loopRounds(Self.roundLimit), line: line)
      return []
    }
    heads.rounds += 1
    return admitted
  }

  /// A path starting a round of a loop. A new round works on new objects under the same names
  /// (`pages[i]`, the next folio of a list): what the last round released or put is not this
  /// round's. Counts that only grow round after round (a reference kept per object collected)
  /// are widened to "two or more", and a lock kept across rounds is held once, so the rounds
  /// reach a fixpoint.
  static func startingRound(_ state: PathState) -> PathState {
    var state = forgettingReleases(state)
    if !state.droppedReference.isEmpty { state.droppedReference = [:] }
    if state.references.values.contains(where: { abs($0) > 2 || $0 == 0 }) {
      // A count back at zero is no count: the rounds meet at one state.
      state.references = state.references.mapValues { min(max($0, -2), 2) }.filter { $0.value != 0 }
    }
    // A lock left held by an earlier round and taken again at the same line (an RCU read
    // section nests; a spinlock taken twice was reported) is held once, or the rounds never
    // meet.
    func once(_ lock: HeldLock) -> String {
      lock.keptAcrossIterations ? lock.object : "\(lock.object)@\(lock.line)"
    }
    var seen: Set<String> = []
    if state.held.contains(where: { !seen.insert(once($0)).inserted }) {
      var kept: Set<String> = []
      state.held = state.held.filter { kept.insert(once($0)).inserted }
    }
    return state
  }

  /// `folio = <next>` for a loop macro (`list_for_each_entry_safe(folio, tmp, &list, lru)`,
  /// `xas_for_each(&xas, folio, end)`): each round names a new object with its cursor, the
  /// first argument that is a plain name; nil for other loops.
  static func cursorStep(_ condition: [Token]) -> [Token]? {
    guard condition.count > 2, condition[0].kind == .identifier, condition[1].isPunct("("),
      Statement.isIteratorMacro(condition[0].text),
      Expression.matching(condition, 1) == condition.count - 1
    else { return nil }
    let arguments = Expression.split(Array(condition[2..<(condition.count - 1)]))
    guard
      let cursor = arguments.first(where: { $0.count == 1 && $0[0].kind == .identifier })?[0]
    else { return nil }
    return Lexer.lex("\(cursor.text) = \(cursor.text)__next", firstLine: condition[0].line).tokens
  }

  /// A path entering a loop or starting a round: the locks it released before are not the
  /// ones a round releases (a second release in the loop is of the next object), and the locks
  /// it takes from here are this round's (``RoundEndRules``).
  static func forgettingReleases(_ state: PathState) -> PathState {
    guard !state.releasedAfterAcquire.isEmpty || state.roundStart != state.ops.count else {
      return state
    }
    var state = state
    if !state.releasedAfterAcquire.isEmpty { state.releasedAfterAcquire = [:] }
    state.roundStart = state.ops.count
    return state
  }

  /// The identifiers of every condition in `statements` (and of every statement with a `?:`).
  static func testedNames(in statements: [Statement]) -> Set<String> {
    var names: Set<String> = []
    // A name the condition only reads through (`if (get_mctgt_type(vma, addr, *pte, NULL))`,
    // `pte->x`, `pages[i]`) is no test of the name itself: a map that result comes from is not
    // made fallible by it (6.1's `pte_offset_map_lock()` could not fail).
    func add(_ tokens: [Token]) {
      for (index, token) in tokens.enumerated() where token.kind == .identifier {
        let next = index + 1 < tokens.count ? tokens[index + 1] : nil
        let throughPointer =
          (index > 0 && tokens[index - 1].isPunct("*")
            && (index == 1 || !Self.endsOperand(tokens[index - 2])))
          || next?.isPunct("->") == true || next?.isPunct("[") == true
        if !throughPointer { names.insert(token.text) }
        if let chain = Self.testedField(tokens, at: index) { names.insert(chain) }
      }
    }
    func visit(_ statement: Statement) {
      switch statement {
      case .expression(let tokens, _), .returnStatement(let tokens, _):
        if tokens.contains(where: { $0.isPunct("?") }) { add(tokens) }
      case .block(let body, _): body.forEach(visit)
      case .ifElse(let condition, let then, let elseBranch, _):
        add(condition)
        visit(then)
        elseBranch.map(visit)
      case .switchCase(let subject, let body, _):
        add(subject)
        visit(body)
      case .loop(_, let condition, _, let body, _):
        // `pte++` in a loop's step is no test of `pte`.
        add(condition)
        visit(body)
      case .doWhile(let body, let condition, _):
        add(condition)
        visit(body)
      default: break
      }
    }
    statements.forEach(visit)
    return names
  }

  /// The field chain starting at `index` that a condition tests itself (`!vmf->pte` → `vmf->pte`):
  /// a map assigned to that field may have failed (6.12's `filemap_map_pages()` unlocks and puts
  /// its folio when `vmf->pte = pte_offset_map_lock(…)` found no page table); nil for a lone
  /// name, a chain read through (`vmf->pte[0]`, `*vmf->pte`, `vmf->ops->fault(…)`) or given to
  /// a call (`ptep_set_access_flags(vma, addr, vmf->pte, …)`), or one that does not start at
  /// `index`.
  static func testedField(_ tokens: [Token], at index: Int) -> String? {
    if index > 0 {
      let previous = tokens[index - 1]
      let opensGroup =
        previous.isPunct("(") && (index == 1 || tokens[index - 2].kind != .identifier)
      guard opensGroup || previous.isPunct("!") || previous.isPunct("&&") || previous.isPunct("||")
      else { return nil }
    }
    var end = index
    var text = tokens[index].text
    while end + 2 < tokens.count, tokens[end + 1].isPunct("->") || tokens[end + 1].isPunct("."),
      tokens[end + 2].kind == .identifier
    {
      text += tokens[end + 1].text + tokens[end + 2].text
      end += 2
    }
    guard end > index else { return nil }
    if end + 1 < tokens.count, ![")", "&&", "||", "==", "!=", "?"].contains(tokens[end + 1].text) {
      return nil
    }
    return text
  }

  /// Whether `token` ends an operand, so that a `*` after it multiplies (`a * b`) rather than
  /// dereferences.
  static func endsOperand(_ token: Token) -> Bool {
    token.kind == .identifier || token.kind == .number || token.isPunct(")") || token.isPunct("]")
  }

  /// The paths going round a loop again, with the locks they took in its body and still hold
  /// marked as kept across iterations: a loop may collect locked objects. Only a lock on an
  /// object the loop moves on (``changingNames(_:_:)``) can be one of a collection; another
  /// is the same lock every round (`cc->zone->lock` in fast_find_migrateblock()'s loop), and an
  /// RCU read section belongs to no object at all (`rcu_read_unlock()` deleted in
  /// _vm_unmap_aliases()'s per-CPU loop): one still held when the round ends is left open.
  static func markingKeptLocks(
    _ states: [PathState], in body: Statement, changing names: () -> Set<String>
  ) -> [PathState] {
    let lines = body.line...max(body.line, lastLineInside(body))
    // Read from the loop only when a path holds a lock taken inside it: most rounds end
    // holding none, and the scan of a large loop body was a fortieth of a series' walk.
    var changing: Set<String>?
    func collectable(_ lock: HeldLock) -> Bool {
      guard lines.contains(lock.line), lock.family != .rcu else { return false }
      if lock.object.containsASCII("[") { return true }
      let names = changing ?? names()
      changing = names
      return names.contains { isBased(lock.object, on: $0) }
    }
    return states.map { state in
      guard state.held.contains(where: { collectable($0) && !$0.keptAcrossIterations })
      else { return state }
      var marked = state
      for index in marked.held.indices where collectable(marked.held[index]) {
        marked.held[index].keptAcrossIterations = true
      }
      return marked
    }
  }

  /// The last line of a statement's innermost last statement, into loops and switches.
  static func lastLineInside(_ statement: Statement) -> Int {
    switch statement {
    case .block(let body, let line): return body.last.map(lastLineInside) ?? line
    case .ifElse(_, let then, let elseBranch, let line):
      return max(line, lastLineInside(then), elseBranch.map(lastLineInside) ?? line)
    case .switchCase(_, let body, _), .loop(_, _, _, let body, _), .doWhile(let body, _, _):
      return max(statement.line, lastLineInside(body))
    default: return statement.line
    }
  }

  /// A loop condition is re-evaluated each iteration, so it is not remembered;
  /// an empty condition (`for (;;)`) is always true.
  func decideLoop(_ condition: [Token], _ state: PathState) -> [(PathState, Bool)] {
    if condition.isEmpty { return [(state, true)] }
    if condition.count == 1, condition[0].text == "1" || condition[0].text == "true" {
      return [(state, true)]
    }
    return decide(condition, state).map { next, truth in
      guard next.assumptions != state.assumptions else { return (next, truth) }
      var forgotten = next
      forgotten.assumptions = state.assumptions
      return (forgotten, truth)
    }
  }
}
