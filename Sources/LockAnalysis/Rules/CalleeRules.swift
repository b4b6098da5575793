import CSyntax

extension PathWalker {
  func checkRecursion(through call: Call, _ state: inout PathState) {
    guard !call.indirect else { return }
    reportRecursion(through: call, state)
    let released =
      (context.callSummaries.releasedParameters[call.name] ?? [])
      .union(context.callSummaries.handedToIndirect[call.name] ?? [])
    for index in released where index < call.arguments.count {
      let object = state.canonical(Expression.object(call.arguments[index]))
      state.forget { $0.object == object }
      // `pageout(folio, …)` may unlock the folio (its `->writepage()` does) and changes what
      // was found on it: `folio_test_dirty(folio)` before it decides nothing after it
      // (shrink_folio_list() tests it again, then relocks).
      Self.forgetTestsOfState(of: object, &state)
    }
    applyCalleeUnmaps(call, &state)
    if state.unwaitedTrylockFailure != nil, context.callSummaries.waits.contains(call.name) {
      state.unwaitedTrylockFailure = nil
    }
    for lockClass in context.callSummaries.releasedClasses[call.name] ?? [] {
      state.forget { Self.lockClass($0.object) == lockClass }
    }
    for field in context.callSummaries.releasedFields[call.name] ?? [] {
      let object = state.canonical(Expression.instantiate(field, call.arguments))
      state.forget { $0.object == object }
      Self.forgetTestsOfState(of: object, &state)
    }
    // `compact_unlock_should_abort(&zone->lock, flags, &locked, cc)` drops the lock it is given
    // and clears the flag that said it was held. A callee that clears a flag but drops no lock of
    // its caller's itself (the lock goes deeper down) leaves the flag as it was: the two must agree.
    let dropsCallersLock =
      context.callSummaries.releasedParameters[call.name] != nil
      || context.callSummaries.releasedClasses[call.name] != nil
      || context.callSummaries.releasedFields[call.name] != nil
    for index in context.callSummaries.clearedFlags[call.name] ?? []
    where dropsCallersLock && index < call.arguments.count
      && call.arguments[index].first?.isPunct("&") == true
    {
      let flag = Expression.object(call.arguments[index])
      state.assumptions[flag] = false
      state.values[flag] = "false"
    }
  }

  /// The PTE maps a callee in the analyzed files unmaps for its caller (``CallSummaries/unmappedParameters``).
  func applyCalleeUnmaps(_ call: Call, _ state: inout PathState) {
    for index in context.callSummaries.unmappedParameters[call.name] ?? []
    where index < call.arguments.count {
      let base = state.canonical(Expression.object(call.arguments[index]))
      for mapped in state.maps.keys where Self.isBased(mapped, on: base) {
        state.maps[mapped] = nil
      }
      // `wp_page_reuse(vmf)` releases `vmf->ptl` with the map: no lock released alone.
      for lock in state.plainMapLockReleases.keys where Self.isBased(lock, on: base) {
        state.plainMapLockReleases[lock] = nil
      }
    }
  }

  /// `recursive-lock`: a lock the callee's body takes (directly or through its own calls) of a
  /// class this path already holds.
  func reportRecursion(through call: Call, _ state: PathState) {
    for site in context.callSummaries.sites[call.name] ?? [] where site.checkedThroughCalls {
      guard
        let holder = state.held.first(where: {
          ($0.family == .rwsem || $0.family == .mutex)
            && Self.lockClass($0.object) == site.lockClass
        })
      else { continue }
      var path = state.ops
      var inner = PathOp(
        op: Self.lockOp(.readAcquire), call: site.call, object: site.lockClass, line: site.line)
      inner.file = site.file
      inner.kind = .rwsem
      path.append(inner)
      report(
        .recursiveLock, severity: .error, line: holder.line,
        key: "\(holder.line)-\(site.file):\(site.line)", path: path,
        message:
          "\(context.function)() holds \(holder.object) (\(holder.call)() at \(context.file):\(holder.line)) and "
          + "calls \(([call.name] + site.chain.dropFirst()).joined(separator: "() → "))() at \(call.line), which takes "
          + "\(site.lockClass) again with \(site.call)() at \(site.file):\(site.line): a second "
          + "\(site.lockClass) acquisition in one task deadlocks as soon as a writer queues between the two "
          + "(lockdep: possible recursive locking detected)")
    }
  }
}
