import CSyntax

/// What the exit rules know of locks that are not simply taken and kept: the caller's lock
/// taken back after a callee dropped it, and two lock names a test found to be one lock.
extension ExitRules {
  /// Whether the lock `object` held at an exit is the caller's, taken back: the path released it
  /// without taking it, or called something that may drop the caller's lock of its class
  /// (`handle_mm_fault()` may drop `mmap_lock`; `fixup_user_fault()` takes it back "to pair
  /// with the unlock() in the callers"), or handed it to a call through a pointer that may
  /// release it (`writeout()`: `->writepage()` unlocks, then `folio_lock(folio)`).
  static func takesBackCallersLock(_ object: String, _ state: PathState) -> Bool {
    state.callersLocks.contains(object)
      || state.callersLocks.contains("*" + PathWalker.lockClass(object))
  }

  /// The lock name that this path found to be the same lock as `object` by a test (`if (pml &&
  /// pml != ptl)` found false), if that other name is a lock the path took: whether the two
  /// pointers can be equal depends on the kernel's configuration (split page-table locks), so
  /// an imbalance that needs them equal is a warning, not an error.
  static func assumedOneLock(_ object: String, _ state: PathState) -> String? {
    for (key, truth) in state.assumptions.entries where truth {
      guard let equals = key.asciiRange(of: "==") else { continue }
      let left = String(key[..<equals.lowerBound])
      let right = String(key[equals.upperBound...])
      let other = left == object ? right : right == object ? left : nil
      if let other, other != object, state.acquired.contains(other) { return other }
    }
    return nil
  }

  static func oneLockNote(_ object: String, _ other: String) -> String {
    " (a warning: this path found \(object) and \(other) to be one lock, which they are only "
      + "where the kernel's configuration makes the two lock pointers equal, e.g. without split "
      + "page-table locks; check whether the path is one the code can take)"
  }

  /// Whether `exit` is a tail call to a function of the analyzed files that releases no lock of
  /// `object`'s class, none of its caller's locks it is given, and hands nothing to a call
  /// through a pointer: the lock is still held when the caller gets the callee's result
  /// (`return hugetlb_handle_userfault(vmf, mapping, VM_UFFD_MINOR);` with the folio locked),
  /// a `reads-only` call of the table or a function of the files that calls nothing else
  /// (``CallSummaries/callsNothing``), or one the table says may release only another class
  /// (`may-release`). Any other callee outside them may release anything it can reach.
  func keptThroughTailCall(_ object: String, _ exit: ExitState) -> Bool {
    guard exit.kind == .return, !handsOnLock, Self.isTailCall(exit.value), let value = exit.value,
      let open = value.firstIndex(of: "(")
    else { return false }
    let callee = String(value[..<open])
    // A conversion the table knows to read only what it is given (`return
    // notifier_from_errno(0);`) releases nothing.
    if table.lists(callee, as: .readsOnly) || summaries.callsNothing.contains(callee) {
      return true
    }
    let lockClass = PathWalker.lockClass(object)
    // A callee of another file the table says may drop a lock of another class
    // (`return handle_userfault(&vmf, VM_UFFD_WP);` drops `mmap_lock`, not the fault mutex).
    if let primitive = table[callee], primitive.effect == .mayRelease {
      return primitive.object != lockClass
    }
    return summaries.knows(callee) && summaries.releasedParameters[callee] == nil
      && summaries.handedToIndirect[callee] == nil
      && !(summaries.releasedClasses[callee] ?? []).contains(lockClass)
      && !(summaries.releasedFields[callee] ?? []).contains {
        PathWalker.lockClass($0) == lockClass
      }
  }

  /// ``handsOut(_:_:)`` where the caller can see the store: not a field of a structure the
  /// function holds by value under a name that is not a parameter (`priv.tk.tsk = p` in
  /// kill_accessing_process(), whose `priv` is gone when it returns holding `p->mm`'s lock),
  /// and not the structure whose field the lock is, stored in an object of the function's own
  /// (`new_folio->mapping = mapping` in collapse_file() hands nobody `mapping->i_mmap_rwsem`).
  func handsOutToCaller(_ object: String, _ state: PathState) -> Bool {
    state.aliases.contains { name, value in
      guard name.hasPrefix("*") || name.containsASCII("->") || name.containsASCII(".") else {
        return false
      }
      if let dot = name.firstIndex(of: "."),
        !name[..<dot].contains("-"), !contract.parameters.contains(String(name[..<dot]))
      {
        return false
      }
      if value != object, let arrow = name.asciiRange(of: "->") {
        let base = String(name[..<arrow.lowerBound])
        if !base.hasPrefix("*"), !contract.parameters.contains(base), state.aliases[base] == nil {
          return false
        }
      }
      return PathWalker.isBased(object, on: value) || value == object
    }
  }
}
