import CSyntax

/// A `goto` to a label inside a block, an `if` branch or a loop body of the list it jumps in
/// (`if (…) { warn: WARN_ON(…); … }` in `__wp_page_copy_user()`, `next_pte:` inside the
/// `do … while` of `page_vma_mapped_walk()`): the path runs from the label to the end of its
/// block, then on after each enclosing statement — through the rest of a loop's rounds where
/// the label is in a loop body.
extension PathWalker {
  /// Where a label sits below a statement list: the lists from the outermost in, with the
  /// index to go on from in each (the statement after the one that holds the label; in the
  /// innermost, the statement after the label).
  typealias LabelPlace = [(list: [Statement], next: Int)]

  /// Sends each path that jumps to `label` from the statement at `index` of `list` on: to a
  /// label of `list` itself (a later one waits in `pending`, an earlier one runs again), to a
  /// label nested in a statement of `list`, or out to the enclosing lists in `flow.gotos`.
  /// Jumps made on the way (out of a nested label's block to a label of `list`) are resolved
  /// here too, so only jumps to labels outside `list` leave it.
  ///
  /// The paths that run again from one label run together, as paths meeting at a statement
  /// do: `goto restart` from a loop's rounds (madvise_cold_or_pageout_pte_range()) sends many
  /// paths back at once, and one run of the rest of the function for each cost a walk of the
  /// loop apiece.
  func resolve(
    _ gotos: [(label: String, state: PathState)], in list: [Statement], labels: [String: Int],
    at index: Int, pending: inout [Int: [PathState]], flow: inout Flow
  ) {
    var queue = gotos
    while !queue.isEmpty {
      var backward: [Int: [PathState]] = [:]
      var nested: [String: (place: LabelPlace, states: [PathState])] = [:]
      var order: [String] = []
      for (label, state) in queue {
        if let target = labels[label] {
          if target > index {
            pending[target, default: []].append(state)
          } else {
            backward[target, default: []].append(state)
          }
          continue
        }
        // A label inside a block, branch or loop body of this list: run from there.
        if nested[label] != nil {
          nested[label]?.states.append(state)
          continue
        }
        guard placedLabels.contains(label), let place = Self.place(of: label, in: list),
          place.count > 1
        else {
          flow.gotos.append((label, state))
          continue
        }
        nested[label] = (place, [state])
        order.append(label)
      }
      queue = []
      for (target, states) in backward.sorted(by: { $0.key < $1.key }) {
        let rerun = executeBackward(list, from: target, states)
        flow.normal += rerun.normal
        flow.absorbJumps(rerun)
      }
      for label in order {
        guard let (place, states) = nested[label] else { continue }
        let inner = executeNested(place, label: label, states)
        flow.breaks += inner.breaks
        flow.continues += inner.continues
        queue += inner.gotos
        // What reaches the end of the statement holding the label goes on after it here.
        let after = executeList(list, inner.normal, from: place[0].next)
        flow.normal += after.normal
        flow.absorbJumps(after)
      }
    }
  }

  /// The place of `label` inside the blocks, `if` branches and loop bodies of `list` (not
  /// inside switches, whose cases a jump in would have to rejoin), or nil.
  static func place(of label: String, in list: [Statement]) -> LabelPlace? {
    for (index, statement) in list.enumerated() {
      if case .label(let name, _) = statement, name == label {
        return [(list, index + 1)]
      }
      for inner in Self.innerLists(of: statement) {
        if let found = place(of: label, in: inner) { return [(list, index + 1)] + found }
      }
    }
    return nil
  }

  /// The names of the labels in `list` and in the blocks, `if` branches and loop bodies inside
  /// it (those ``place(of:in:)`` can find).
  ///
  /// - Complexity: O(*n*) for *n* statements.
  static func labels(in list: [Statement]) -> Set<String> {
    var names: Set<String> = []
    var lists = [list]
    while let next = lists.popLast() {
      for statement in next {
        if case .label(let name, _) = statement { names.insert(name) }
        lists += innerLists(of: statement)
      }
    }
    return names
  }

  /// The statement lists directly inside a block, an `if` or a loop.
  private static func innerLists(of statement: Statement) -> [[Statement]] {
    func list(_ branch: Statement) -> [Statement] {
      if case .block(let body, _) = branch { return body }
      return [branch]
    }
    switch statement {
    case .block(let body, _): return [body]
    case .ifElse(_, let then, let elseBranch, _):
      return [then, elseBranch].compactMap { $0.map(list) }
    case .loop(_, _, _, let body, _), .doWhile(let body, _, _): return [list(body)]
    default: return []
    }
  }

  /// Runs `states` from a nested label: the innermost list from the label on, then each
  /// enclosing list from after the statement that holds it, up to (not into) `place[0]`'s
  /// list. A loop on the way goes on with its next round (its step and condition), and its
  /// `break`s and `continue`s stay in it. A path that comes back to the label in a state
  /// already walked from there stops (``HeadSet``).
  func executeNested(_ place: LabelPlace, label: String, _ states: [PathState]) -> Flow {
    guard place.count > 1, let innermost = place.last else { return Flow() }
    let line = innermost.list[innermost.next - 1].line
    let admitted = states.flatMap { rerun(from: label, line: line, $0) }
    guard !admitted.isEmpty else { return Flow() }
    var flow = Flow()
    var current = admitted
    for depth in stride(from: place.count - 1, to: 0, by: -1) {
      let inner = executeList(place[depth].list, current, from: place[depth].next)
      flow.absorbJumps(inner)
      current = inner.normal
      let holder = place[depth - 1].list[place[depth - 1].next - 1]
      if let rounds = nextRounds(of: holder, current + flow.continues) {
        current = flow.breaks + rounds.normal
        flow.breaks = []
        flow.continues = []
        flow.gotos += rounds.gotos
      }
    }
    flow.normal = current
    return flow
  }

  /// The rest of a loop for paths at the end of one round of its body: the step, the
  /// condition and the further rounds; nil when `holder` is not a loop.
  private func nextRounds(of holder: Statement, _ states: [PathState]) -> Flow? {
    switch holder {
    case .loop(_, let condition, let step, let body, _):
      let stepped = states.flatMap { apply(step, to: $0) }
      return executeLoop(initial: [], condition: condition, step: step, body: body, stepped)
    case .doWhile(let body, let condition, _):
      var flow = Flow()
      var again: [PathState] = []
      let once = condition.count == 1 && condition[0].text == "0"
      for state in states {
        for (next, truth) in once ? [(state, false)] : decideLoop(condition, state) {
          if truth { again.append(next) } else { flow.normal.append(next) }
        }
      }
      let rounds = executeDoWhile(body: body, condition: condition, again)
      flow.normal += rounds.normal
      flow.gotos = rounds.gotos
      return flow
    default:
      return nil
    }
  }
}

extension PathWalker {
  /// The labels of `list` that a `goto` after them jumps back to (`retry:` before `goto
  /// retry;`): a path passing one starts a round (``RoundEndRules``). A label only jumped
  /// forward to (`keep_locked:` in `shrink_folio_list()`'s loop body) starts none: a lock the
  /// round took before it and still holds when the round ends is this round's.
  static func backwardTargets(in list: [Statement]) -> Set<String> {
    var targets: Set<String> = []
    var passed: Set<String> = []
    func visit(_ statement: Statement) {
      switch statement {
      case .goto(let label, _):
        if passed.contains(label) { targets.insert(label) }
      case .block(let body, _): body.forEach(visit)
      case .ifElse(_, let then, let elseBranch, _):
        visit(then)
        elseBranch.map(visit)
      case .switchCase(_, let body, _), .loop(_, _, _, let body, _), .doWhile(let body, _, _):
        visit(body)
      default: break
      }
    }
    for statement in list {
      if case .label(let name, _) = statement { passed.insert(name) }
      visit(statement)
    }
    return targets
  }
}
