import CSyntax

extension HeldLock {
  /// The locks a function holds when it is entered, from its own annotations:
  /// `__must_hold(&hugetlb_lock)` (held on entry and on return) and `__releases(vmf->ptl)`
  /// (held on entry, dropped inside). No op of the path took them (``isHeldOnEntry``), so
  /// they are not compared at the exits; they make a sleep inside the function a
  /// sleep under that lock, and a release of it a real release.
  ///
  /// `static void remove_hugetlb_folio(…) __must_hold(&hugetlb_lock)` → `hugetlb_lock`,
  /// a spinlock.
  static func onEntry(to function: Function) -> [HeldLock] {
    function.annotations.compactMap { annotation in
      guard annotation.name == "__must_hold" || annotation.name == "__releases" else {
        return nil
      }
      let tokens = Lexer.tokens(of: annotation.argument)
      guard let last = tokens.last(where: { $0.kind == .identifier }) else { return nil }
      if annotation.argument.uppercased() == "RCU" {
        return HeldLock(
          object: "RCU", family: .rcu, mode: .read, line: function.line, call: annotation.name,
          opIndex: -1)
      }
      let parameter = function.parameters.first { Lexer.tokens(of: $0).last?.text == last.text }
      return HeldLock(
        object: Expression.instantiate("$1", [tokens]),
        family: parameter.map(PrimitiveTable.family(ofParameter:)) ?? family(ofLock: last.text),
        mode: .exclusive, line: function.line, call: annotation.name, opIndex: -1)
    }
  }

  /// A lock known by its name only (a field or a global): `nommu_region_sem` is an
  /// rw-semaphore, `mmap_lock` too, `*_mutex` a mutex, anything else a spinlock.
  static func family(ofLock name: String) -> Primitive.Family {
    if name.containsASCII("mutex") { return .mutex }
    if name.containsASCII("sem") || name == "mmap_lock" { return .rwsem }
    return .spinlock
  }

  /// Held since the function was entered (``onEntry(to:)``), not taken on the path.
  var isHeldOnEntry: Bool { opIndex < 0 }

  /// `spin_lock() at 301`, or `held on entry (__must_hold at 652)`: where the lock came from.
  var origin: String {
    isHeldOnEntry ? "held on entry (\(call) at \(line))" : "taken by \(call)() at \(line)"
  }
}
