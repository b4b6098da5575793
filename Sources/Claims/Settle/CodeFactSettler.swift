import CSyntax
import LockAnalysis

/// Settles what replies say about code in the tree — "lru_cache_disable() is using
/// synchronize_rcu_expedited()", "the migrate_vma_* functions also use trylocks" — by reading
/// the functions at the base revision, one or two calls deep, and giving file:line.
///
/// ```swift
/// CodeFactSettler(context: context).settle(.calls, ["A": "lru_cache_disable", "B": "synchronize_rcu_expedited"])
/// // confirmed: mm/swap.c:249: lru_cache_disable() calls synchronize_rcu_expedited()
/// ```
struct CodeFactSettler {
  let context: SettlingContext

  /// How many functions one step of the call graph reads at most (a real function calls
  /// dozens; the second level reads only those the tree defines).
  static let calleeLimit = 64

  func settle(_ check: ClaimCheck, _ captures: [String: String]) -> Settlement {
    guard let index = context.index else {
      return .unverifiable(needs: "--tree: the code the statement is about")
    }
    switch check {
    case .calls:
      return calls(captures["A"] ?? "", captures["B"] ?? "", index: index)
    case .usesTrylock:
      return usesTrylock(captures["A"] ?? "", index: index)
    case .calledOnce:
      return CallSiteSettler(context: context).settle(
        captures["A"] ?? "", scope: captures["SCOPE"], index: index)
    default:
      return .unverifiable(needs: "a code check for \(check.rawValue)")
    }
  }

  /// The calls in a function's body: each callee with the line of its first call.
  static func callees(of function: Function) -> [(name: String, line: Int)] {
    var seen: Set<String> = []
    var result: [(String, Int)] = []
    let tokens = function.bodyTokens
    for (position, token) in tokens.enumerated()
    where token.kind == .identifier && position + 1 < tokens.count
      && tokens[position + 1].isPunct("(")
      && seen.insert(token.text).inserted
    {
      result.append((token.text, token.line))
    }
    return result
  }

  private func missing(_ name: String, index: TreeIndex) -> Settlement {
    if let closest = context.closestName(to: name) {
      return .refuted([closest])
    }
    return .unverifiable(
      needs: "the definition of \(name)() (the tree at \(context.baseName) has none)")
  }

  private func calls(_ caller: String, _ callee: String, index: TreeIndex) -> Settlement {
    guard let (file, function) = index.function(named: caller) else {
      return missing(caller, index: index)
    }
    let direct = Self.callees(of: function)
    if let call = direct.first(where: { $0.name == callee }) {
      return .confirmed([
        Evidence(
          .tree, file: file.path, line: call.line,
          "\(caller)() calls \(callee)() at \(context.baseName)")
      ])
    }
    for step in direct.prefix(Self.calleeLimit) {
      guard let (inner, body) = index.function(named: step.name) else { continue }
      if let call = Self.callees(of: body).first(where: { $0.name == callee }) {
        return .confirmed([
          Evidence(.tree, file: file.path, line: step.line, "\(caller)() calls \(step.name)()"),
          Evidence(.tree, file: inner.path, line: call.line, "\(step.name)() calls \(callee)()"),
        ])
      }
    }
    if index.function(named: callee) == nil, let closest = context.closestName(to: callee) {
      return .refuted([closest])
    }
    return .unverifiable(
      needs: "a call of \(callee)() deeper than two calls from \(caller)() (\(file.path):"
        + "\(function.line) calls \(direct.count) functions, none of them or their callees calls it)"
    )
  }

  private func usesTrylock(_ pattern: String, index: TreeIndex) -> Settlement {
    let prefix = pattern.hasSuffix("*") ? String(pattern.dropLast()) : pattern
    var evidence: [Evidence] = []
    var read: [String] = []
    for (file, function) in index.functions(prefixed: prefix)
    where DiffFacts.name(function.name, matches: pattern) {
      read.append(function.name)
      let calls = Self.callees(of: function)
      if let call = calls.first(where: { isTrylock($0.name) }) {
        evidence.append(
          Evidence(
            .tree, file: file.path, line: call.line, "\(function.name)() calls \(call.name)()"))
        continue
      }
      for step in calls.prefix(Self.calleeLimit) {
        guard let (inner, body) = index.function(named: step.name),
          let call = Self.callees(of: body).first(where: { isTrylock($0.name) })
        else { continue }
        evidence.append(
          Evidence(
            .tree, file: inner.path, line: call.line,
            "\(function.name)() calls \(step.name)(), which calls \(call.name)()"))
        break
      }
    }
    if !evidence.isEmpty { return .confirmed(Array(evidence.prefix(4))) }
    if read.isEmpty { return missing(pattern, index: index) }
    return .unverifiable(
      needs:
        "a trylock deeper than two calls from \(read.map { "\($0)()" }.joined(separator: ", "))")
  }

  private func isTrylock(_ name: String) -> Bool {
    guard let effect = context.table[name]?.effect else { return false }
    return effect == .tryAcquire || effect == .readTryAcquire || effect == .writeTryAcquire
  }
}
