import CSyntax

/// The branch facts that decide what a function does to locks, references and maps: the
/// relevance slice of the join (``PathState/join(_:)``).
///
/// A name tested by a condition whose branches take or drop a lock, a reference or a map
/// (`if (!ret || !target) folio_unlock(folio);`) decides the property later on, so paths that
/// know different things of it are kept apart at a join, as ESP keeps the branch facts its
/// property depends on. Facts about any other name are joined away.
///
/// `if (locked) spin_unlock(ptl);` → `locked` is decisive; `if (pte_none(pte)) continue;` → not.
final class Relevance {
  /// Names tested by a condition that guards a primitive.
  let decisiveNames: Set<String>
  /// Whether an assumption key mentions a decisive name, per key (keys recur at every join).
  private var decisiveKeys: [String: Bool] = [:]

  init(_ statements: [Statement], table: PrimitiveTable) {
    var names: Set<String> = []
    func guardsPrimitive(_ statement: Statement) -> Bool {
      switch statement {
      case .expression(let tokens, _), .returnStatement(let tokens, _):
        return Expression.calls(in: tokens).contains { table[$0.name] != nil }
      case .block(let body, _): return body.contains(where: guardsPrimitive)
      case .ifElse(_, let then, let elseBranch, _):
        return guardsPrimitive(then) || (elseBranch.map(guardsPrimitive) ?? false)
      case .switchCase(_, let body, _), .loop(_, _, _, let body, _), .doWhile(let body, _, _):
        return guardsPrimitive(body)
      case .goto: return true
      default: return false
      }
    }
    // The variables a condition tests, not the calls it makes nor their arguments: in
    // `!folio_trylock(folio)` the outcome is the lock itself, already part of the property.
    func add(_ tokens: [Token]) {
      var depth = 0
      for (index, token) in tokens.enumerated() {
        if token.kind == .punctuation {
          if token.isPunct("(") {
            let call = index > 0 && tokens[index - 1].kind == .identifier
            if call || depth > 0 { depth += 1 }
          } else if token.isPunct(")"), depth > 0 {
            depth -= 1
          }
          continue
        }
        let isCall = index + 1 < tokens.count && tokens[index + 1].isPunct("(")
        if token.kind == .identifier, depth == 0, !isCall { names.insert(token.text) }
      }
    }
    func visit(_ statement: Statement) {
      switch statement {
      case .block(let body, _): body.forEach(visit)
      case .ifElse(let condition, let then, let elseBranch, _):
        if guardsPrimitive(then) || (elseBranch.map(guardsPrimitive) ?? false) { add(condition) }
        visit(then)
        elseBranch.map(visit)
      case .switchCase(let subject, let body, _):
        if guardsPrimitive(body) { add(subject) }
        visit(body)
      case .loop(_, _, _, let body, _), .doWhile(let body, _, _):
        // A loop condition is decided anew each round: it decides nothing later.
        visit(body)
      default: break
      }
    }
    statements.forEach(visit)
    decisiveNames = names
  }

  /// Whether `key` (an assumption such as `!ret` or `folio_memcg(folio)==mc.from`) mentions a
  /// decisive name.
  func isDecisive(_ key: String) -> Bool {
    if let known = decisiveKeys[key] { return known }
    var decisive = false
    var word = ""
    for character in key + " " {
      if character.isLetter || character.isNumber || character == "_" {
        word.append(character)
      } else {
        if !word.isEmpty, decisiveNames.contains(word) {
          decisive = true
          break
        }
        word = ""
      }
    }
    decisiveKeys[key] = decisive
    return decisive
  }

  /// A hash that agrees with ``agree(_:_:)``.
  func joinHash(_ state: PathState) -> Int {
    var hash = FutureHash()
    hash.add(UInt64(bitPattern: Int64(state.propertyHash)))
    hash.add(
      state.decisiveFactsHash { state in
        var facts: UInt64 = 0
        for (key, value) in state.assumptions.entries where isDecisive(key) {
          facts &+= FutureHash.pair(FutureHash.of(key), value.futureHash)
        }
        for (key, value) in state.values.entries where decisiveNames.contains(key) {
          facts &+= FutureHash.pair(FutureHash.of(key), value.futureHash)
        }
        return facts
      })
    return Int(truncatingIfNeeded: hash.value)
  }

  /// Whether two paths may be joined: equal properties and equal decisive facts.
  func agree(_ lhs: PathState, _ rhs: PathState) -> Bool {
    guard lhs.hasSameFuture(as: rhs, coarse: true) else { return false }
    guard lhs.assumptions.agrees(with: rhs.assumptions, on: isDecisive) else { return false }
    for name in decisiveNames where lhs.values[name] != rhs.values[name] { return false }
    return true
  }
}
