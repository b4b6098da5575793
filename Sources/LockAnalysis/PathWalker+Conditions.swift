import CSyntax

extension PathWalker {
  /// The ways `condition` can come out on `state`: a trylock forks into acquired/failed, a
  /// condition already decided on this path (`fault_folio != folio` after
  /// `fault_folio == folio`) takes only the consistent branch.
  func decide(_ condition: [Token], _ state: PathState) -> [(PathState, Bool)] {
    let tokens = Self.unwrap(condition)
    guard !tokens.isEmpty else { return [(state, true)] }
    if let parts = Self.splitTopLevel(tokens, "||") {
      return decideShortCircuit(parts, state, stopOn: true)
    }
    if let parts = Self.splitTopLevel(tokens, "&&") {
      return decideShortCircuit(parts, state, stopOn: false)
    }
    if tokens[0].isPunct("!"), Self.isUnaryOperand(Array(tokens.dropFirst())) {
      return decide(Array(tokens.dropFirst()), state).map { ($0.0, !$0.1) }
    }
    return decideAtom(tokens, state)
  }

  private func decideShortCircuit(_ parts: [[Token]], _ state: PathState, stopOn: Bool) -> [(
    PathState, Bool
  )] {
    var out: [(PathState, Bool)] = []
    var pending = [state]
    for (index, part) in parts.enumerated() {
      var next: [PathState] = []
      for current in pending {
        for (decided, truth) in decide(part, current) {
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

  private func decideAtom(_ tokens: [Token], _ state: PathState) -> [(PathState, Bool)] {
    // `(ptep = pte_offset_map_lock(…))`, `(locked = folio_trylock(folio))`.
    if let assignment = Expression.assignment(in: tokens), assignment.op == "=" {
      return apply(tokens, to: state).map { next in
        let truth = next.assumptions[Self.atomKey(Lexer.tokens(of: assignment.target)).key]
        return (next, truth ?? true)
      }
    }
    // `(page = get_next_page(page)) != NULL`: the assignment happens, then its target is tested.
    for operatorText in ["!=", "=="] {
      guard let parts = Self.splitTopLevel(tokens, operatorText), parts.count == 2,
        ["NULL", "0"].contains(parts[1].joinedText)
      else { continue }
      let inner = Self.unwrap(parts[0])
      guard let assignment = Expression.assignment(in: inner), assignment.op == "=" else { break }
      let target = Lexer.tokens(of: assignment.target)
      return apply(inner, to: state).flatMap { next in
        decide(target, next).map { ($0.0, operatorText == "!=" ? $0.1 : !$0.1) }
      }
    }
    // A conditional primitive called as the whole condition.
    if tokens[0].kind == .identifier, tokens.count > 2, tokens[1].isPunct("("),
      Expression.matching(tokens, 1) == tokens.count - 1,
      let primitive = context.table[tokens[0].text], primitive.isConditional
    {
      let call = Expression.calls(in: tokens)[0]
      return applyConditional(primitive, call, targets: [], state).map { next, succeeded in
        (next, primitive.success == .zero ? !succeeded : succeeded)
      }
    }
    // Comparisons with a trylock: `folio_trylock(folio) == 0` and the like read as the atom.
    var states = [state]
    if !Expression.calls(in: tokens).isEmpty {
      states = apply(tokens, to: state)
    }
    let (key, negated) = Self.atomKey(tokens)
    var out: [(PathState, Bool)] = []
    for current in states {
      if let known = current.assumptions[key] {
        out.append((current, known != negated))
        continue
      }
      // `ptep = NULL;` earlier on this path decides `if (!ptep)`.
      if let value = current.values[key], let truth = Self.truth(ofConstant: value) {
        out.append((current, truth != negated))
        continue
      }
      for truth in [true, false] {
        var next = current
        next.assumptions[key] = truth != negated
        out.append((next, truth))
      }
    }
    return out
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

  /// `NULL`, `0`, `false` are false; other integer literals and `true` are true; the rest is unknown.
  static func truth(ofConstant value: String) -> Bool? {
    if ["NULL", "0", "false", "0UL", "0L"].contains(value) { return false }
    if value == "true" || (value.first?.isNumber == true && value.allSatisfy { $0.isNumber }) {
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
