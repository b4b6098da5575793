import CSyntax

/// Walks every path through a function body (or a fragment of one) and tracks, per path,
/// locks, references, PTE maps and decided conditions, reporting what the rules see on the way.
///
/// The walk is path-sensitive where it matters and polynomial everywhere (see
/// ``PathState/join(_:)``): at each point where paths meet, paths equal in everything are one;
/// when more than ``joinThreshold`` remain, those with the same locks, references and maps are
/// joined, keeping only the conditions they agree on. Loops and backward `goto`s run to a
/// fixpoint (``HeadSet``): a path that reaches a loop head or a label in a state already walked
/// from there adds nothing and stops. No path is dropped unless a bound in ``Bound`` is
/// reached, and then ``incomplete`` says which and where.
///
/// Invariants (checked in debug builds): paths passed on from a join have pairwise different
/// properties or facts; a joined path's facts are a subset of each path it stands for.
final class PathWalker {
  /// Paths at one point beyond which those with equal properties are joined.
  static let joinThreshold = 8
  /// Paths kept apart by their decisive facts (``Relevance``) beyond which they are joined by
  /// their properties alone.
  static let relevanceLimit = 64
  /// Distinct properties at one point beyond which the rest are dropped (``Bound/paths``).
  static let propertyLimit = 512
  /// Rounds of one loop (or reruns from one label) without reaching a fixpoint after which the
  /// paths still going round are dropped (``Bound/loopRounds``).
  static let roundLimit = 12
  /// Rounds after which paths coming back to a loop head are joined with those already there.
  static let joinRoundsAfter = 2

  struct Context {
    var table: PrimitiveTable
    var function: String
    var file: String
    var fragment: Bool
    /// Lock acquisitions reachable through calls, by callee (for recursive-lock).
    var callSummaries: CallSummaries
    /// What the function's declaration promises (locks on entry and on return, fault handler).
    var contract: FunctionContract = .none
    /// Whether paths joined into others are kept for the path export (a patch's functions:
    /// every way through the changed lines is replayed); not for a whole-file analysis.
    var exportsAlternates = false

    /// The values a retrying caller takes as final, if the function has such a caller: one the
    /// table names, or the fault path for every fault handler.
    var retryFinalValues: [String]? {
      if let caller = table.retryCaller(function) { return caller.finalValues }
      if contract.handlesFaults, let fault = table.retryCaller("vm_fault_t") {
        return fault.finalValues
      }
      return nil
    }
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
  /// The bounds reached, each with the line of the statement where it was (empty: the walk
  /// covered every path).
  private(set) var incomplete: [Incompleteness] = []
  /// Lines of the statements some path reached.
  private(set) var reached: Set<Int> = []
  /// Work done so far (``spend(_:line:)``).
  var work = 0
  private(set) var segment = 0
  /// The paths already walked from each label, by label name and line (``HeadSet``).
  var labelHeads: [String: HeadSet] = [:]
  /// The labels anywhere in the segment being walked, nested or not: a `goto` to any other
  /// label leaves the segment without a search of its statements for the label at each level.
  var placedLabels: Set<String> = []
  /// Plans of the statements and conditions met so far (see ``EffectPlan``).
  var effectPlans: [TokenKey: EffectPlan] = [:]
  var conditionPlans: [TokenKey: ConditionPlan] = [:]
  /// Names the body tests in a condition (`if (!pte)`, `while (…)`, `x ? a : b`): a map whose
  /// result is never tested is one the code expects to succeed (`pte_offset_map_lock()` could
  /// not fail before 6.5), so its failure is not a path.
  private(set) var testedNames: Set<String> = []
  /// The locks the body releases with a map (`vmf->ptl` of `pte_unmap_unlock(vmf->pte,
  /// vmf->ptl)`): a plain release of one may have forgotten the map
  /// (``PathState/plainMapLockReleases``).
  private(set) var unmapLocks: Set<String> = []
  /// The list each name of the body takes its objects from (`folio = lru_to_folio(src)` →
  /// `src`), for names only ever given an element of one list (``listOrigins(in:table:)``).
  private(set) var listOrigins: [String: String] = [:]
  /// Which branch facts decide the property (what joins keep apart).
  private(set) var relevance = Relevance([], table: PrimitiveTable())
  /// Release sites (line and object) and whether some path reached them holding the object,
  /// or not holding it without having taken it (``PathWalker/releaseWithoutAcquire()``).
  var releaseSites: [ReleaseSite: ReleaseWitnesses] = [:]
  /// Paths ending a loop round or jumping back to a label, by loop (``RoundEndRules``).
  var roundEnds = RoundEnds()
  /// ``Context/retryFinalValues``, worked out at the first exit (each exit asks).
  lazy var retryFinalValues = context.retryFinalValues

  init(context: Context) { self.context = context }

  /// Walks each segment of a body from an empty state.
  func run(_ segments: [[Statement]], endLine: Int) {
    testedNames = Self.testedNames(in: segments.flatMap { $0 })
    unmapLocks = Self.unmapLocks(in: segments.flatMap { $0 }, table: context.table)
    relevance = Relevance(segments.flatMap { $0 }, table: context.table)
    listOrigins = Self.listOrigins(in: segments.flatMap { $0 }, table: context.table)
    var entry = PathState()
    entry.assumptions.decisive = relevance
    if !context.contract.heldOnEntry.isEmpty { entry.held = context.contract.heldOnEntry }
    for (index, segment) in segments.enumerated() {
      self.segment = index
      labelHeads = [:]
      placedLabels = Self.labels(in: segment)
      let flow = executeList(segment, [entry])
      let end: ExitKind = context.fragment ? .fragmentEnd : .return
      for state in flow.normal + flow.breaks + flow.continues {
        leave(
          state, kind: end, value: nil, line: segment.last.map { Self.lastLine(of: $0) } ?? endLine)
      }
      // A goto to a label this reader did not place (nested in a block) ends a fragment's
      // path; in a whole function the path cannot be followed, and the walk says so.
      for (label, state) in flow.gotos {
        if context.fragment {
          leave(state, kind: .fragmentEnd, value: nil, line: endLine)
        } else {
          markIncomplete(.unplacedLabel(label), line: state.ops.lastLine ?? endLine)
        }
      }
    }
    reportReleasesWithoutAcquire()
  }

  /// Records that a bound was reached at `line`.
  func markIncomplete(_ bound: Bound, line: Int) {
    let entry = Incompleteness(bound: bound, line: line)
    if !incomplete.contains(entry) { incomplete.append(entry) }
  }

  /// Records a finding of this function once, under `key`; see ``report(_:key:path:)``.
  func report(
    _ rule: RuleID, severity: Finding.Severity, line: Int, key: String, path: OpTrail,
    message: String
  ) {
    report(
      Finding(
        rule: rule, severity: severity, file: context.file, line: line,
        function: context.function, message: message),
      key: key, path: path)
  }

  /// Whether a finding of `rule` under `key` is recorded already: a rule whose message costs a
  /// search of the path's ops asks first (a path long after reruns meets the same put at every
  /// use after it).
  func reported(_ rule: RuleID, key: String) -> Bool {
    findingKeys.contains(rule.rawValue + "|" + key)
  }

  /// Records a finding once; `path` (the ops that show it) is spelled out only for a finding
  /// not yet recorded.
  func report(_ finding: Finding, key: String, path: OpTrail) {
    guard findingKeys.insert(finding.rule.rawValue + "|" + key).inserted else { return }
    var finding = finding
    finding.path = path.array
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

  /// Runs a statement list; `entries` adds paths that jump in at an index (a `case` label).
  func executeList(
    _ list: [Statement], _ states: consuming [PathState], from start: Int = 0,
    entries: [Int: [PathState]] = [:]
  ) -> Flow {
    var labels: [String: Int] = [:]
    for (index, statement) in list.enumerated() {
      if case .label(let name, _) = statement { labels[name] = index }
    }
    let backTargets = labels.isEmpty ? [] : Self.backwardTargets(in: list)
    var flow = Flow()
    var current = states
    var pending = entries
    var index = start
    while index < list.count {
      if let waiting = pending.removeValue(forKey: index) { current += waiting }
      if case .label(let name, let line) = list[index], !current.isEmpty {
        // Paths that pass a label are walked from it: a backward goto in the same state adds nothing.
        current = labelHeads["\(name)@\(line)", default: HeadSet()].admit(
          current, joining: false)
        // A jump back here starts a new round from this point (``RoundEndRules``); a label
        // only jumped forward to (`keep_locked:` in a loop's body) is in the round it is in.
        if backTargets.contains(name) {
          for path in current.indices where current[path].roundStart != current[path].ops.count {
            current[path].roundStart = current[path].ops.count
          }
        }
      }
      let result = execute(list[index], consume current)
      current = result.normal
      flow.breaks += result.breaks
      flow.continues += result.continues
      resolve(
        result.gotos, in: list, labels: labels, at: index, pending: &pending, flow: &flow)
      current = join(current, line: list[index].line)
      index += 1
    }
    flow.normal += current
    flow.normal = join(flow.normal, line: list.last?.line ?? 0)
    return flow
  }

  /// A backward `goto`: each path runs again from the label unless a path in the same state (or,
  /// after ``joinRoundsAfter`` reruns, in a state that covers it) already ran from there.
  func executeBackward(_ list: [Statement], from target: Int, _ states: [PathState]) -> Flow {
    guard case .label(let name, let line) = list[target] else { return Flow() }
    let admitted = states.flatMap { rerun(from: name, line: line, $0) }
    guard !admitted.isEmpty else { return Flow() }
    // The label itself admitted the paths already: run from the statement after it.
    return executeList(list, admitted, from: target + 1)
  }

  /// The paths that run again from the label `name` at `line` after a jump there: none when
  /// a path in the same state (or, after ``joinRoundsAfter`` reruns, one that covers it)
  /// already ran from there, or when the path is in its ``roundLimit``th round from there
  /// (recorded as incomplete). A rerun is a new round, as in a loop (``startingRound(_:)``):
  /// counts that only grow are widened, so the reruns reach a fixpoint. Rounds are counted per
  /// path (each path arriving from a different `goto` or in a different state is in its own
  /// round), and the runs from one label are bounded as a whole by ``propertyLimit``.
  func rerun(from name: String, line: Int, _ state: PathState) -> [PathState] {
    let key = "\(name)@\(line)"
    var heads = labelHeads[key, default: HeadSet()]
    recordRoundEnds([state], at: .label(name, line: line))
    var again = Self.startingRound(state)
    again.reruns[key, default: 0] += 1
    let admitted = heads.admit([again], joining: heads.rounds >= Self.joinRoundsAfter)
    guard !admitted.isEmpty else { return [] }
    guard admitted.allSatisfy({ $0.reruns[key, default: 0] <= Self.roundLimit }),
      heads.rounds < Self.propertyLimit
    else {
      markIncomplete(.loopRounds(Self.roundLimit), line: line)
      return []
    }
    heads.rounds += 1
    labelHeads[key] = heads
    return admitted
  }

  func execute(_ statement: Statement, _ states: consuming [PathState]) -> Flow {
    guard !states.isEmpty, spend(states, line: statement.line) else { return Flow() }
    reached.insert(statement.line)
    var flow = Flow()
    switch statement {
    case .expression(let tokens, _):
      if let assertion = assertion(tokens) {
        // `BUG_ON(c)`, `VM_BUG_ON_FOLIO(c, folio)`: the code goes on only where `c` is false.
        for index in states.indices {
          flow.normal += decide(assertion, states.take(index)).filter { !$0.1 }.map(\.0)
        }
        return flow
      }
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
      let dereferenced = conditionDereferences(condition)
      for index in states.indices {
        // `if (!pte_present(*ptep))` on a path where `ptep` is NULL: the code expects it not to be.
        if !dereferenced.isEmpty,
          dereferenced.contains(where: { states[index].assumptions[$0] == false })
        {
          continue
        }
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
          leave(next, kind: .return, value: tokens.isEmpty ? nil : tokens.joinedText, line: line)
        }
      }
    case .breakStatement:
      flow.breaks = states
    case .continueStatement:
      flow.continues = states
    case .unread(let limit, let line):
      // The reader skipped this (hostile nesting or size): the paths go on past it unchanged.
      markIncomplete(.unread(limit), line: line)
      flow.normal = states
    }
    return flow
  }

  /// The pointers a condition dereferences before anything tests them: the first operand of a
  /// `&&` or `||` chain only (`!pte || pte_none(*pte)` tests `pte` first).
  func conditionDereferences(_ condition: [Token]) -> [String] {
    let tokens = Self.unwrap(condition)
    if Self.splitTopLevel(tokens, "||") != nil || Self.splitTopLevel(tokens, "&&") != nil {
      return []
    }
    return EffectPlan.dereferences(in: tokens)
  }

  /// The condition of `BUG_ON(c);` or `WARN_ON(!trylock_page(page));` (the first argument of
  /// a call the table lists as an `assertion`, the whole statement), or nil: the code says `c`
  /// does not happen, so a path where it does (a trylock that failed under `WARN_ON(!…)`) is one
  /// the code does not expect to take.
  func assertion(_ tokens: [Token]) -> [Token]? {
    guard tokens.count > 3, tokens[0].kind == .identifier,
      context.table.lists(tokens[0].text, as: .assertion), tokens[1].isPunct("("),
      Expression.matching(tokens, 1) == tokens.count - 1
    else { return nil }
    return Expression.split(Array(tokens[2..<(tokens.count - 1)])).first
  }

  /// A `switch`: the paths enter at every `case` label (and fall through from one case into the
  /// next), in one pass over the body.
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
    var entries: [Int: [PathState]] = [:]
    var hasDefault = false
    for (index, statement) in list.enumerated() {
      guard case .caseLabel(let value, _) = statement else { continue }
      if value.isEmpty { hasDefault = true }
      entries[index] = entered
    }
    let inner = executeList(list, [], entries: entries)
    var flow = Flow()
    flow.normal = inner.normal + inner.breaks
    flow.continues = inner.continues
    flow.gotos = inner.gotos
    if !hasDefault { flow.normal += entered }
    flow.normal = join(flow.normal, line: body.line)
    return flow
  }
}
