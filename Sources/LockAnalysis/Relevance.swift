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
  /// The FNV-1a hash of each decisive name, with its bytes: ``isDecisive(_:)`` reads a key's
  /// words in place and compares bytes only on a hash match.
  private let hashedNames: [(hash: UInt64, bytes: [UInt8])]

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
    hashedNames = names.map { name in
      let bytes = Array(name.utf8)
      return (bytes.withUnsafeBufferPointer(FutureHash.fnv1a), bytes)
    }
  }

  /// Whether `key` (an assumption such as `!ret` or `folio_memcg(folio)==mc.from`) mentions a
  /// decisive name (a whole identifier of it).
  /// - Complexity: O(*k*) for a key of *k* bytes.
  func isDecisive(_ key: String) -> Bool {
    guard !hashedNames.isEmpty else { return false }
    var key = key
    var decisive = false
    key.withUTF8 { bytes in
      forEachIdentifier(in: bytes) { word, hash in
        decisive = hashedNames.contains { $0.hash == hash && $0.bytes.elementsEqual(word) }
        return !decisive
      }
    }
    return decisive
  }

  /// A hash that agrees with ``agree(_:_:)``.
  ///
  /// - Precondition: the path descends from a walk's entry path given this relevance
  ///   (``DecidedTests/decisive``), so its decisive tests are kept as they change.
  func joinHash(_ state: PathState) -> Int {
    var hash = FutureHash()
    hash.add(UInt64(bitPattern: Int64(state.propertyHash)))
    hash.add(
      state.decisiveFactsHash { state in
        let tests = state.assumptions
        precondition(tests.decisive === self, "a path of another walk")
        // Invariant: the decisive tests kept as tests change are those the path decided.
        assert(tests.decisiveTests == tests.entries.filter { isDecisive($0.key) })
        var facts: UInt64 = 0
        for (key, value) in tests.decisiveTests {
          facts &+= FutureHash.pair(FutureHash.of(key), value.futureHash)
        }
        // Whichever is fewer is read: a path knows the values of a few names, a function can
        // have dozens of decisive ones (the sum does not depend on the order).
        let values = state.values.entries
        if values.count < decisiveNames.count {
          for (name, value) in values where decisiveNames.contains(name) {
            facts &+= FutureHash.pair(FutureHash.of(name), value.futureHash)
          }
        } else {
          for name in decisiveNames {
            if let value = values[name] {
              facts &+= FutureHash.pair(FutureHash.of(name), value.futureHash)
            }
          }
        }
        return facts
      })
    return Int(truncatingIfNeeded: hash.value)
  }

  /// Whether two paths may be joined: equal properties and equal decisive facts.
  ///
  /// - Precondition: as for ``joinHash(_:)``.
  func agree(_ lhs: PathState, _ rhs: PathState) -> Bool {
    guard lhs.hasSameFuture(as: rhs, coarse: true) else { return false }
    let (mine, theirs) = (lhs.assumptions, rhs.assumptions)
    precondition(mine.decisive === self && theirs.decisive === self, "a path of another walk")
    guard mine.decisiveTests == theirs.decisiveTests else { return false }
    // Paths met at a join mostly carry the same values (an equal hash, then one storage).
    if lhs.values == rhs.values { return true }
    // The names either path has a value for, when fewer than the decisive ones.
    let (known, otherKnown) = (lhs.values.entries, rhs.values.entries)
    if known.count + otherKnown.count < decisiveNames.count {
      for (name, value) in known where otherKnown[name] != value && decisiveNames.contains(name) {
        return false
      }
      for name in otherKnown.keys where known[name] == nil && decisiveNames.contains(name) {
        return false
      }
      return true
    }
    for name in decisiveNames where known[name] != otherKnown[name] { return false }
    return true
  }
}
