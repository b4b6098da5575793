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
  /// words in place and compares bytes only on a hash match (asked half a million times in a
  /// 30-patch series, a dictionary of keys cost more than reading them).
  private let hashedNames: [(hash: UInt64, bytes: [UInt8])]
  /// A bit per decisive name's hash (its low 8 bits): most words of a key are no decisive
  /// name, and are turned away by one test.
  private let nameBits: (UInt64, UInt64, UInt64, UInt64)

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
      return (bytes.withUnsafeBufferPointer(Self.hash), bytes)
    }
    var bits: [UInt64] = [0, 0, 0, 0]
    for name in hashedNames { bits[Int(name.hash >> 6 & 3)] |= 1 << (name.hash & 63) }
    nameBits = (bits[0], bits[1], bits[2], bits[3])
  }

  /// Whether `key` (an assumption such as `!ret` or `folio_memcg(folio)==mc.from`) mentions a
  /// decisive name (a whole identifier of it).
  /// - Complexity: O(*k*) for a key of *k* bytes.
  func isDecisive(_ key: String) -> Bool {
    guard !hashedNames.isEmpty else { return false }
    var key = key
    return key.withUTF8 { bytes in
      var index = 0
      while index < bytes.count {
        guard bytes[index].isIdentifierByte else {
          index += 1
          continue
        }
        let start = index
        while index < bytes.count && bytes[index].isIdentifierByte { index += 1 }
        let word = UnsafeBufferPointer(rebasing: bytes[start..<index])
        let hash = Self.hash(word)
        let bits: UInt64
        switch hash >> 6 & 3 {
        case 0: bits = nameBits.0
        case 1: bits = nameBits.1
        case 2: bits = nameBits.2
        default: bits = nameBits.3
        }
        guard bits & (1 << (hash & 63)) != 0 else { continue }
        if hashedNames.contains(where: { $0.hash == hash && $0.bytes.elementsEqual(word) }) {
          return true
        }
      }
      return false
    }
  }

  /// FNV-1a of a word's bytes.
  private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
  }

  /// A hash that agrees with ``agree(_:_:)``.
  func joinHash(_ state: PathState) -> Int {
    var hash = FutureHash()
    hash.add(UInt64(bitPattern: Int64(state.propertyHash)))
    hash.add(
      state.decisiveFactsHash { state in
        let tests = state.assumptions
        var facts = tests.decisive === self ? tests.decisiveHash : decisiveFacts(of: tests)
        // Invariant: the sum kept as tests change is the sum over the tests decided.
        assert(tests.decisive !== self || facts == decisiveFacts(of: tests))
        for name in decisiveNames {
          if let value = state.values[name] {
            facts &+= FutureHash.pair(FutureHash.of(name), value.futureHash)
          }
        }
        return facts
      })
    return Int(truncatingIfNeeded: hash.value)
  }

  /// The sum of the hashes of the decisive tests of `tests`, read test by test.
  /// - Complexity: O(*n*) for *n* tests.
  private func decisiveFacts(of tests: DecidedTests) -> UInt64 {
    var facts: UInt64 = 0
    for (key, value) in tests.entries where isDecisive(key) {
      facts &+= FutureHash.pair(FutureHash.of(key), value.futureHash)
    }
    return facts
  }

  /// Whether two paths may be joined: equal properties and equal decisive facts.
  func agree(_ lhs: PathState, _ rhs: PathState) -> Bool {
    guard lhs.hasSameFuture(as: rhs, coarse: true) else { return false }
    let (mine, theirs) = (lhs.assumptions, rhs.assumptions)
    if mine.decisive === self, theirs.decisive === self {
      // Invariant: the decisive tests kept as tests change are those the paths decided.
      assert(
        (mine.decisiveTests == theirs.decisiveTests)
          == mine.agrees(with: theirs, on: isDecisive))
      guard mine.decisiveTests == theirs.decisiveTests else { return false }
    } else {
      guard mine.agrees(with: theirs, on: isDecisive) else { return false }
    }
    // Paths met at a join mostly carry the same values (an equal hash, then one storage).
    if lhs.values == rhs.values { return true }
    for name in decisiveNames where lhs.values[name] != rhs.values[name] { return false }
    return true
  }
}
