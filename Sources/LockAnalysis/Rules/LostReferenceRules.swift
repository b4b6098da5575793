import CSyntax

/// `ref-imbalance` where a reference is lost: a variable that holds a reference this path took
/// is given another value (`folio = NULL;`, the next folio of a loop) while nothing else holds
/// the reference — no put, no store (`vmf->page = page`, `pages[i] = page`, `*foliop = folio`),
/// no call it was handed to that may keep it (`list_add(&folio->lru, …)`).
///
/// ```c
/// if (!folio_try_get(folio))
///         return NULL;
/// if (unlikely(page_folio(page) != folio)) {
///         folio = NULL;          /* the reference taken above is lost */
/// }
/// ```
extension PathWalker {
  /// Whether `name` only reads what it is given: the table's `reads-only` calls (tests,
  /// conversions, tracing: `page_folio`, `folio_test_*`). A call not listed may keep its
  /// argument (``PathState/escaped``).
  func readsOnly(_ name: String) -> Bool {
    context.table.lists(name, as: .readsOnly)
  }

  /// Records the referenced names `call` is given as escaped, unless it only reads them, and
  /// the names given to a call that keeps a reference (``PathState/handedOn``). `bases` are
  /// the names its arguments are based on (``CallSummaries/base(of:)``), read once per call.
  func noteEscapes(_ call: Call, bases: [String], _ state: inout PathState) {
    // `list_move(&folio->lru, src)` back onto the list the folio came from keeps nothing.
    if movesBackToItsList(call, state) { return }
    if !call.indirect, context.table.lists(call.name, as: .keepsReference) {
      // `folio_batch_add(fbatch, mlock_lru(folio))`, `list_add(&tail->lru, list)`: every name
      // in the arguments.
      for argument in call.arguments {
        for token in argument where token.kind == .identifier {
          let name = state.canonical(token.text)
          if !state.handedOn.contains(name) { state.handedOn.insert(name) }
        }
      }
    }
    // `list_for_each_entry_safe(folio, tmp, &pagelist, lru)` gives `folio` its next object
    // (``cursorStep(_:)``): the loop's head keeps nothing the name held before.
    guard !state.references.isEmpty,
      call.indirect
        || !(readsOnly(call.name) || context.table.lists(call.name, as: .keepsNothing)),
      !Statement.isIteratorMacro(call.name)
    else { return }
    for base in bases {
      for name in [base, state.canonical(base)]
      where state.references[name, default: 0] > 0 && !state.escaped.contains(name) {
        state.escaped.insert(name)
      }
    }
  }

  /// Reports the reference `state` holds on `name` as lost when `name` is reassigned at `line`,
  /// unless it escaped or was stored.
  func reportLostReference(_ name: String, at line: Int, _ state: PathState) {
    guard !state.escaped.contains(name), !ExitRules.handsOut(name, state),
      let get = state.ops.last(where: {
        ($0.op == .get || $0.op == .tryGet) && $0.object == name
      })
    else { return }
    report(
      .refImbalance, severity: .warning, line: get.line, key: "lost|\(name)|\(get.line)",
      path: state.ops,
      message:
        "the reference on \(name) taken by \(get.call ?? "get")() at \(get.line) is lost when "
        + "\(name) is given another value at \(line) on this path: nothing dropped it, stored it "
        + "or handed it to a call that could keep it")
  }

  /// The plain names a loop's step gives their next value: `folio = xas_next(&xas)` → `folio`.
  static func assignedNames(_ step: [Token]) -> [String] {
    Expression.split(step).compactMap { part in
      guard part.count > 2, part[0].kind == .identifier, part[1].isPunct("=") else { return nil }
      return part[0].text
    }
  }

  /// A reference taken on the object a loop's step moves on from (`for
  /// (folio = xas_load(&xas); folio; folio = xas_next(&xas))`), still held at the round's
  /// end, handed to nothing that may keep it and stored nowhere: the next round's step loses
  /// it (filemap_get_read_batch() without the `folio_put()` of `put_folio:`).
  func reportLostAtRoundEnd(_ states: [PathState], names: [String], line: Int) {
    guard !names.isEmpty else { return }
    for state in states where !state.references.isEmpty {
      // The step's assignment zeroes the count (``PathWalker/record``): one held here was
      // taken since the name was given its current object.
      for name in names where state.references[name, default: 0] > 0 {
        reportLostReference(name, at: line, state)
      }
    }
  }
}
