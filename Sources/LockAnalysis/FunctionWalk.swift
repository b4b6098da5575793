import CSyntax

/// The paths and findings of one side (before or after) of one function.
struct FunctionWalk {
  var side: FunctionPaths.Side
  var findings: [Finding]

  /// Walks a whole body (`fragment == false`) or the segments of a hunk.
  init(
    segments: [[Statement]], name: String, file: String, fragment: Bool, endLine: Int,
    table: PrimitiveTable,
    summaries: CallSummaries, source: String? = nil, heldOnEntry: [HeldLock] = []
  ) {
    let walker = PathWalker(
      context: .init(
        table: table, function: name, file: file, fragment: fragment, callSummaries: summaries))
    walker.run(segments, endLine: endLine, heldOnEntry: heldOnEntry)
    var findings = walker.findings
    findings += Self.exitImbalances(walker.exits, name: name, file: file).map { finding in
      guard walker.coarse, finding.severity == .error else { return finding }
      var approximate = finding
      approximate.severity = .warning
      approximate.message += " (approximate: paths were merged to bound the walk)"
      return approximate
    }
    let paths = walker.exits.prefix(PathWalker.pathLimit).enumerated().map { index, exit in
      AnalysisPath(
        id: index + 1, ops: exit.state.ops.array, exit: exit.kind, returnValue: exit.value,
        retries: exit.retries)
    }
    side = FunctionPaths.Side(
      paths: paths, source: source ?? (fragment ? "hunks" : "tree"),
      truncated: walker.truncated || walker.exits.count > paths.count)
    self.findings = findings
  }

  /// `lock-imbalance`, `missing-pte-unmap`, `ref-imbalance`: two paths that both took a lock (map,
  /// reference) and leave the same way (same return value), one still holding it and one not.
  static func exitImbalances(_ exits: [ExitState], name: String, file: String) -> [Finding] {
    var findings: [Finding] = []
    var reported: Set<String> = []
    // Paths are compared when they return the same constant (or nothing), or when one returns
    // an error: `return vma` and `return ret` may differ in value, and a function may well
    // return its object locked and NULL unlocked.
    let comparable = exits.filter { Self.isConstant($0.value ?? "") }
    var groups = Dictionary(grouping: comparable) { "\($0.segment)|\($0.kind)|\($0.value ?? "")" }
    let errorExits = Dictionary(grouping: exits.filter { Self.isError($0.value ?? "") }) {
      "\($0.segment)|error|\($0.value ?? "")"
    }
    for (key, errors) in errorExits {
      let segment = errors[0].segment
      groups[key] = errors + exits.filter { $0.segment == segment && !Self.isError($0.value ?? "") }
    }
    for (_, group) in groups.sorted(by: { $0.key < $1.key }) {
      let errorGroup = group.contains { Self.isError($0.value ?? "") }
      let lockObjects = Set(group.flatMap(\.state.acquired))
      for object in lockObjects.sorted() {
        let taking = group.filter { $0.state.acquired.contains(object) }
        guard
          let holding = taking.first(where: { exit in
            exit.state.held.contains { $0.object == object }
              && (!errorGroup || Self.isError(exit.value ?? ""))
          }),
          // A path that released and jumped back to retry decided again: it is no witness.
          let releasing = taking.first(where: { exit in
            exit.state.backwardJumps == 0 && !exit.state.held.contains { $0.object == object }
          }),
          let lock = holding.state.held.last(where: { $0.object == object })
        else { continue }
        guard reported.insert("lock|\(object)|\(lock.line)").inserted else { continue }
        let releaseLine = releasing.state.releasedAfterAcquire[object].map {
          releasing.state.ops[$0].line
        }
        let leaves =
          holding.kind == "return" ? "returns \(holding.value ?? "")" : "leaves the patch's lines"
        findings.append(
          Finding(
            rule: "lock-imbalance", severity: lock.keptAcrossIterations ? .warning : .error,
            file: file, line: lock.line, function: name,
            message:
              "\(object) taken by \(lock.call)() at \(lock.line) is still held when \(name)() \(leaves) at "
              + "\(holding.line) on this path, but released"
              + (releaseLine.map { " at \($0)" } ?? "")
              + " on another path that leaves the same way"
              + (lock.keptAcrossIterations
                ? " (taken in a loop that went on to its next object still holding it: a loop that "
                  + "collects locked objects, as migrate_vma_collect_pmd() does in migrate->src[], "
                  + "keeps them on purpose; check that this one does)"
                : ""),
            path: holding.state.ops.array))
      }
      let mapping = group.filter(\.state.mapped)
      if let stillMapped = mapping.first(where: {
        !$0.state.maps.isEmpty && (!errorGroup || Self.isError($0.value ?? ""))
      }),
        mapping.contains(where: { $0.state.maps.isEmpty }),
        let mapIndex = stillMapped.state.maps.values.min()
      {
        let map = stillMapped.state.ops[mapIndex]
        if reported.insert("map|\(map.line)").inserted {
          findings.append(
            Finding(
              rule: "missing-pte-unmap", severity: .error, file: file, line: map.line,
              function: name,
              message:
                "the PTE page mapped by \(map.call ?? "pte_offset_map")() at \(map.line) is never unmapped on "
                + "this path (it leaves at \(stillMapped.line)), while other paths that leave the same way call "
                + "pte_unmap(): every map needs exactly one unmap",
              path: stillMapped.state.ops.array))
        }
      }
      let referenced = Set(group.flatMap(\.state.referenced))
      for object in referenced.sorted() {
        let taking = group.filter { $0.state.referenced.contains(object) }
        guard
          let keeping = taking.first(where: {
            $0.state.references[object, default: 0] > 0
              && (!errorGroup || Self.isError($0.value ?? ""))
          }),
          taking.contains(where: { $0.state.references[object, default: 0] <= 0 }),
          let get = keeping.state.ops.array.first(where: {
            ($0.op == .get || $0.op == .tryGet) && $0.object == object
          })
        else { continue }
        guard reported.insert("ref|\(object)|\(get.line)").inserted else { continue }
        findings.append(
          Finding(
            rule: "ref-imbalance", severity: .warning, file: file, line: get.line, function: name,
            message:
              "the reference on \(object) taken by \(get.call ?? "get")() at \(get.line) is still held when "
              + "\(name)() leaves at \(keeping.line) on this path but dropped on another path that leaves the "
              + "same way",
            path: keeping.state.ops.array))
      }
    }
    return findings
  }

  /// Nothing, a number, an upper-case constant or errno: `0`, `-EINVAL`, `VM_FAULT_SIGBUS`, `NULL`.
  static func isConstant(_ value: String) -> Bool {
    value.allSatisfy { $0.isUppercase || $0.isNumber || "_-|() ".contains($0) } || value == "true"
      || value == "false"
  }

  /// `-EINVAL`, `ERR_PTR(-ENOMEM)`, `VM_FAULT_SIGBUS`, `VM_FAULT_OOM`.
  static func isError(_ value: String) -> Bool {
    value.hasPrefix("-E") || value.hasPrefix("ERR_PTR(") || value == "VM_FAULT_SIGBUS"
      || value == "VM_FAULT_OOM"
  }
}
