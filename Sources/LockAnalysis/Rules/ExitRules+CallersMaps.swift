/// `missing-pte-unmap` for a PTE map the caller made: a function handed `vmf->pte` mapped
/// (`do_numa_page()`, `do_swap_page()`) must unmap it the same way on every path that leaves
/// the same way.
///
/// ```c
/// spin_lock(vmf->ptl);
/// if (!pte_same(ptep_get(vmf->pte), vmf->orig_pte)) {
///         pte_unmap_unlock(vmf->pte, vmf->ptl);   /* the caller's map, unmapped */
///         return 0;
/// }
/// …
/// spin_unlock(vmf->ptl);      /* pte_unmap_unlock() was meant: the map is never unmapped */
/// …
/// return 0;
/// ```
extension ExitRules {
  /// One finding per plain release that left the caller's map mapped where another exit
  /// leaving the same way unmapped it with that lock.
  func callersMapsLeftMapped(_ exits: [ExitState], _ reported: inout Set<String>) -> [Finding] {
    guard !handsOnLock else { return [] }
    var findings: [Finding] = []
    let unmapping = exits.filter { !$0.state.callersMapsUnmapped.isEmpty }
    guard !unmapping.isEmpty else { return [] }
    for exit in exits where exit.kind == .return && !exit.state.plainMapLockReleases.isEmpty {
      for (lock, releaseIndex) in exit.state.plainMapLockReleases.sorted(by: { $0.value < $1.value }
      ) {
        let other = unmapping.first { other in
          other.state.callersMapsUnmapped.contains { mapped, with in
            // Not where the path found the map pointer NULL (`if (ptep) pte_unmap_unlock(ptep,
            // ptl); else spin_unlock(ptl);`), nor where it returns the map.
            with == lock && exit.state.callersMapsUnmapped[mapped] == nil
              && exit.state.assumptions[mapped] != false
              && !(exit.value.map { PathWalker.mentions($0, mapped) } ?? false)
          } && Self.sameWay(exit, other)
        }
        guard let other,
          let mapped = other.state.callersMapsUnmapped.first(where: { $0.value == lock })?.key
        else { continue }
        let release = exit.state.ops[releaseIndex]
        guard reported.insert("callers-map|\(release.line)").inserted else { continue }
        findings.append(
          unlockLeavingMap(
            release, lock: lock, exit: exit,
            map: "the caller's PTE map \(mapped), which stays mapped when \(name)() "
              + "returns \(exit.value ?? "") at \(exit.line) on this path, while another path that "
              + "leaves the same way unmaps it with pte_unmap_unlock(\(mapped), \(lock))"))
      }
    }
    return findings
  }

  /// `release` drops `lock` but leaves `map` mapped: a `spin_unlock()` where
  /// `pte_unmap_unlock()` was meant, whether the map is this function's or its caller's.
  func unlockLeavingMap(
    _ release: PathOp, lock: String, exit: ExitState, map: String, note: String = ""
  ) -> Finding {
    Finding(
      rule: .missingPTEUnmap, severity: .warning, file: file, line: release.line, function: name,
      message: "\(release.call ?? "spin_unlock")(\(lock)) at \(release.line) releases the lock of "
        + map + ": spin_unlock() where pte_unmap_unlock() was meant" + note,
      path: exit.state.ops.array)
  }
}
