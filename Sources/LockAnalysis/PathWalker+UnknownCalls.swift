import CSyntax

/// What a call outside the primitive table does to a path: it is recorded as a `call` op
/// (unless quiet), may take a sleeping lock again through its callees (`recursive-lock`), may
/// keep what it is given (a reference handed on), and, through a function pointer, may release
/// the locks of what it is given.
///
/// `(*writepage)(page, wbc, data)` with `page` locked: the lock is no longer judged.
extension PathWalker {
  /// Whether a call outside the table is left out of the path: a `quiet` call of the table
  /// (`READ_ONCE`, `likely`, `container_of`), or an upper-case macro (`VM_BUG_ON`).
  func isQuiet(_ name: String) -> Bool {
    context.table.lists(name, as: .quiet) || (name.uppercased() == name && name.count >= 3)
  }

  /// A call outside the table (see ``isQuiet(_:)`` for those left out).
  func applyUnknownCall(
    _ step: EffectPlan.CallStep, keepingLocks: Bool = false, _ state: inout PathState
  ) {
    let call = step.call
    let callIndex = state.append(PathOp(op: .call, call: call.name, line: call.line))
    if step.isSummarized { checkRecursion(through: call, &state) }
    noteEscapes(call, bases: step.argumentBases, &state)
    // `r = hmm_vma_handle_pte(walk, addr, end, pmdp, ptep, hmm_pfns)`: the callee may unmap the
    // map it is given ("hmm_vma_handle_pte() did pte_unmap()").
    for index in context.callSummaries.mayUnmapPointerParameters[call.name] ?? []
    where index < call.arguments.count {
      let mapped = state.canonical(Expression.object(call.arguments[index]))
      if state.maps[mapped] != nil, !state.escaped.contains(mapped) { state.escaped.insert(mapped) }
    }
    noteListCall(call, &state)
    noteBatchCall(call, opIndex: callIndex, &state)
    // `truncate_inode_partial_folio(folio, …)` may split the folio: `folio_test_large(folio)`
    // found before it is asked again after it (shmem_undo_range()).
    if !call.indirect, context.table.lists(call.name, as: .changesObject) {
      for base in step.argumentBases where !base.isEmpty {
        Self.forgetTestsOfState(of: state.canonical(base), &state)
      }
    }
    // `shmem_get_folio(inode, index, &folio, SGP_NOALLOC)`: what the callee stores in `folio`
    // may come locked; a release of it on a path that never took it is not judged.
    for name in Self.addressedNames(call).map(state.canonical)
    where !state.calleeValues.contains(name) {
      state.calleeValues.insert(name)
    }
    if !step.isSummarized { forgetValues(writtenThrough: call, &state) }
    // `mapping->a_ops->writepage(&folio->page, &wbc)` with the folio locked by the caller: the
    // callee may drop the caller's lock, and `folio_lock(folio)` after it takes it back for the
    // caller ("unlocked. Relock" in writeout()).
    guard step.mayReleaseArguments else { return }
    for base in step.argumentBases {
      let object = state.canonical(base)
      if !object.isEmpty, !state.acquired.contains(object), !state.callersLocks.contains(object) {
        state.callersLocks.insert(object)
      }
    }
    // `(*writepage)(page, wbc, data)`, `ps->action(ps, p)`: a callee this reader cannot name may
    // release the locks of what it is given; they are no longer judged.
    if !state.held.isEmpty {
      for (argument, base) in zip(call.arguments, step.argumentBases) {
        let object = state.canonical(Expression.object(argument))
        if !keepingLocks { state.forget { Self.isBased($0.object, on: object) } }
        // What was found on the object (`folio_test_dirty(folio)`) may have changed meanwhile.
        Self.forgetTestsOfState(of: state.canonical(base), &state)
      }
    }
  }

  /// The path on which a call through a pointer that keeps the locks it is given when it
  /// returns one code (``EffectPlan/CallStep/keptResult``) returned that code, while the path
  /// holds a lock of an argument: `error = (*writepage)(page, wbc, data)` with the page
  /// locked goes on both released (as any releasing call) and still locked with `error ==
  /// AOP_WRITEPAGE_ACTIVATE`, where write_cache_pages() unlocks it itself; nil otherwise.
  func keepingPath(_ step: EffectPlan.CallStep, _ state: PathState)
    -> (state: PathState, result: KeptResult)?
  {
    guard let code = step.keptResult, let target = step.targets.last, !state.held.isEmpty
    else { return nil }
    let objects = step.call.arguments.map { state.canonical(Expression.object($0)) }
    guard
      state.held.contains(where: { lock in objects.contains { Self.isBased(lock.object, on: $0) } })
    else { return nil }
    var kept = state
    applyUnknownCall(step, keepingLocks: true, &kept)
    return (kept, KeptResult(target: target, code: code, kept: true))
  }

  /// `faultin_vma_page_range(…, &locked)`: a callee whose body this reader does not summarise
  /// may write what it is given the address of, so `locked = 1` before the call decides no
  /// later `if (!locked)` (madvise_populate()'s retaking of `mmap_lock` was never walked).
  /// Only the constant is forgotten: what the path proved of the name (`folio` is not NULL
  /// since it was locked) is left, as the callees of the kernel that replace an object
  /// (`shmem_replace_folio(&folio, …)`) give a valid one or none.
  func forgetValues(writtenThrough call: Call, _ state: inout PathState) {
    for name in Self.addressedNames(call) where state.values[name] != nil {
      state.values[name] = nil
    }
  }

  /// The plain names whose address `call` is given (`&folio`, `&locked`).
  static func addressedNames(_ call: Call) -> [String] {
    call.arguments.compactMap(addressedName)
  }

  /// `&pagelist` → `pagelist`; nil for anything but the address of a plain name.
  static func addressedName(_ argument: [Token]) -> String? {
    guard argument.count == 2, argument[0].isPunct("&"), argument[1].kind == .identifier else {
      return nil
    }
    return argument[1].text
  }
}

/// What a path found of the result of a call through a pointer that keeps the locks it is
/// given when it returns `code` (``PathWalker/keepingPath(_:_:)``), told to the path once the
/// statement recorded its assignment to `target`.
struct KeptResult {
  var target: String
  var code: String
  /// The path on which the callee kept the locks.
  var kept: Bool

  /// The same result on the path on which the callee released the locks.
  var released: KeptResult {
    var result = self
    result.kept = false
    return result
  }

  /// Where the locks were kept the target holds the code, a non-zero one (the table's word:
  /// `if (unlikely(error))` is taken); elsewhere the target is not the code.
  func tell(_ state: inout PathState) {
    if kept {
      state.values[target] = code
      state.assumptions[target] = true
    } else {
      state.assumptions[[target, code].sorted().joined(separator: "==")] = false
    }
  }
}
