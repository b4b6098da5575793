/// A call that gives its argument's object back, or a new copy of it locked and referenced for
/// the caller, or NULL when no copy could be made (the table's `same-or-copy`): the caller keeps
/// the old object under another name and tells the two apart by comparing the names, then
/// unlocks and drops the copy.
///
/// ```c
/// swapcache = page;
/// page = ksm_might_need_to_copy(page, vma, addr);
/// if (unlikely(!page))
///         return -ENOMEM;
/// …
/// if (page != swapcache) {      /* decided: false on the first path, true on the copy's */
///         unlock_page(page);
///         put_page(page);       /* without it, the copy's reference is leaked */
/// }
/// ```
extension PathWalker {
  /// The call step of `x = NAME(y, …)` for a `same-or-copy` NAME, as the whole statement.
  func sameOrCopyStep(
    _ calls: [EffectPlan.CallStep], _ assignments: [EffectPlan.AssignmentStep]
  ) -> EffectPlan.CallStep? {
    guard calls.count == 1, assignments.count == 1, let step = calls.first,
      step.primitive?.effect == .sameOrCopy, assignments[0].isPlain,
      step.targets == [assignments[0].target], !(step.argumentBases.first ?? "").isEmpty
    else { return nil }
    return step
  }

  /// The three paths of `x = NAME(y, …)`: x names y's object; x names a new object, locked and
  /// referenced, unequal to every name of y's object; x is NULL.
  func applySameOrCopy(
    _ step: EffectPlan.CallStep, _ assignment: EffectPlan.AssignmentStep,
    _ state: consuming PathState
  ) -> [PathState] {
    let call = step.call
    let target = assignment.target
    let argument = step.argumentBases[0]
    let old = state.canonical(argument)
    // The names of y's object before the call: `swapcache` after `swapcache = page`.
    let oldNames = Set([argument, old] + state.aliases.keys.filter { state.canonical($0) == old })
      .subtracting([target])
    // The copy's path shows the call as its lock and get; the others as a plain call.
    var copy = state
    var same = copy
    _ = same.append(PathOp(op: .call, call: call.name, line: call.line))
    var none = same
    if target != argument {
      var alias = assignment
      alias.alias = .sameAs(argument)
      record(alias, in: &same)
    }
    Self.assumeValid(target, &same)

    record(assignment, in: &copy)
    let evidence = step.primitive?.evidence ?? ""
    var lock = Primitive(name: call.name, effect: .acquire, evidence: evidence)
    lock.family = .page
    lock.object = "return"
    applyPlain(lock, call, target: target, &copy)
    var get = Primitive(name: call.name, effect: .get, evidence: evidence)
    get.object = "return"
    applyPlain(get, call, target: target, &copy)
    Self.assumeValid(target, &copy)
    for name in oldNames where copy.canonical(name) != target {
      copy.assumptions[[target, copy.canonical(name)].sorted().joined(separator: "==")] = false
      copy.assumptions[[target, name].sorted().joined(separator: "==")] = false
    }

    record(assignment, in: &none)
    none.assumptions[target] = false
    return [same, copy, none]
  }

  /// `x` is neither NULL nor an error pointer on this path.
  private static func assumeValid(_ target: String, _ state: inout PathState) {
    state.assumptions[target] = true
    state.assumptions["IS_ERR(\(target))"] = false
    state.assumptions["IS_ERR_OR_NULL(\(target))"] = false
  }

  /// `false` for `A==B` when the path knows the two differ: one is `ERR_PTR(…)` and the path
  /// found `IS_ERR(` the other `)` false (`folio == ERR_PTR(-EHWPOISON)` after a call that
  /// gave a valid folio), or the objects the names stand for were found unequal (`folio ==
  /// swapcache` after `folio = page_folio(page)` where `page` is a copy); nil otherwise.
  static func knownUnequal(_ key: String, _ state: PathState) -> Bool? {
    guard let equals = key.asciiRange(of: "==") else { return nil }
    let left = String(key[..<equals.lowerBound])
    let right = String(key[equals.upperBound...])
    guard !left.isEmpty, !right.isEmpty else { return nil }
    for (pointer, other) in [(left, right), (right, left)] where other.hasPrefix("ERR_PTR(") {
      if state.assumptions["IS_ERR(\(pointer))"] == false { return false }
    }
    guard !state.aliases.isEmpty else { return nil }
    let objects = [state.canonical(left), state.canonical(right)].sorted()
    let objectsKey = objects.joined(separator: "==")
    guard objectsKey != key, state.assumptions[objectsKey] == false else { return nil }
    return false
  }
}
