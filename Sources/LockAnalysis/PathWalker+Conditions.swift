import CSyntax

extension PathWalker {
  /// The ways `condition` can come out on `state`: a trylock forks into acquired/failed, a
  /// condition already decided on this path (`fault_folio != folio` after
  /// `fault_folio == folio`) takes only the consistent branch.
  func decide(_ condition: [Token], _ state: consuming PathState) -> [(PathState, Bool)] {
    decide(conditionPlan(condition), state)
  }

  func decide(_ plan: ConditionPlan, _ state: consuming PathState) -> [(PathState, Bool)] {
    switch plan.shape {
    case .always:
      return [(state, true)]
    case .shortCircuit(let parts, let stopOn):
      return decideShortCircuit(parts, state, stopOn: stopOn)
    case .not(let inner):
      return decide(inner, state).map { ($0.0, !$0.1) }
    case .assignment(let effect, let key):
      return apply(effect, to: state).map { next in (next, next.assumptions[key] ?? true) }
    case .assignmentTested(let effect, let target, let nonNull):
      return apply(effect, to: state).flatMap { next in
        decide(target, next).map { ($0.0, nonNull ? $0.1 : !$0.1) }
      }
    case .conditionalCall(let primitive, let call):
      return applyConditional(primitive, call, targets: [], state).map { next, succeeded in
        (next, primitive.success == .zero ? !succeeded : succeeded)
      }
    case .counterTest(let effect, let counter):
      var states = [state]
      if let effect { states = apply(effect, to: states.take(0)) }
      return states.flatMap { state in
        var state = state
        Self.forgetWhatIsKnown(of: counter, &state)
        return [(state, true), (state, false)]
      }
    case .atom(let effect, let key, let negated):
      var out = decideAtom(effect: effect, key: key, negated: negated, state)
      // `if (xa_is_value(folio)) continue;`: no lock of a batch's folio on that branch.
      for index in out.indices where out[index].1 != negated {
        droppingValueEntry(key, &out[index].0)
      }
      return out
    }
  }

  private func decideShortCircuit(
    _ parts: [ConditionPlan], _ state: consuming PathState, stopOn: Bool
  )
    -> [(PathState, Bool)]
  {
    var out: [(PathState, Bool)] = []
    var pending = [state]
    for (index, part) in parts.enumerated() {
      var next: [PathState] = []
      for position in pending.indices {
        for (decided, truth) in decide(part, pending.take(position)) {
          if truth == stopOn || index == parts.count - 1 {
            out.append((decided, truth))
          } else {
            next.append(decided)
          }
        }
      }
      pending = next
    }
    return out
  }

  private func decideAtom(
    effect: EffectPlan?, key: String, negated: Bool, _ state: consuming PathState
  )
    -> [(PathState, Bool)]
  {
    let tried = triedHandOff(effect, key: key)
    let escapedBefore = tried == nil ? [] : state.escaped
    var states: [PathState]
    if let effect { states = apply(effect, to: state) } else { states = [state] }
    var out: [(PathState, Bool)] = []
    // `if (page_try_dup_anon_rmap(page, …))`: true (non-zero) is the failure.
    func settled(_ out: [(PathState, Bool)]) -> [(PathState, Bool)] {
      guard let tried else { return out }
      var out = out
      for index in out.indices {
        settleTriedHandOff(
          tried, failed: out[index].1 != negated, escapedBefore: escapedBefore, &out[index].0)
      }
      return out
    }
    // `fatal_signal_pending(current)` may answer differently each time it is asked: neither
    // decided by an earlier test nor deciding a later one.
    if context.table.callsChangingTest(key) {
      return settled(states.flatMap { [($0, true), ($0, false)] })
    }
    for index in states.indices {
      var current = states.take(index)
      if let known = current.assumptions[key] {
        out.append((current, known != negated))
        continue
      }
      // `ptep = NULL;` earlier on this path decides `if (!ptep)`.
      if let value = current.values[key],
        let truth = Self.truth(ofConstant: value) ?? context.callSummaries.enumerators[value]
      {
        out.append((current, truth != negated))
        continue
      }
      // `swapcache = folio;` earlier on this path decides `if (folio != swapcache)`.
      if let truth = Self.sameObject(key, current) {
        out.append((current, truth != negated))
        continue
      }
      // `folio == ERR_PTR(-EHWPOISON)` where `folio` is known valid, `folio != swapcache`
      // where `folio`'s object is known to be a copy (``knownUnequal(_:_:)``).
      if let truth = Self.knownUnequal(key, current) {
        out.append((current, truth != negated))
        continue
      }
      // `mode = M_FREE;` earlier on this path decides `if (mode == M_PARTIAL)`.
      if let truth = Self.comparison(key, current.values) {
        out.append((current, truth != negated))
        continue
      }
      // `flags` found unequal to every other enumerator of its enum is this one.
      if let truth = excludedEnumerators(key, current.assumptions) {
        out.append((current, truth != negated))
        continue
      }
      var whenTrue = current
      whenTrue.assumptions[key] = !negated
      out.append((whenTrue, true))
      current.assumptions[key] = negated
      out.append((current, false))
    }
    return settled(out)
  }

  /// `M_PARTIAL==mode` when `mode` holds a known constant: true if it is that constant, false
  /// if it is another (two enumerators, two numbers); nil when the value is not known.
  static func comparison(_ key: String, _ values: HashedMap<String>) -> Bool? {
    guard !values.entries.isEmpty, let equals = key.asciiRange(of: "==") else { return nil }
    let left = String(key[..<equals.lowerBound])
    let right = String(key[equals.upperBound...])
    for (variable, constant) in [(left, right), (right, left)] {
      if let value = values[variable], isEnumerator(constant), isEnumerator(value) {
        return value == constant
      }
    }
    return nil
  }

  /// `KSM_GET_FOLIO_NOLOCK==flags` where the path found `flags` unequal to every other
  /// enumerator of the enum: true; nil otherwise.
  func excludedEnumerators(_ key: String, _ assumptions: DecidedTests) -> Bool? {
    let siblings = context.callSummaries.enumeratorSiblings
    guard !siblings.isEmpty, let equals = key.asciiRange(of: "==") else { return nil }
    let left = String(key[..<equals.lowerBound])
    let right = String(key[equals.upperBound...])
    for (variable, constant) in [(left, right), (right, left)] {
      guard let names = siblings[constant] else { continue }
      let excluded = names.allSatisfy { name in
        name == constant
          || assumptions[[variable, name].sorted().joined(separator: "==")] == false
      }
      if excluded { return true }
    }
    return nil
  }

  /// `folio==swapcache` when the path made one an alias of the other: true; nil otherwise.
  static func sameObject(_ key: String, _ state: PathState) -> Bool? {
    guard !state.aliases.isEmpty, let equals = key.asciiRange(of: "==") else { return nil }
    let left = String(key[..<equals.lowerBound])
    let right = String(key[equals.upperBound...])
    guard !left.isEmpty, !right.isEmpty, state.aliases[left] != nil || state.aliases[right] != nil,
      state.canonical(left) == state.canonical(right)
    else { return nil }
    return true
  }

  /// `M_PARTIAL`, `VM_FAULT_OOM`, `2`: a name or number that is its own value.
  static func isEnumerator(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first,
      first.properties.isUppercase || ("0"..."9").contains(first)
    else { return false }
    return text.unicodeScalars.allSatisfy {
      $0.properties.isUppercase || ("0"..."9").contains($0) || $0 == "_"
    }
  }

  /// The remembered form of a condition atom and whether the atom negates it:
  /// `fault_folio != folio` → (`fault_folio==folio`, true); `!pte` → (`pte`, true);
  /// `pte == NULL` → (`pte`, true).
  static func atomKey(_ tokens: [Token]) -> (key: String, negated: Bool) {
    let tokens = unwrap(tokens)
    if let first = tokens.first, first.isPunct("!"), isUnaryOperand(Array(tokens.dropFirst())) {
      let inner = atomKey(Array(tokens.dropFirst()))
      return (inner.key, !inner.negated)
    }
    // `if (ret < 0)` after `ret = mutex_lock_killable(…)` tests the same failure as `if (ret)`.
    if let parts = splitTopLevel(tokens, "<"), parts.count == 2, parts[1].joinedText == "0" {
      return (parts[0].joinedText, false)
    }
    // `addr >= TASK_SIZE` is the negation of `addr < TASK_SIZE`, `a > b` of `a <= b`.
    for (operatorText, negation) in [(">=", "<"), (">", "<="), ("<", nil), ("<=", nil)] {
      guard let parts = splitTopLevel(tokens, operatorText), parts.count == 2 else { continue }
      let key = parts[0].joinedText + (negation ?? operatorText) + parts[1].joinedText
      return (key, negation != nil)
    }
    for operatorText in ["==", "!="] {
      guard let parts = splitTopLevel(tokens, operatorText), parts.count == 2 else { continue }
      let negated = operatorText == "!="
      let left = parts[0].joinedText
      let right = parts[1].joinedText
      if ["NULL", "0", "false"].contains(right) { return (left, !negated) }
      if ["NULL", "0", "false"].contains(left) { return (right, !negated) }
      return ([left, right].sorted().joined(separator: "=="), negated)
    }
    // `!ptep++` tests the value before the increment.
    if tokens.count > 1, let last = tokens.last, last.isPunct("++") || last.isPunct("--") {
      return atomKey(Array(tokens.dropLast()))
    }
    return (tokens.joinedText, false)
  }

  /// The name a test increments or decrements itself (`++batch_count==SWAP_CLUSTER_MAX` →
  /// `batch_count`, `--nr>0` → `nr`), or nil. (A trailing `!ptep++` is read as `ptep` by
  /// ``atomKey(_:)`` and never reaches here.)
  static func steppedCounter(in key: String) -> String? {
    guard key.containsASCII("++") || key.containsASCII("--") else { return nil }
    let tokens = Lexer.tokens(of: key)
    for (index, token) in tokens.enumerated() where token.isPunct("++") || token.isPunct("--") {
      if index + 1 < tokens.count, tokens[index + 1].kind == .identifier {
        return tokens[index + 1].text
      }
      if index > 0, tokens[index - 1].kind == .identifier { return tokens[index - 1].text }
    }
    return nil
  }

  /// `NULL`, `0`, `false` are false; other integer literals and `true` are true; the rest is unknown.
  static func truth(ofConstant value: String) -> Bool? {
    if ["NULL", "0", "false", "0UL", "0L"].contains(value) { return false }
    if value == "true" || (value.first?.isNumber == true && value.allSatisfy { $0.isNumber }) {
      return true
    }
    // `err = -ENOMEM;` decides a later `if (err)` (`do_mbind()`): an errno is never 0.
    if value.count > 2, value.hasPrefix("-E"),
      value.dropFirst().allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" })
    {
      return true
    }
    return nil
  }

  /// Removes outer parentheses and `unlikely(…)`-style wrappers.
  static func unwrap(_ tokens: [Token]) -> [Token] {
    var tokens = tokens
    while true {
      if let first = tokens.first, first.isPunct("("),
        Expression.matching(tokens, 0) == tokens.count - 1
      {
        tokens = Array(tokens.dropFirst().dropLast())
        continue
      }
      if tokens.count > 3, tokens[0].kind == .identifier,
        Expression.transparentWrappers.contains(tokens[0].text),
        tokens[1].isPunct("("), Expression.matching(tokens, 1) == tokens.count - 1
      {
        tokens = Array(tokens[2..<(tokens.count - 1)])
        continue
      }
      return tokens
    }
  }

  /// Splits at a binary operator outside parentheses, or nil when it does not occur
  /// (or a `?:` makes the split unsafe).
  static func splitTopLevel(_ tokens: [Token], _ operatorText: String) -> [[Token]]? {
    var parts: [[Token]] = [[]]
    var depth = 0
    for token in tokens {
      if token.kind == .punctuation {
        if token.opensGroup { depth += 1 }
        if token.closesGroup { depth -= 1 }
        if depth == 0 && token.text == "?" { return nil }
        if depth == 0 && token.text == operatorText {
          parts.append([])
          continue
        }
      }
      parts[parts.count - 1].append(token)
    }
    return parts.count > 1 ? parts : nil
  }

  /// Whether the tokens after a `!` are one operand (no binary operator at top level).
  static func isUnaryOperand(_ tokens: [Token]) -> Bool {
    var depth = 0
    let binary: Set<String> = [
      "==", "!=", "<", ">", "<=", ">=", "&&", "||", "+", "-", "|", "^", "?", "&", "*", "/",
    ]
    for (index, token) in tokens.enumerated() where token.kind == .punctuation {
      if token.opensGroup { depth += 1 }
      if token.closesGroup { depth -= 1 }
      if depth == 0 && index > 0 && binary.contains(token.text) { return false }
    }
    return !tokens.isEmpty
  }
}
