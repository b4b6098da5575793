import CSyntax

/// The paths and findings of one side (before or after) of one function.
struct FunctionWalk {
  var side: FunctionPaths.Side
  var findings: [Finding]

  /// Walks a whole body (`fragment == false`) or the segments of a hunk; `changedLines` are the
  /// lines of this side the patch changes (named when a bound leaves some of them unwalked).
  /// A caller that keeps no paths (`keepsPaths == false`, ``Analyzer/keepsPaths``) gets none
  /// for a plain body (``isPlain(_:contract:)``), which is not walked: nothing can come of it;
  /// nor does its walk keep the alternates of joined paths, which only the exported paths read.
  init(
    segments: [[Statement]], name: String, file: String, fragment: Bool, endLine: Int,
    table: PrimitiveTable, summaries: CallSummaries, source: FunctionPaths.Source? = nil,
    contract: FunctionContract = .none, changedLines: Set<Int> = [], keepsPaths: Bool = true
  ) {
    if !keepsPaths, !fragment, segments.count == 1, Self.isPlain(segments[0], contract: contract) {
      side = FunctionPaths.Side(paths: [], source: source ?? .tree, truncated: false)
      findings = []
      assert(
        {
          let walked = FunctionWalk(
            segments: segments, name: name, file: file, fragment: fragment, endLine: endLine,
            table: table, summaries: summaries, source: source, contract: contract,
            changedLines: changedLines)
          return walked.findings.isEmpty && !walked.side.truncated
        }(), "the walk of the plain body of \(name)() found something")
      return
    }
    let walker = PathWalker(
      context: .init(
        table: table, function: name, file: file, fragment: fragment, callSummaries: summaries,
        contract: contract,
        // Alternates only feed the exported paths; no finding reads them.
        exportsAlternates: keepsPaths && (!changedLines.isEmpty || fragment)))
    walker.run(segments, endLine: endLine)
    var findings = walker.findings
    let exitFindings =
      ExitRules.haveSomethingToCompare(walker.exits)
      ? ExitRules(
        name: name, file: file, contract: contract, table: table,
        fileCodes: Set(summaries.enumerators.keys), summaries: summaries
      ).findings(walker.exits) : []
    // A lock lost where its name moves on that an exit rule reports at the same line already.
    let exitLockLines = Set(exitFindings.filter { $0.rule == .lockImbalance }.map(\.line))
    findings.removeAll { finding in
      finding.rule == .lockImbalance && exitLockLines.contains(finding.line)
        && finding.message.hasSuffix(PathWalker.lostPageLockTail)
    }
    findings += exitFindings
    findings += RoundEndRules(name: name, file: file).findings(walker.roundEnds)
    if let first = walker.incomplete.first {
      findings.append(
        Self.incompleteness(walker, name: name, file: file, first: first, changed: changedLines))
    }
    let paths = walker.exits.flatMap { exit in
      exit.state.allTrails.map { ops in
        AnalysisPath(
          id: 0, ops: ops, exit: exit.kind, returnValue: exit.value, retries: exit.retries)
      }
    }.enumerated().map { index, path in
      var numbered = path
      numbered.id = index + 1
      return numbered
    }
    side = FunctionPaths.Side(
      paths: paths, source: source ?? (fragment ? .hunks : .tree),
      truncated: !walker.incomplete.isEmpty)
    self.findings = findings
  }

  /// `[12, 13, 14, 20]` → `12-14, 20`.
  static func ranges(_ lines: [Int]) -> String {
    var runs: [(Int, Int)] = []
    for line in Set(lines).sorted() {
      if let last = runs.last, last.1 + 1 == line {
        runs[runs.count - 1].1 = line
      } else {
        runs.append((line, line))
      }
    }
    return runs.map { $0 == $1 ? "\($0)" : "\($0)-\($1)" }.joined(separator: ", ")
  }

  /// `analysis-incomplete`: which bounds were reached, where, and which changed lines no walked
  /// path reached.
  private static func incompleteness(
    _ walker: PathWalker, name: String, file: String, first: Incompleteness, changed: Set<Int>
  ) -> Finding {
    // One entry per bound, with every line it was reached at: 512 paths at each of 40
    // statements is one bound, not 40.
    var lines: [Bound: [Int]] = [:]
    var order: [Bound] = []
    for entry in walker.incomplete {
      if lines[entry.bound] == nil { order.append(entry.bound) }
      lines[entry.bound, default: []].append(entry.line)
    }
    let bounds = order.map { bound in
      let at = lines[bound]!
      return bound.summary
        + (at.count == 1 ? " (at line \(at[0]))" : " (at lines \(Self.ranges(at)))")
    }
    let uncovered = changed.subtracting(walker.reached).sorted()
    return Finding(
      rule: .analysisIncomplete, severity: .warning, file: file, line: first.line, function: name,
      message:
        "the walk of \(name)() stopped short: \(bounds.joined(separator: "; ")); paths past "
        + "that point were not checked, so a clean result here is not a proof"
        + (uncovered.isEmpty
          ? ""
          : "; changed lines no walked path reached: "
            + uncovered.map(String.init).joined(separator: ", ")))
  }
}
