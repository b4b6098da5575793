import CSyntax

/// Enumerates the paths through a function body (or a fragment of one) and tracks, per path,
/// locks, references, PTE maps and decided conditions, reporting what the rules see on the way.
///
/// Loops run at most ``loopBound`` times; a backward `goto` is followed once. When paths
/// become equal in everything that decides their future they are merged; beyond
/// ``pathLimit`` paths the rest are dropped and ``truncated`` says so.
final class PathWalker {
  static let loopBound = 2
  static let pathLimit = 64
  /// Path-steps (paths × statements) after which the walk coarsens: loops run once, and
  /// paths that hold the same locks, maps and references merge even if their conditions differ.
  static let workBudget = 20_000

  struct Context {
    var table: PrimitiveTable
    var function: String
    var file: String
    var fragment: Bool
    /// Lock acquisitions reachable through calls, by callee (for recursive-lock).
    var callSummaries: CallSummaries
  }

  struct Flow {
    var normal: [PathState] = []
    var breaks: [PathState] = []
    var continues: [PathState] = []
    var gotos: [(label: String, state: PathState)] = []

    mutating func absorbJumps(_ other: Flow) {
      breaks += other.breaks
      continues += other.continues
      gotos += other.gotos
    }
  }

  let context: Context
  var exits: [ExitState] = []
  var findings: [Finding] = []
  private var findingKeys: Set<String> = []
  var truncated = false
  private(set) var segment = 0
  private var work = 0
  /// Plans of the statements and conditions met so far (see ``EffectPlan``).
  var effectPlans: [TokenKey: EffectPlan] = [:]
  var conditionPlans: [TokenKey: ConditionPlan] = [:]
  /// Names the body tests in a condition (`if (!pte)`, `while (…)`, `x ? a : b`): a map whose
  /// result is never tested is one the code expects to succeed (`pte_offset_map_lock()` could
  /// not fail before 6.5), so its failure is not a path.
  private(set) var testedNames: Set<String> = []
  var coarse: Bool { work > Self.workBudget }

  init(context: Context) { self.context = context }

  /// Walks each segment of a body from an empty state.
  func run(_ segments: [[Statement]], endLine: Int, heldOnEntry: [HeldLock] = []) {
    testedNames = Self.testedNames(in: segments.flatMap { $0 })
    var entry = PathState()
    if !heldOnEntry.isEmpty { entry.held = heldOnEntry }
    for (index, segment) in segments.enumerated() {
      self.segment = index
      let flow = executeList(segment, [entry])
      let end = context.fragment ? "fragment-end" : "return"
      for state in flow.normal + flow.breaks + flow.continues {
        leave(
          state, kind: end, value: nil, line: segment.last.map { Self.lastLine(of: $0) } ?? endLine)
      }
      // A goto to a label this reader did not place (nested in a block) ends a fragment's
      // path; in a whole function the path is dropped rather than guessed.
      for (_, state) in flow.gotos {
        if context.fragment {
          leave(state, kind: "fragment-end", value: nil, line: endLine)
        } else {
          truncated = true
        }
      }
    }
  }

  /// Records a finding once. Found after the walk coarsened (paths merged regardless of their
  /// conditions), an error is only a warning: the path may be one the code cannot take.
  /// `path` (the ops that show it) is spelled out only for a finding not yet recorded.
  func report(_ finding: Finding, key: String, path: OpTrail) {
    guard findingKeys.insert(finding.rule + "|" + key).inserted else { return }
    var finding = finding
    finding.path = path.array
    if coarse && finding.severity == .error {
      finding.severity = .warning
      finding.message += " (approximate: paths were merged to bound the walk)"
    }
    findings.append(finding)
  }

  static func lastLine(of statement: Statement) -> Int {
    switch statement {
    case .block(let body, let line): return body.last.map { Self.lastLine(of: $0) } ?? line
    case .ifElse(_, let then, let elseBranch, _): return Self.lastLine(of: elseBranch ?? then)
    default: return statement.line
    }
  }

  // MARK: control flow

  func executeList(_ list: [Statement], _ states: consuming [PathState]) -> Flow {
    var labels: [String: Int] = [:]
    for (index, statement) in list.enumerated() {
      if case .label(let name, _) = statement { labels[name] = index }
    }
    var flow = Flow()
    var current = states
    var pending: [Int: [PathState]] = [:]
    var index = 0
    while index < list.count {
      if let waiting = pending.removeValue(forKey: index) { current += waiting }
      let result = execute(list[index], consume current)
      current = result.normal
      flow.breaks += result.breaks
      flow.continues += result.continues
      for (label, state) in result.gotos {
        guard let target = labels[label] else {
          flow.gotos.append((label, state))
          continue
        }
        if target > index {
          pending[target, default: []].append(state)
        } else if state.backwardJumps < 1 && !coarse {
          var again = state
          again.backwardJumps += 1
          let rerun = executeList(Array(list[target...]), [again])
          flow.normal += rerun.normal
          flow.absorbJumps(rerun)
        } else {
          truncated = true
        }
      }
      current = limit(current)
      index += 1
    }
    flow.normal += current
    flow.normal = limit(flow.normal)
    return flow
  }

  func limit(_ states: [PathState]) -> [PathState] {
    let cap = coarse ? 8 : Self.pathLimit
    guard states.count > cap / 2 else { return states }
    var out: [PathState] = []
    out.reserveCapacity(states.count)
    if coarse { truncated = true }
    // The first kept path of each future hash, and for each kept path the next one with the
    // same hash: the first of several equal paths stays.
    var firstWithHash: [Int: Int] = [:]
    firstWithHash.reserveCapacity(states.count)
    var nextWithHash: [Int?] = []
    nextWithHash.reserveCapacity(states.count)
    for state in states {
      let hash = state.futureHash(coarse: coarse)
      var candidate = firstWithHash[hash]
      var last: Int?
      var equal = false
      while let index = candidate {
        if out[index].hasSameFuture(as: state, coarse: coarse) {
          equal = true
          break
        }
        last = index
        candidate = nextWithHash[index]
      }
      guard !equal else { continue }
      if let last { nextWithHash[last] = out.count } else { firstWithHash[hash] = out.count }
      nextWithHash.append(nil)
      out.append(state)
    }
    if out.count > cap {
      truncated = true
      out.removeLast(out.count - cap)
    }
    return out
  }

  func execute(_ statement: Statement, _ states: consuming [PathState]) -> Flow {
    guard !states.isEmpty else { return Flow() }
    work += states.count
    var flow = Flow()
    switch statement {
    case .expression(let tokens, _):
      let plan = effectPlan(tokens)
      for index in states.indices {
        // `pte = *ptep` right after a map that may fail: the code expects it not to have failed
        // here (before 6.5 `pte_offset_map_lock()` never did), so the failed path ends.
        if !plan.dereferenced.isEmpty,
          plan.dereferenced.contains(where: { states[index].assumptions[$0] == false })
        {
          continue
        }
        flow.normal += apply(plan, to: states.take(index))
      }
    case .block(let body, _):
      return executeList(body, states)
    case .ifElse(let condition, let then, let elseBranch, _):
      var thenStates: [PathState] = []
      var elseStates: [PathState] = []
      let plan = conditionPlan(condition)
      for index in states.indices {
        for (next, truth) in decide(plan, states.take(index)) {
          if truth { thenStates.append(next) } else { elseStates.append(next) }
        }
      }
      let thenFlow = execute(then, thenStates)
      flow.normal = thenFlow.normal
      flow.absorbJumps(thenFlow)
      if let elseBranch {
        let elseFlow = execute(elseBranch, elseStates)
        flow.normal += elseFlow.normal
        flow.absorbJumps(elseFlow)
      } else {
        flow.normal += elseStates
      }
    case .switchCase(let subject, let body, _):
      return executeSwitch(subject: subject, body: body, states)
    case .loop(let initial, let condition, let step, let body, _):
      return executeLoop(initial: initial, condition: condition, step: step, body: body, states)
    case .doWhile(let body, let condition, _):
      return executeDoWhile(body: body, condition: condition, states)
    case .goto(let label, _):
      flow.gotos = states.map { (label, $0) }
    case .label, .caseLabel:
      flow.normal = states
    case .returnStatement(let tokens, let line):
      for state in states {
        for next in apply(tokens, to: state) {
          leave(next, kind: "return", value: tokens.isEmpty ? nil : tokens.joinedText, line: line)
        }
      }
    case .breakStatement:
      flow.breaks = states
    case .continueStatement:
      flow.continues = states
    }
    return flow
  }

  private func executeSwitch(subject: [Token], body: Statement, _ states: [PathState]) -> Flow {
    let entered = states.flatMap { apply(subject, to: $0) }
    guard case .block(let list, _) = body else {
      let inner = execute(body, entered)
      var flow = Flow()
      flow.normal = inner.normal + inner.breaks + entered
      flow.continues = inner.continues
      flow.gotos = inner.gotos
      return flow
    }
    var flow = Flow()
    var hasDefault = false
    for (index, statement) in list.enumerated() {
      guard case .caseLabel(let value, _) = statement else { continue }
      if value.isEmpty { hasDefault = true }
      let inner = executeList(Array(list[index...]), entered)
      flow.normal += inner.normal + inner.breaks
      flow.continues += inner.continues
      flow.gotos += inner.gotos
    }
    if !hasDefault { flow.normal += entered }
    flow.normal = limit(flow.normal)
    return flow
  }

  private func executeLoop(
    initial: [Token], condition: [Token], step: [Token], body: Statement, _ states: [PathState]
  ) -> Flow {
    var flow = Flow()
    var current = states.flatMap { apply(initial, to: $0) }
    for _ in 0..<(coarse ? 1 : Self.loopBound) {
      var entering: [PathState] = []
      // A new iteration works on new objects under the same names.
      for index in current.indices where !current[index].releasedAfterAcquire.isEmpty {
        current[index].releasedAfterAcquire = [:]
      }
      for state in current {
        for (next, truth) in decideLoop(condition, state) {
          if truth { entering.append(next) } else { flow.normal.append(next) }
        }
      }
      let inner = execute(body, entering)
      flow.normal += inner.breaks
      flow.gotos += inner.gotos
      let looping = Self.markingKeptLocks(inner.normal + inner.continues, in: body)
      current = limit(looping.flatMap { apply(step, to: $0) })
    }
    // Paths still looping after the bound leave the loop here.
    flow.normal += current
    flow.normal = limit(flow.normal)
    return flow
  }

  private func executeDoWhile(body: Statement, condition: [Token], _ states: [PathState]) -> Flow {
    var flow = Flow()
    var current = states
    let once = condition.count == 1 && condition[0].text == "0"
    for _ in 0..<(once || coarse ? 1 : Self.loopBound) {
      let inner = execute(body, current)
      flow.normal += inner.breaks
      flow.gotos += inner.gotos
      current = []
      let looping =
        once
        ? inner.normal + inner.continues
        : Self.markingKeptLocks(inner.normal + inner.continues, in: body)
      for state in looping {
        if once {
          flow.normal.append(state)
          continue
        }
        for (next, truth) in decideLoop(condition, state) {
          if truth { current.append(next) } else { flow.normal.append(next) }
        }
      }
      current = limit(current)
    }
    flow.normal += current
    flow.normal = limit(flow.normal)
    return flow
  }

  /// The identifiers of every condition in `statements` (and of every statement with a `?:`).
  static func testedNames(in statements: [Statement]) -> Set<String> {
    var names: Set<String> = []
    func add(_ tokens: [Token]) {
      for token in tokens where token.kind == .identifier { names.insert(token.text) }
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
      case .loop(let initial, let condition, let step, let body, _):
        add(initial + condition + step)
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

  /// The paths going round a loop again, with the locks they took in its body and still hold
  /// marked as kept across iterations.
  static func markingKeptLocks(_ states: [PathState], in body: Statement) -> [PathState] {
    let lines = body.line...max(body.line, lastLineInside(body))
    return states.map { state in
      guard state.held.contains(where: { lines.contains($0.line) && !$0.keptAcrossIterations })
      else { return state }
      var marked = state
      for index in marked.held.indices where lines.contains(marked.held[index].line) {
        marked.held[index].keptAcrossIterations = true
      }
      return marked
    }
  }

  /// The last line of a statement's innermost last statement, into loops and switches.
  private static func lastLineInside(_ statement: Statement) -> Int {
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
  private func decideLoop(_ condition: [Token], _ state: PathState) -> [(PathState, Bool)] {
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
