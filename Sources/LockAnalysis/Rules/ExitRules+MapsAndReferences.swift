/// The exit rules for PTE maps (`missing-pte-unmap`) and references (`ref-imbalance`): a map
/// or reference held at one exit and not at another that leaves the same way, held at every
/// exit of a function that does not hand it on, a map whose lock alone was released, a
/// reference kept by a return that hands nothing back (NULL, an error).
extension ExitRules {
  func mapImbalances(_ exits: [ExitState], _ reported: inout Set<String>) -> [Finding] {
    let mapping = exits.filter(\.state.mapped)
    let holding = mapping.filter { !$0.state.maps.isEmpty }
    let releasing = mapping.filter { $0.state.maps.isEmpty }
    let pair = holding.lazy.compactMap { held in
      releasing.first { Self.sameWay(held, $0) }.map { (held, $0) }
    }.first
    var witness = pair?.0
    var everyPath = false
    if witness == nil, releasing.isEmpty, !handsOnLock,
      let first = holding.first(where: { exit in
        exit.kind == .return && !exit.state.maps.keys.contains { $0 == exit.value }
      })
    {
      witness = first
      everyPath = true
    }
    var findings: [Finding] = []
    if let witness, let mapIndex = witness.state.maps.values.min() {
      let map = witness.state.ops[mapIndex]
      if reported.insert("map|\(map.line)").inserted {
        findings.append(
          Finding(
            // On every path, the map may be handed to a callee that unmaps it: a warning.
            rule: .missingPTEUnmap, severity: everyPath ? .warning : .error, file: file,
            line: map.line, function: name,
            message:
              "the PTE page mapped by \(map.call ?? "pte_offset_map")() at \(map.line) is never "
              + "unmapped on this path (it leaves at \(witness.line)), "
              + (everyPath
                ? "nor on any other path that maps it, and \(name)() does not return the map"
                : "while other paths that leave the same way call pte_unmap()")
              + ": every map needs exactly one unmap",
            path: witness.state.ops.array))
      }
    }
    findings += unlockedButMapped(holding, &reported)
    return findings
  }

  /// `pte_unmap_unlock(pte, ptl)` written as `spin_unlock(ptl)`: the lock a map came with was
  /// released and the map was not, on a path that leaves without handing the map on.
  private func unlockedButMapped(_ holding: [ExitState], _ reported: inout Set<String>)
    -> [Finding]
  {
    guard !handsOnLock else { return [] }
    for exit in holding where exit.kind == .return {
      let returned = exit.state.maps.keys.contains { mapped in
        exit.value.map { PathWalker.mentions($0, mapped) } ?? false
      }
      // `return pte_alloc_map_lock(…)`: a map made by the returned call is the caller's.
      guard !returned,
        let (_, index) = exit.state.maps.first(where: { mapped, index in
          let op = exit.state.ops[index]
          return op.op == .mapLock && op.line != exit.line && !Self.handsOut(mapped, exit.state)
            && op.object.map { exit.state.releasedAfterAcquire[$0] } != nil
        })
      else { continue }
      let map = exit.state.ops[index]
      guard !reported.contains("map|\(map.line)"),
        reported.insert("map-unlocked|\(map.line)").inserted
      else { continue }
      return [
        Finding(
          rule: .missingPTEUnmap, severity: .warning, file: file, line: map.line, function: name,
          message:
            "the PTE page mapped by \(map.call ?? "pte_offset_map")() at \(map.line) is never "
            + "unmapped on this path (it leaves at \(exit.line)), though its lock was released: "
            + "spin_unlock() where pte_unmap_unlock() was meant: every map needs exactly one unmap",
          path: exit.state.ops.array)
      ]
    }
    return []
  }

  func referenceImbalances(_ exits: [ExitState], _ reported: inout Set<String>)
    -> [Finding]
  {
    var findings: [Finding] = []
    for object in Set(exits.flatMap(\.state.referenced)).sorted() {
      let taking = exits.filter { $0.state.referenced.contains(object) }
      let keeping = taking.filter { $0.state.references[object, default: 0] > 0 }
      let dropping = taking.filter { $0.state.references[object, default: 0] <= 0 }
      // A reference is handed back only through a pointer: a function that returns none
      // leaves every way alike.
      let pair = keeping.lazy.compactMap { kept in
        dropping.first { contract.returnsPointer ? Self.sameWay(kept, $0) : $0.kind == kept.kind }
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
      if witness == nil,
        let first = keeping.first(where: { exit in
          exit.kind == .return
            && (contract.returnsPointer ? Self.returnsNothing(exit) : Self.returnsError(exit))
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
        reported.insert("ref|\(object)|\(get.line)").inserted
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
    return findings
  }
}
