/// `missing-pte-unmap` where paths leave: a PTE page mapped at one exit and not at another that
/// leaves the same way, and a PTL released with `spin_unlock()` while its map stays mapped.
extension ExitRules {
  func mapImbalances(_ exits: [ExitState], _ reported: inout Set<String>) -> [Finding] {
    let mapping = exits.filter(\.state.mapped)
    let holding = mapping.filter { !$0.state.maps.isEmpty }
    let releasing = mapping.filter { $0.state.maps.isEmpty }
    let pair = holding.lazy.compactMap { held in
      releasing.first {
        Self.sameWay(held, $0)
          || (cannotHandOnMaps(held) && $0.kind == .return
            && (Self.returnsError(held) || !Self.returnsError($0)))
      }.map { (held, $0) }
    }.first
    var witness = pair?.0
    var everyPath = false
    if witness == nil, releasing.isEmpty, !handsOnMap,
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
  func unlockedButMapped(_ holding: [ExitState], _ reported: inout Set<String>)
    -> [Finding]
  {
    // Even a function that returns holding its map and lock (`folio_walk_start()`) hands on
    // both or neither: a path that released the lock alone and does not return the map
    // leaked it. One finding per release that forgot the map, where the fix goes: a second
    // such release is a second problem, not the one the code already had.
    var findings: [Finding] = []
    for exit in holding where exit.kind == .return {
      let returned = exit.state.maps.keys.contains { mapped in
        exit.value.map { PathWalker.mentions($0, mapped) } ?? false
      }
      // `return pte_alloc_map_lock(…)`: a map made by the returned call is the caller's.
      guard !returned else { continue }
      for (mapped, index) in exit.state.maps.sorted(by: { $0.value < $1.value }) {
        let map = exit.state.ops[index]
        // The lock released after this map was made (not one of that name released in an
        // earlier round: follow_pfnmap_start()'s `lock` after `goto retry`), and not held.
        // A map stored for the caller (`fw->ptep = ptep`) is not handed on by a return of
        // nothing (folio_walk_start()'s `return NULL` after `spin_unlock(ptl)`).
        guard map.op == .mapLock, map.line != exit.line,
          Self.returnsNothing(exit) || !Self.handsOut(mapped, exit.state),
          let lock = map.object, let release = exit.state.releasedAfterAcquire[lock],
          release > index, !exit.state.held.contains(where: { $0.object == lock })
        else { continue }
        let unlock = exit.state.ops[release]
        guard reported.insert("map-unlocked|\(unlock.line)").inserted else { continue }
        findings.append(
          unlockLeavingMap(
            unlock, lock: lock, exit: exit,
            map: "the PTE page mapped by \(map.call ?? "pte_offset_map")() at \(map.line), which "
              + "is never unmapped on this path (it leaves at \(exit.line))",
            note: ": every map needs exactly one unmap"))
      }
    }
    return findings
  }
}

extension ExitRules {
  /// Whether `exit` is a return that cannot hand its maps to the caller, so that it leaves the
  /// same way as any other return for the map rule: the function's name and type do not say it
  /// returns a map (``handsOnMap``), and each map is a local one (not a parameter's field), not
  /// stored for the caller, not named by the value, nor given to a tail call (`return
  /// suitable_to_scan(total, young);` in walk_pte_range(), `return result;` beside `return
  /// result;` whose tests differ in 6.1 collapse_huge_page()), nor given to a callee that may
  /// unmap it (hmm_vma_walk_pmd()'s `return r;` after `hmm_vma_handle_pte(…, ptep, …)`
  /// failed). A success beside an error that
  /// unmapped is not compared: the map may have gone to the caller through a call
  /// (follow_pfnmap_start()'s `pfnmap_args_setup(args, lock, ptep, …)` before `return 0`).
  func cannotHandOnMaps(_ exit: ExitState) -> Bool {
    guard exit.kind == .return, !handsOnMap, !exit.state.maps.isEmpty else { return false }
    let value = exit.value ?? ""
    return exit.state.maps.keys.allSatisfy { mapped in
      let base = String(mapped.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
      return !base.isEmpty && !contract.parameters.contains(base)
        && !PathWalker.mentions(value, base) && !Self.handsOut(mapped, exit.state)
        && !exit.state.escaped.contains(mapped)
    }
  }
}
