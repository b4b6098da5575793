import CSyntax

/// What an expression statement does, read once per walk from its tokens and then applied to
/// every path that reaches it: the walk re-runs statements per path, per loop iteration and per
/// `case`, and the reading (assignments, calls, ternaries) does not depend on the path.
///
/// `pte = pte_offset_map_lock(mm, pmd, addr, &ptl)` → one call step (the map-lock, whose
/// outcome goes to `pte`) and one assignment step (`pte`).
final class EffectPlan {
  enum Shape {
    /// No tokens: the path goes on unchanged.
    case nothing
    /// `pte = c ? pte_offset_kernel(…) : pte_offset_map_lock(…)`: one path per branch.
    case ternary(condition: ConditionPlan, then: EffectPlan, otherwise: EffectPlan)
    /// `a = x, b = y` and `struct node *n = NULL, *n2 = NULL`: each part in turn.
    case sequence([EffectPlan])
    /// The calls in order, then the assignments from the innermost out.
    case steps(calls: [CallStep], assignments: [AssignmentStep])
  }

  /// One call and what the table says of it.
  struct CallStep {
    var call: Call
    var primitive: Primitive?
    /// The assignment targets that receive the call's outcome (the call is the whole right side).
    var targets: [String]
    /// A call outside the table that the path leaves out (``PathWalker/isQuiet(_:)``).
    var isQuiet: Bool
    /// A direct call to a function the call summaries know (``PathWalker/checkRecursion(through:_:)``).
    var isSummarized: Bool
    /// The name each argument is based on (``CallSummaries/base(of:)``: `&folio->lru` →
    /// `folio`), read once here rather than on every path through the call.
    var argumentBases: [String]
    /// A call through a pointer whose name says its callee may release the locks of what it
    /// is given (``CallSummaries/mayReleaseWhatItIsGiven(_:table:)``), decided once here.
    var mayReleaseArguments: Bool
    /// For such a call whose result goes to ``targets``: the result with which the callee
    /// keeps the locks instead (``PrimitiveTable/keptResult(ofPointer:)``:
    /// `error = (*writepage)(page, wbc, data)` keeps the page locked when `error ==
    /// AOP_WRITEPAGE_ACTIVATE`).
    var keptResult: String? = nil
  }

  /// What one assignment tells, as far as the tokens say; ``PathWalker/record(_:in:)`` applies it.
  struct AssignmentStep {
    var target: String
    /// `=` rather than a compound assignment or `++`.
    var isPlain: Bool
    /// A conditional primitive in the statement decided the target (`locked = folio_trylock(…)`).
    var decidedByCall: Bool
    /// A call that always takes its lock is the whole right side (`locked = compact_lock_irqsave(…)`).
    var lockedByCall: Bool
    /// The constant the target now holds (`ret = VM_FAULT_OOM`), if the right side is one.
    var constant: String?
    var alias: Alias
    /// The line of the statement.
    var line: Int
    /// The right side names the target (`page = compound_head(page)`, `folio = folio_next(folio)`).
    var mentionsTarget = false
    /// The right side is a call outside the table (`folio = filemap_lock_folio(…)`): the new
    /// object may come locked by the callee.
    var fromUnknownCall = false
    /// A field or pointee (`vmf->page`, `*pagep`) given what a reader returns of an object
    /// (`folio_file_page(folio, index)`): that object, whose reference goes where the value goes.
    var storesPartOf: String?
    /// The right side is an element of an array field of a plain name (`fbatch.folios[i]`):
    /// that name, a batch a lookup may have filled with locked objects
    /// (``PathWalker/receiveBatchElement(_:from:_:)``).
    var batchElementOf: String?
  }

  /// What a plain assignment makes of the target's aliases.
  enum Alias: Equatable {
    /// `folio = page_folio(page)`, `page = &folio->page`: the target names the source's object
    /// (nothing changes when the source is the target itself).
    case derived(source: String?)
    /// `locked = lruvec`: one object, and what is known of one is known of the other.
    case sameAs(String)
    /// Any other value: the target is no longer an alias.
    case none
  }

  let shape: Shape
  /// The pointers the statement dereferences (`*ptep`, `vmf->pte`, `pages[i]`): a path on
  /// which one of them is known NULL does not reach the statement.
  var dereferenced: [String] = []

  init(_ shape: Shape) { self.shape = shape }

  /// `pte = *ptep; folio = vmf->page[0];` → `["ptep", "vmf"]`.
  static func dereferences(in tokens: [Token]) -> [String] {
    var names: [String] = []
    for index in tokens.indices where tokens[index].kind == .identifier {
      let previous = index > 0 ? tokens[index - 1] : nil
      let next = index + 1 < tokens.count ? tokens[index + 1] : nil
      // A field (`a.b`, `a->b`) is not a variable of the function.
      if previous?.isPunct(".") == true || previous?.isPunct("->") == true { continue }
      let throughPointer = next?.isPunct("->") == true || next?.isPunct("[") == true
      // A unary `*`: first, or after an operator or an opening bracket (not after an operand).
      let unaryStar =
        previous?.isPunct("*") == true
        && (index < 2
          || (tokens[index - 2].kind == .punctuation && !tokens[index - 2].isPunct(")")
            && !tokens[index - 2].isPunct("]")))
      if throughPointer || unaryStar { names.append(tokens[index].text) }
    }
    return names
  }
}

/// How a condition is decided, read once per walk from its tokens (see ``EffectPlan``).
///
/// `!pte || pte_none(*pte)` → a short circuit of the atoms `pte` (negated) and `pte_none(*pte)`.
final class ConditionPlan {
  enum Shape {
    /// No tokens: true.
    case always
    /// `a || b` (stops on true) and `a && b` (stops on false).
    case shortCircuit([ConditionPlan], stopOn: Bool)
    case not(ConditionPlan)
    /// `(locked = folio_trylock(folio))`: the assignment happens, its target's outcome is the truth.
    case assignment(EffectPlan, key: String)
    /// `(page = get_next_page(page)) != NULL`: the assignment happens, then its target is tested.
    case assignmentTested(EffectPlan, target: ConditionPlan, nonNull: Bool)
    /// A conditional primitive called as the whole condition: `folio_trylock(folio)`.
    case conditionalCall(Primitive, Call)
    /// Anything else, remembered by its key; its calls (if any) happen first.
    case atom(effect: EffectPlan?, key: String, negated: Bool)
    /// A test that moves its own counter (`++batch_count == SWAP_CLUSTER_MAX`): it comes out
    /// either way each time it is asked, is never remembered, and what the path knew of the
    /// counter no longer holds. Its calls (if any) happen first.
    case counterTest(effect: EffectPlan?, counter: String)
  }

  let shape: Shape

  init(_ shape: Shape) { self.shape = shape }
}

/// Token lists as dictionary keys for the plans: the same statement's tokens are found by the
/// identity of their storage, so a lookup hashes a few fields rather than every token.
struct TokenKey: Hashable {
  let tokens: [Token]

  func hash(into hasher: inout Hasher) {
    hasher.combine(tokens.count)
    if let first = tokens.first {
      hasher.combine(first.line)
      hasher.combine(first.text)
    }
    if let last = tokens.last { hasher.combine(last.text) }
  }

  static func == (lhs: TokenKey, rhs: TokenKey) -> Bool { lhs.tokens == rhs.tokens }
}

extension PathWalker {
  /// The maps a statement unmaps (`pte_unmap_unlock(mapped_pte, ptl)` → `mapped_pte`,
  /// `pte_unmap_unlock(pte - 1, ptl)` → `pte`): like a
  /// dereference, an unmap says the code expects the map to have succeeded, so a path on which
  /// it failed (6.1's `apply_to_pte_range()`, whose `pte_offset_map_lock()` could not fail yet,
  /// beside an allocating branch that tests its result) does not reach the statement.
  func unmappedNames(in tokens: [Token]) -> [String] {
    Expression.calls(in: tokens).compactMap { call in
      guard let primitive = context.table[call.name],
        primitive.effect == .unmap || primitive.effect == .unmapUnlock
      else { return nil }
      // `pte_unmap_unlock(pte - 1, ptl)` after a loop that advanced `pte`: the map is `pte`'s.
      if primitive.map == nil, let first = call.arguments.first {
        let base = CallSummaries.base(of: first)
        return base.isEmpty ? nil : base
      }
      let mapped = Expression.instantiate(primitive.map ?? "$1", call.arguments)
      return mapped.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } ? mapped : nil
    }
  }

  /// The plan of an expression statement, read once per walk.
  func effectPlan(_ tokens: [Token]) -> EffectPlan {
    if let plan = effectPlans[TokenKey(tokens: tokens)] { return plan }
    let plan = readEffect(tokens)
    plan.dereferenced = EffectPlan.dereferences(in: tokens) + unmappedNames(in: tokens)
    effectPlans[TokenKey(tokens: tokens)] = plan
    return plan
  }

  /// The plan of a condition, read once per walk.
  func conditionPlan(_ condition: [Token]) -> ConditionPlan {
    if let plan = conditionPlans[TokenKey(tokens: condition)] { return plan }
    let plan = readCondition(condition)
    conditionPlans[TokenKey(tokens: condition)] = plan
    return plan
  }

  private func readEffect(_ tokens: [Token]) -> EffectPlan {
    guard !tokens.isEmpty else { return EffectPlan(.nothing) }
    let parts = Expression.split(tokens)
    if parts.count > 1, !parts.contains(where: \.isEmpty) {
      // A later declarator of a declaration starts with its `*`: `*n2 = NULL` declares `n2`.
      return EffectPlan(
        .sequence(
          parts.enumerated().map { index, part in
            readEffect(index == 0 ? part : Array(part.drop { $0.isPunct("*") }))
          }))
    }
    // `start_pte = pte = pte_offset_map_lock(…)`: every target of a chain gets the outcome.
    var targets: [String] = []
    var assignments: [(target: String, op: String, value: [Token])] = []
    var rest = tokens
    while let assignment = Expression.assignment(in: rest) {
      assignments.append(assignment)
      targets.append(assignment.target)
      guard assignment.op == "=", !assignment.value.isEmpty else { break }
      rest = Self.unwrap(assignment.value)
    }
    let finalValue = Self.unwrap(assignments.last?.value ?? [])
    if let last = assignments.last, last.op == "=", let branches = Self.ternary(finalValue) {
      let prefix = Array(tokens[..<(tokens.count - last.value.count)])
      return EffectPlan(
        .ternary(
          condition: readCondition(branches.condition),
          then: readEffect(prefix + branches.then),
          otherwise: readEffect(prefix + branches.otherwise)))
    }
    let calls = Expression.calls(in: tokens)
    let steps = calls.map { call in
      // `error = (*writepage)(page, wbc, data)`: the name is the third token.
      let nameToken =
        finalValue.first?.isPunct("(") == true ? finalValue.dropFirst(2).first : finalValue.first
      let directRight = nameToken?.text == call.name && nameToken?.line == call.line
      let primitive = context.table[call.name]
      let mayRelease =
        call.indirect && CallSummaries.mayReleaseWhatItIsGiven(call.name, table: context.table)
      return EffectPlan.CallStep(
        call: call, primitive: primitive, targets: directRight ? targets : [],
        isQuiet: primitive == nil && isQuiet(call.name),
        isSummarized: !call.indirect && context.callSummaries.knows(call.name),
        argumentBases: call.arguments.map(CallSummaries.base(of:)),
        mayReleaseArguments: mayRelease,
        keptResult: mayRelease && directRight && !targets.isEmpty
          ? context.table.keptResult(ofPointer: call.name) : nil)
    }
    let decidedByCall = calls.contains { context.table[$0.name]?.isConditional == true }
    let recorded = assignments.reversed().map { assignment in
      readAssignment(assignment, decidedByCall: decidedByCall, hasCalls: !calls.isEmpty)
    }
    return EffectPlan(.steps(calls: steps, assignments: recorded))
  }

  private func readAssignment(
    _ assignment: (target: String, op: String, value: [Token]), decidedByCall: Bool,
    hasCalls: Bool
  ) -> EffectPlan.AssignmentStep {
    let target = assignment.target
    let right = Self.unwrap(assignment.value)
    let lockedByCall =
      right.count > 1 && right[0].kind == .identifier && right[1].isPunct("(")
      && context.table[right[0].text]?.alwaysTakesLock == true
    var step = EffectPlan.AssignmentStep(
      target: target, isPlain: assignment.op == "=", decidedByCall: decidedByCall,
      lockedByCall: lockedByCall, constant: nil, alias: .none,
      line: assignment.value.first?.line ?? 0)
    guard step.isPlain else { return step }
    let value = right
    step.mentionsTarget = value.contains { $0.kind == .identifier && $0.text == target }
    step.batchElementOf = Self.batchElementSource(value)
    step.fromUnknownCall =
      value.count > 2 && value[0].kind == .identifier && value[1].isPunct("(")
      && context.table[value[0].text] == nil && !isQuiet(value[0].text)
      && !readsOnly(value[0].text)
    if target.containsASCII("->") || target.hasPrefix("*"), value.count >= 4,
      value[0].kind == .identifier, readsOnly(value[0].text), value[2].kind == .identifier,
      value[3].isPunct(",") || value[3].isPunct(")")
    {
      step.storesPartOf = value[2].text
    }
    if !value.isEmpty,
      !value.contains(where: { $0.isPunct("(") }) || value.first?.isPunct("-") == true,
      !hasCalls
    {
      step.constant = value.joinedText
    }
    if value.count >= 4, value[0].kind == .identifier,
      context.table.lists(value[0].text, as: .sameObject)
    {
      let source = Expression.object(
        Expression.split(Array(value[2..<(Expression.matching(value, 1))]))[0])
      step.alias = .derived(source: source != target ? source : nil)
    } else if value.count >= 3, value[0].isPunct("&"), value.last?.text == "page" {
      let source = Array(value[1..<(value.count - 2)]).joinedText
      step.alias = .derived(source: source != target ? source : nil)
    } else if value.count == 1, value[0].kind == .identifier, value[0].text != target,
      value[0].text.uppercased() != value[0].text, !["true", "false"].contains(value[0].text)
    {
      step.alias = .sameAs(value[0].text)
    }
    return step
  }

  private func readCondition(_ condition: [Token]) -> ConditionPlan {
    let tokens = Self.unwrap(condition)
    guard !tokens.isEmpty else { return ConditionPlan(.always) }
    if let parts = Self.splitTopLevel(tokens, "||") {
      return ConditionPlan(.shortCircuit(parts.map(readCondition), stopOn: true))
    }
    if let parts = Self.splitTopLevel(tokens, "&&") {
      return ConditionPlan(.shortCircuit(parts.map(readCondition), stopOn: false))
    }
    if tokens[0].isPunct("!"), Self.isUnaryOperand(Array(tokens.dropFirst())) {
      return ConditionPlan(.not(readCondition(Array(tokens.dropFirst()))))
    }
    return readAtom(tokens)
  }

  private func readAtom(_ tokens: [Token]) -> ConditionPlan {
    // `(ptep = pte_offset_map_lock(…))`, `(locked = folio_trylock(folio))`.
    if let assignment = Expression.assignment(in: tokens), assignment.op == "=" {
      let key = Self.atomKey(Lexer.tokens(of: assignment.target)).key
      return ConditionPlan(.assignment(readEffect(tokens), key: key))
    }
    // `(page = get_next_page(page)) != NULL`: the assignment happens, then its target is tested.
    for operatorText in ["!=", "=="] {
      guard let parts = Self.splitTopLevel(tokens, operatorText), parts.count == 2,
        ["NULL", "0"].contains(parts[1].joinedText)
      else { continue }
      let inner = Self.unwrap(parts[0])
      guard let assignment = Expression.assignment(in: inner), assignment.op == "=" else { break }
      return ConditionPlan(
        .assignmentTested(
          readEffect(inner), target: readCondition(Lexer.tokens(of: assignment.target)),
          nonNull: operatorText == "!="))
    }
    // A conditional primitive called as the whole condition.
    if tokens[0].kind == .identifier, tokens.count > 2, tokens[1].isPunct("("),
      Expression.matching(tokens, 1) == tokens.count - 1,
      let primitive = context.table[tokens[0].text], primitive.isConditional
    {
      return ConditionPlan(.conditionalCall(primitive, Expression.calls(in: tokens)[0]))
    }
    // `down_read_trylock(&vma->vm_lock->lock) == 0`: the trylock itself, compared with zero
    // (`== 0` / `== NULL` is its failure, `!= 0` its success).
    for operatorText in ["==", "!="] {
      guard let parts = Self.splitTopLevel(tokens, operatorText), parts.count == 2,
        ["NULL", "0", "false"].contains(parts[1].joinedText)
      else { continue }
      let call = readAtom(Self.unwrap(parts[0]))
      guard case .conditionalCall = call.shape else { break }
      return operatorText == "==" ? ConditionPlan(.not(call)) : call
    }
    // Other comparisons with a call read as the atom.
    let effect = Expression.calls(in: tokens).isEmpty ? nil : readEffect(tokens)
    let (key, negated) = Self.atomKey(tokens)
    if let counter = Self.steppedCounter(in: key) {
      return ConditionPlan(.counterTest(effect: effect, counter: counter))
    }
    return ConditionPlan(.atom(effect: effect, key: key, negated: negated))
  }
}
