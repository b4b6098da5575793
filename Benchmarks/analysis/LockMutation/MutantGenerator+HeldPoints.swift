import CSyntax

/// The operators that add code where something is held: an early exit, a sleeping call, a
/// second `mmap_lock` acquisition.
extension MutantGenerator {
  func heldPointMutants(_ scan: FunctionScan, definedHere: [String: Function]) -> [Mutant] {
    var found: [Mutant] = []
    for point in heldPoints(scan) {
      found += earlyExits(scan, point)
      if case .lock(.spinlock) = point.held {
        found += sleepsAfterSpinlock(scan, point)
      } else if point.held == .map(locks: true) {
        found += sleepsAfterSpinlock(scan, point)
      }
      found += recursiveMmapLock(scan, point, definedHere: definedHere)
    }
    return found
  }

  /// Every point right after an acquisition that certainly succeeded.
  func heldPoints(_ scan: FunctionScan) -> [HeldPoint] {
    var points: [HeldPoint] = []
    for call in scan.calls {
      let site = scan.site(of: call)
      guard site.block != nil, let role = roles.role(of: call.name) else { continue }
      switch role {
      case .lock(let family) where call.isWholeStatement && scan.ownsLines(site):
        guard let object = roles.lockObject(of: call) else { continue }
        points.append(
          HeldPoint(
            held: .lock(family), object: object, call: call, insertAfter: site.lastLine,
            indentLine: site.firstLine))
      case .get(conditional: false) where call.isWholeStatement && call.assignedTo == nil:
        guard scan.ownsLines(site), let object = Self.firstArgument(call) else { continue }
        points.append(
          HeldPoint(
            held: .reference, object: object, call: call, insertAfter: site.lastLine,
            indentLine: site.firstLine))
      case .map(let locks) where call.isWholeStatement:
        guard let map = call.assignedTo, let guardSite = scan.index.next(after: site),
          guardSite.isGuard, guardSite.tokens.contains(where: { $0.text == map }),
          let after = lineAfter(guard: guardSite, scan)
        else { continue }
        points.append(
          HeldPoint(
            held: .map(locks: locks), object: map, lock: locks ? roles.lockObject(of: call) : nil,
            call: call, insertAfter: after, indentLine: guardSite.firstLine))
      case .conditionalLock(let family) where site.kind == .compound && site.isGuard:
        // `if (!folio_trylock(folio)) return …;` or `if (mmap_read_lock_killable(mm)) return …;`
        let tokens = site.tokens
        let negated = tokens.first?.isPunct("!") == true
        let success = roles.table[call.name]?.success
        guard negated == (success != .zero), tokens[negated ? 1 : 0].text == call.name,
          let close = CallSite.matching(tokens, negated ? 2 : 1), close == tokens.count - 1,
          let object = roles.lockObject(of: call), let after = lineAfter(guard: site, scan)
        else { continue }
        points.append(
          HeldPoint(
            held: .lock(family), object: object, call: call, insertAfter: after,
            indentLine: site.firstLine))
      default:
        continue
      }
    }
    return points
  }

  /// The last line of a guard `if`: its then-statement's, or its closing brace's.
  func lineAfter(guard site: StatementSite, _ scan: FunctionScan) -> Int? {
    if site.thenBlockLine == nil { return site.lastLine }
    return scan.closingBrace(afterStatementEndingOn: site.lastLine)
  }

  /// The lines of every release of what `point` holds.
  func releaseLines(_ scan: FunctionScan, _ point: HeldPoint) -> [Int] {
    scan.calls.compactMap { call -> Int? in
      switch (point.held, roles.role(of: call.name)) {
      case (.lock, .unlock), (.lock, .unmap(unlocks: true)):
        return roles.lockObject(of: call) == point.object ? call.line : nil
      case (.map, .unmap):
        return roles.mapObject(of: call) == point.object ? call.line : nil
      case (.reference, .put):
        return Self.firstArgument(call) == point.object ? call.line : nil
      default:
        return nil
      }
    }
  }

  /// Whether the code before `label` cannot fall into it holding what `point` holds: the
  /// statement before it in its block releases it, or leaves (`out_unlock: spin_unlock(ptl);
  /// out: return ret;`). A label the held object falls into (`filler:` in
  /// `do_read_cache_folio()`, where a callee unlocks the folio) is no exit past the release.
  func isReachedReleased(_ scan: FunctionScan, _ label: StatementSite, _ point: HeldPoint) -> Bool {
    guard let block = label.block, label.position > 0 else { return false }
    let before = scan.index.sites[scan.index.blocks[block][label.position - 1]]
    if before.kind == .returnStatement || before.kind == .jump { return true }
    return releaseLines(scan, point).contains { $0 >= before.firstLine && $0 <= before.lastLine }
      && before.kind == .expression
  }

  /// `if (fatal_signal_pending(current)) return …;`, and `goto` a label after the last release
  /// that only released code falls into, when there is one, right where the object is held, in a function that releases it later.
  func earlyExits(_ scan: FunctionScan, _ point: HeldPoint) -> [Mutant] {
    let releases = releaseLines(scan, point).filter { $0 > point.insertAfter }
    guard let lastRelease = releases.max() else { return [] }
    let indent = scan.indent(point.indentLine)
    let label = scan.index.sites.first { site in
      site.kind == .label && site.firstLine > lastRelease && isReachedReleased(scan, site, point)
    }?.label
    let returnType = scan.function.returnType.split(separator: " ")
    var exits: [String] = []
    // `return 0` does not compile in a function returning a page-table entry (a struct).
    let structTypes: Set<Substring> = ["pte_t", "pmd_t", "pud_t", "p4d_t", "pgd_t", "swp_entry_t"]
    if let type = returnType.last, !structTypes.contains(type) {
      exits.append(type == "void" ? "return;" : "return 0;")
    }
    if let label { exits.append("goto \(label);") }
    let site = scan.site(of: point.call)
    let released = releases.map(String.init).joined(separator: ", ")
    return exits.map { exit in
      mutant(
        scan, .earlyExit, line: point.insertAfter, rules: HeldPoint.earlyExitRules,
        change: "`if (fatal_signal_pending(current)) \(exit)` after line \(point.insertAfter), "
          + "while \(point.call.name)() holds \(point.object) (released at \(released))",
        edits: [
          .insert(
            after: point.insertAfter,
            ["\(indent)if (fatal_signal_pending(current))", "\(indent)\t\(exit)"])
        ],
        equivalence: scan.equivalence(at: site)
          ?? (releasesBeforeTaking(scan, point) ? .heldByCaller : nil))
    }
  }

  /// Whether the first call on `point`'s lock in the function's text releases it and the last
  /// takes it: the lock is its caller's, dropped and taken again here before returning
  /// (`hugetlb_wp()`: `spin_lock(vmf->ptl); /* Caller expects lock to be held */`).
  func releasesBeforeTaking(_ scan: FunctionScan, _ point: HeldPoint) -> Bool {
    guard case .lock = point.held else { return false }
    let calls = scan.calls.filter { call in
      switch roles.role(of: call.name) {
      case .lock, .conditionalLock, .unlock: return roles.lockObject(of: call) == point.object
      default: return false
      }
    }.sorted { $0.line < $1.line }
    guard let first = calls.first, let last = calls.last, case .unlock = roles.role(of: first.name)
    else { return false }
    if case .unlock = roles.role(of: last.name) { return false }
    return true
  }
}
