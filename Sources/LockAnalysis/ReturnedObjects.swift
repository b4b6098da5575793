import CSyntax

/// What the functions of the analyzed files return their object with, learnt from their
/// bodies: a function that returns a pointer to a page or folio it holds locked on every path
/// that returns one, and NULL or an error pointer on every other path, is for its callers what
/// a table line `NAME try-acquire family=page object=return success=nonnull lookup` says of it.
///
/// 6.12's `next_uptodate_folio()` returns its folio after `folio_try_get()` and
/// `folio_trylock()`, or NULL; 6.1's `next_map_page()` returns what `next_uptodate_page()`
/// returns: each is learnt as such a line, with the file and line of the function as evidence,
/// so `filemap_map_pages()`'s loop holds the folio each lookup returns locked. (The reference
/// that comes with it is not learnt: once the caller has it, it is handed on through a page of
/// the folio or a second name in ways this reader does not follow yet.)
enum ReturnedObjects {
  /// Each function is walked once, callees first: a function that returns what a learnt one
  /// returns (`return next_uptodate_page(…);`) is learnt in the round after it.
  static let rounds = CallSummaries.depth

  /// `table` with what the functions of `file` return learnt (``learn(from:table:summaries:)``).
  static func table(
    _ table: PrimitiveTable, learning file: SourceFile, summaries: CallSummaries
  ) -> PrimitiveTable {
    var learnt = table
    for primitive in learn(from: [file], table: table, summaries: summaries) {
      learnt.learn(returned: primitive)
    }
    return learnt
  }

  /// The primitives learnt from the functions of `files` that `summaries` were built for
  /// (``CallSummaries/reached``: those a patch's functions reach, or all), for a table that
  /// does not name them yet.
  ///
  /// - Complexity: one walk of each candidate (a function returning a pointer that calls a lock
  ///   or reference primitive, or a function learnt in an earlier round).
  static func learn(
    from files: [SourceFile], table: PrimitiveTable, summaries: CallSummaries
  ) -> [Primitive] {
    let wanted = summaries.reached
    var candidates: [(file: SourceFile, function: Function, calls: Set<String>)] = []
    for file in files {
      for function in file.functions
      where wanted?.contains(function.name) ?? true && table[function.name] == nil
        && FunctionContract.returnType(of: function).containsASCII("*")
      {
        let calls = Set(Expression.calls(in: function.bodyTokens).map(\.name))
        candidates.append((file, function, calls))
      }
    }
    guard !candidates.isEmpty else { return [] }
    var learnt: [Primitive] = []
    var current = table
    var fresh: Set<String> = []
    for round in 0..<rounds {
      var found: [Primitive] = []
      for candidate in candidates where current[candidate.function.name] == nil {
        let direct = candidate.calls.contains { Self.takesObjects(current[$0]) }
        guard round == 0 ? direct : !candidate.calls.isDisjoint(with: fresh) else { continue }
        if let primitive = summary(
          of: candidate.function, file: candidate.file.path, table: current, summaries: summaries)
        {
          found.append(primitive)
        }
      }
      guard !found.isEmpty else { break }
      for primitive in found { current.learn(returned: primitive) }
      learnt += found
      fresh = Set(found.map(\.name))
    }
    return learnt
  }

  /// Whether a call of the table locks a page (what a locking lookup returns).
  private static func takesObjects(_ primitive: Primitive?) -> Bool {
    guard let primitive else { return false }
    switch primitive.effect {
    case .acquire, .tryAcquire: return primitive.family == .page
    default: return false
    }
  }

  /// What `function` returns, from the exits of one walk of its body; nil when some path
  /// returns an object it does not hold locked, or something else than an object, NULL or an
  /// error pointer.
  private static func summary(
    of function: Function, file: String, table: PrimitiveTable, summaries: CallSummaries
  ) -> Primitive? {
    let walker = PathWalker(
      context: .init(
        table: table, function: function.name, file: file, fragment: false,
        callSummaries: summaries, contract: .of(function)))
    walker.run([function.body], endLine: function.endLine)
    guard walker.incomplete.isEmpty else { return nil }
    var witness: String?
    var fails = false
    var failsWithError = false
    for exit in walker.exits {
      guard exit.kind == .return, let value = exit.value else { return nil }
      if ExitRules.isZero(value) || ExitRules.isError(value) {
        fails = true
        failsWithError = failsWithError || ExitRules.isError(value)
        continue
      }
      if ExitRules.isTailCall(value), let open = value.firstIndex(of: "("),
        let callee = table[String(value[..<open])], callee.isLookup,
        callee.effect == .tryAcquire, callee.object == "return"
      {
        // `return next_uptodate_page(…);`: what the learnt callee returns, or NULL.
        witness = witness ?? "returns what \(callee.name)() returns"
        fails = true
        failsWithError = failsWithError || callee.success == .nonerror
        continue
      }
      guard value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
        let lock = exit.state.held.last(where: {
          $0.object == exit.state.canonical(value) && $0.family == .page
        })
      else { return nil }
      witness = witness ?? "returns \(value) locked by \(lock.call)() at \(lock.line)"
    }
    guard let witness, fails else { return nil }
    var primitive = Primitive(
      name: function.name, effect: .tryAcquire,
      evidence: "\(file):\(function.line) \(function.name)() \(witness)")
    primitive.family = .page
    primitive.object = "return"
    primitive.success = failsWithError ? .nonerror : .nonnull
    primitive.isLookup = true
    return primitive
  }
}
