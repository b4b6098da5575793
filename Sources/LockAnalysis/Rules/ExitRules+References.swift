/// `ref-imbalance` where paths leave a function: a reference kept at one exit and dropped at
/// another that leaves the same way, kept on every path that takes it in a function that does
/// not hand it on, or kept while returning NULL.
///
/// ```c
/// folio_get(folio);
/// if (!folio_trylock(folio))
///         return -EAGAIN;     /* the reference is kept here, dropped below */
/// folio_unlock(folio);
/// folio_put(folio);
/// return 0;
/// ```
extension ExitRules {
  func referenceImbalances(_ exits: [ExitState], _ reported: inout Set<String>)
    -> [Finding]
  {
    var findings: [Finding] = []
    for object in Set(exits.flatMap(\.state.referenced)).sorted() {
      let taking = exits.filter { $0.state.referenced.contains(object) }
      // A reference given to a call that keeps it (the rmap of a new mapping, a batch, a list)
      // or to the callee of a tail call is handed on, not kept.
      let allKeeping = taking.filter {
        $0.state.references[object, default: 0] > 0 && !Self.handsOnReference(object, $0)
      }
      let dropping = taking.filter { $0.state.references[object, default: 0] <= 0 }
      // `return 0;` (`false`) holding it beside a `return 1;` (`true`) holding it, in a function
      // whose value says whether it took one (``saysByValue``): __get_hwpoison_page() returns 1
      // with the reference and 0 without, isolate_folio() true and false.
      let saysWhenTaken = saysByValue && allKeeping.contains { Self.returnsSomething($0) }
      // Another path stores it for the caller (`target->folio = folio;` in
      // get_mctgt_type_thp()): the caller looks for it there, not where this one leaves.
      let storedForCaller = allKeeping.contains { Self.handsOut(object, $0.state) }
      // One judgement per line that took the reference and line that leaves keeping it: a leak
      // of the one `folio_get()` takes in a loop is not the leak of the one `get_page()` took
      // before it under the same name (migrate_vma_collect_pmd()'s `page`), and one kept where
      // a split fails is not the one kept where a trylock failed. (Kept on every path, a
      // reference is one finding, at its first exit.)
      let sites = Dictionary(grouping: allKeeping) {
        [Self.firstGetLine(of: object, in: $0), $0.line]
      }
      for site in sites.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
        let keeping = sites[site]!
        // A reference is handed back only through a pointer, or by a function whose name says it
        // takes one: any other function leaves every way alike.
        let pair = keeping.lazy.compactMap { kept in
          // A function named for handing on a reference (`__get_hwpoison_page()` returning 1,
          // `isolate_folio()` returning true) may say by its value that it took one.
          dropping.first {
            contract.returnsPointer || handsOnReference
              ? Self.sameWay(kept, $0) : $0.kind == kept.kind
          }
          .map { (kept, $0) }
        }.first
        var witness = pair?.0
        var everyPath = false
        if witness == nil, dropping.isEmpty, !handsOnReference, !contract.returnsPointer,
          let first = keeping.first(where: { exit in
            exit.kind == .return && !Self.handsOut(object, exit.state)
              && !(exit.value.map { PathWalker.mentions($0, object) } ?? false)
          })
        {
          witness = first
          everyPath = true
        }
        // A function returning a pointer that returns NULL (or an error pointer) while it holds a
        // reference it kept nowhere hands nothing back: `folio = NULL; return folio;`.
        var returnsNone = false
        // So does any function returning an error (`return -EBUSY;` in isolate_movable_page()
        // after its trylock failed): an error path must undo what it took.
        // So does `return 0;` beside `return 1;` (``saysWhenTaken``), and a return that keeps
        // what another path stores for the caller (``storedForCaller``).
        if witness == nil,
          let first = keeping.first(where: { exit in
            exit.kind == .return
              && (contract.returnsPointer
                ? Self.returnsNothing(exit)
                : Self.returnsError(exit) || (saysWhenTaken && Self.returnsZero(exit))
                  || (storedForCaller && !Self.isTailCall(exit.value)
                    && !(exit.value.map { PathWalker.mentions($0, object) } ?? false)))
              && !exit.state.escaped.contains(object) && !Self.handsOut(object, exit.state)
          })
        {
          witness = first
          returnsNone = true
        }
        guard let witness,
          let get = witness.state.ops.array.first(where: {
            ($0.op == .get || $0.op == .tryGet) && $0.object == object
          }),
          reported.insert(
            "ref|\(object)|\(get.line)" + (pair == nil ? "" : "|\(witness.line)")
          ).inserted
        else { continue }
        findings.append(
          Finding(
            rule: .refImbalance, severity: .warning, file: file, line: get.line, function: name,
            message:
              "the reference on \(object) taken by \(get.call ?? "get")() at \(get.line) is still held "
              + "when \(name)() leaves at \(witness.line) on this path "
              + (returnsNone
                ? "returning \(witness.value ?? "nothing"), which hands no reference back, and "
                  + "nothing on the path dropped it, stored it or handed it on"
                : everyPath
                  ? "and on every other path that takes it: \(name)() neither returns it nor "
                    + "stores it where its caller could drop it"
                  : "but dropped on another path that leaves the same way"),
            path: witness.state.ops.array))
      }
    }
    return findings
  }

  /// The line of the first call on `exit`'s path that took a reference on `object`: the one
  /// a finding names.
  static func firstGetLine(of object: String, in exit: ExitState) -> Int {
    exit.state.ops.array.first { ($0.op == .get || $0.op == .tryGet) && $0.object == object }?
      .line ?? 0
  }

  /// Whether the function's value may say it took a reference: it returns a truth value, or
  /// its name says it hands one on (`__get_hwpoison_page()` returning 1 or 0).
  var saysByValue: Bool {
    handsOnReference || contract.returnType.split(separator: " ").contains("bool")
  }

  /// Whether `exit` returns `0` or `false`, as written or as the path knows its variable.
  static func returnsZero(_ exit: ExitState) -> Bool {
    guard exit.kind == .return, let value = exit.value else { return false }
    return isZero(value) || exit.state.values[value].map(isZero) ?? false
  }

  /// Whether `exit` returns a constant that says something was done: `1`, `true`, a positive
  /// number (not 0, `false`, an error or an upper-case code, whose meaning the rule cannot
  /// tell).
  static func returnsSomething(_ exit: ExitState) -> Bool {
    guard exit.kind == .return, let value = exit.value else { return false }
    let known = isConstant(value) ? value : exit.state.values[value] ?? ""
    return known == "true" || (!known.isEmpty && known != "0" && known.allSatisfy(\.isNumber))
  }

  /// Whether `exit` handed the reference on `object` on: the path gave it to a call that keeps
  /// a reference (``PathState/handedOn``: `folio_add_file_rmap_pte(folio, …)`,
  /// `list_add_tail(&tail->lru, list)`), or returns a call it is given to (`return
  /// wp_page_copy(vmf);` with a reference on `vmf->page`).
  static func handsOnReference(_ object: String, _ exit: ExitState) -> Bool {
    let handedOn = exit.state.handedOn
    if !handedOn.isEmpty,
      handedOn.contains(object)
        || handedOn.contains(where: { PathWalker.isBased(object, on: $0) })
    {
      return true
    }
    guard exit.kind == .return, isTailCall(exit.value), let value = exit.value,
      let open = value.firstIndex(of: "(")
    else { return false }
    let arguments = value[value.index(after: open)...].split {
      !($0.isLetter || $0.isNumber || $0 == "_")
    }
    return arguments.contains { object == $0 || PathWalker.isBased(object, on: String($0)) }
  }
}
