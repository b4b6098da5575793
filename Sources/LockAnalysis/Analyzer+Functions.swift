import CSyntax
import Foundation
import PatchDiff

extension Analyzer {
  /// Lines a file patch changes: removed lines (pre-image numbers) and added lines (post-image numbers).
  ///
  /// - Complexity: O(*h* + *p* + *l*) for *h* hunks, *p* placements and *l* lines (a placement
  ///   is looked up by hunk, not searched for: a 100,000-hunk patch is read in one pass).
  static func changedLines(_ file: FilePatch, placements: [HunkPlacement]) -> (
    old: Set<Int>, new: Set<Int>
  ) {
    var old: Set<Int> = []
    var new: Set<Int> = []
    var delta = 0
    // The first placement of each hunk, as a search from the front would find it.
    let placed = Dictionary(
      placements.map { ($0.hunk, $0.line) }, uniquingKeysWith: { first, _ in first })
    for (index, hunk) in file.hunks.enumerated() {
      let start = placed[index].flatMap { $0 } ?? max(hunk.oldStart, 1)
      var oldLine = start
      var newLine = start + delta
      for line in hunk.lines {
        switch line.kind {
        case .context:
          oldLine += 1
          newLine += 1
        case .removed:
          old.insert(oldLine)
          new.insert(newLine)
          oldLine += 1
          // What the hunk adds to the file's length: added lines less removed ones (counted
          // here, not by copying the hunk's old and new lines).
          delta -= 1
        case .added:
          new.insert(newLine)
          old.insert(oldLine)
          newLine += 1
          delta += 1
        }
      }
    }
    return (old, new)
  }

  func analyzeWholeFunctions(
    _ file: FilePatch, before: SourceFile, after: SourceFile, placements: [HunkPlacement],
    table: PrimitiveTable, into result: inout PatchAnalysis
  ) {
    // Whole functions from the tree; `source` says which lines the paths come from.
    let changed = Self.changedLines(file, placements: placements)
    var names: [String] = []
    var named: Set<String> = []
    for (file, lines) in [(before, changed.old), (after, changed.new)] {
      let sorted = lines.sorted()
      for function in file.functions where !named.contains(function.name) {
        if Self.contains(sorted, from: function.line, to: function.endLine) {
          names.append(function.name)
          named.insert(function.name)
        }
      }
    }
    // `named` is the set of `names` (not made a second time).
    var (beforeSummaries, afterSummaries) = Self.summaries(
      before, after, table: table, roots: named)
    // A changed function that now takes (or no longer takes) a lock changes what its callers
    // do: `mmap_read_lock()` added to a callee deadlocks the caller that holds mmap_lock.
    let callers = Self.callersAffected(
      by: names, in: after, before: beforeSummaries, after: afterSummaries)
    if !callers.isEmpty {
      names += callers
      (beforeSummaries, afterSummaries) = Self.summaries(
        before, after, table: table, roots: Set(names))
    }
    // What each side's functions return locked or with a reference, learnt from their bodies
    // (those the summaries were built for).
    let beforeTable = ReturnedObjects.table(table, learning: before, summaries: beforeSummaries)
    let afterTable = ReturnedObjects.table(table, learning: after, summaries: afterSummaries)
    // The walks, both sides of every function, on all CPUs: one function of a patch can
    // cost more than the rest of a series (`madvise_cold_or_pageout_pte_range()`). They are
    // walked and recorded a batch at a time, so that without ``keepsPaths`` the paths of a
    // patch of 200,000 functions are never all held at once.
    let batch = 1024
    // Made at its size: grown by doubling, a patch of 200,000 functions held a third more
    // (and, while growing, the old and the new array at once).
    result.functions.reserveCapacity(result.functions.count + names.count)
    for start in stride(from: 0, to: names.count, by: batch) {
      let chunk = names[start..<min(start + batch, names.count)]
      let sides = chunk.flatMap { name in
        [
          (
            name: name, side: before, changed: changed.old, summaries: beforeSummaries,
            table: beforeTable, path: file.oldPath
          ),
          (
            name: name, side: after, changed: changed.new, summaries: afterSummaries,
            table: afterTable, path: file.path
          ),
        ]
      }
      let walks = ResultSlots<FunctionWalk?>(count: sides.count)
      let keepsPaths = keepsPaths
      DispatchQueue.concurrentPerform(iterations: sides.count) { index in
        let job = sides[index]
        walks.store(
          Self.definition(named: job.name, in: job.side, changed: job.changed).map {
            FunctionWalk(
              segments: [$0.body], name: job.name, file: job.path, fragment: false,
              endLine: $0.endLine, table: job.table, summaries: job.summaries, contract: .of($0),
              changedLines: job.changed, keepsPaths: keepsPaths)
          }, at: index)
      }
      let done = walks.values
      for (index, name) in chunk.enumerated() {
        record(
          name: name, file: file.path, before: done[2 * index], after: done[2 * index + 1],
          into: &result)
      }
    }
  }

  /// The call summaries of both sides, one side on each of two CPUs: for a patch that
  /// changes every function of a file they are a second of reading each.
  static func summaries(
    _ before: SourceFile, _ after: SourceFile, table: PrimitiveTable, roots: Set<String>
  ) -> (before: CallSummaries, after: CallSummaries) {
    let sides = [before, after]
    let built = ResultSlots<CallSummaries>(count: 2)
    DispatchQueue.concurrentPerform(iterations: 2) { index in
      built.store(CallSummaries.build([sides[index]], table: table, roots: roots), at: index)
    }
    let values = built.values
    return (values[0], values[1])
  }

  func analyzeHunks(_ file: FilePatch, table: PrimitiveTable, into result: inout PatchAnalysis) {
    var sides:
      [String: (before: [[Statement]], after: [[Statement]], beforeEnd: Int, afterEnd: Int)] = [:]
    var order: [String] = []
    var wholeBefore: [(String, Function)] = []
    var wholeAfter: [(String, Function)] = []
    var contracts: [String: FunctionContract] = [:]
    for hunk in file.hunks {
      let sectionName = Self.functionName(inSection: hunk.section)
      for (isAfter, lines, start) in [
        (false, hunk.oldLines, hunk.oldStart), (true, hunk.newLines, hunk.newStart),
      ] {
        let fragment = SourceFile(
          text: lines.joined(separator: "\n") + "\n", path: file.path, firstLine: max(start, 1))
        let functions = fragment.functions.filter { !$0.returnType.isEmpty }
        let firstFunctionLine = functions.first?.line ?? Int.max
        let leading = fragment.tokens.filter { $0.line < firstFunctionLine }
        var segments = leading.isEmpty ? [] : StatementParser.segments(leading)
        for function in functions {
          if function.isComplete {
            if isAfter {
              wholeAfter.append((function.name, function))
            } else {
              wholeBefore.append((function.name, function))
            }
          } else if function.name == sectionName || functions.count == 1 {
            segments += StatementParser.segments(function.bodyTokens)
          }
        }
        let name = functions.first(where: { !$0.isComplete })?.name ?? sectionName
        guard !segments.isEmpty else { continue }
        if name == sectionName, contracts[name] == nil {
          contracts[name] = .of(section: hunk.section)
        }
        if sides[name] == nil {
          sides[name] = ([], [], 0, 0)
          order.append(name)
        }
        let end = start + lines.count
        if isAfter {
          sides[name]!.after += segments
          sides[name]!.afterEnd = end
        } else {
          sides[name]!.before += segments
          sides[name]!.beforeEnd = end
        }
      }
    }
    for name in order {
      guard let side = sides[name] else { continue }
      let before = FunctionWalk(
        segments: side.before, name: name, file: file.oldPath, fragment: true,
        endLine: side.beforeEnd, table: table, summaries: .empty,
        contract: contracts[name] ?? .none)
      let after = FunctionWalk(
        segments: side.after, name: name, file: file.path, fragment: true, endLine: side.afterEnd,
        table: table, summaries: .empty, contract: contracts[name] ?? .none)
      record(name: name, file: file.path, before: before, after: after, into: &result)
    }
    let firstBefore = Dictionary(wholeBefore, uniquingKeysWith: { first, _ in first })
    let firstAfter = Dictionary(wholeAfter, uniquingKeysWith: { first, _ in first })
    let names = Set(firstBefore.keys).union(firstAfter.keys)
    for name in names.sorted() {
      let walks = [firstBefore, firstAfter].map { functions in
        functions[name].map { function in
          FunctionWalk(
            segments: [function.body], name: name, file: file.path, fragment: false,
            endLine: function.endLine,
            table: table, summaries: .empty, source: .hunks, contract: .of(function),
            keepsPaths: keepsPaths)
        }
      }
      record(name: name, file: file.path, before: walks[0], after: walks[1], into: &result)
    }
  }

  /// Whether `sorted` (ascending) has a line in `from...to`.
  ///
  /// - Complexity: O(log *n*): a file's functions are matched against a 100,000-hunk
  ///   patch's lines without scanning them once per function.
  static func contains(_ sorted: [Int], from: Int, to: Int) -> Bool {
    var low = 0
    var high = sorted.count
    while low < high {
      let middle = (low + high) / 2
      if sorted[middle] < from { low = middle + 1 } else { high = middle }
    }
    return low < sorted.count && sorted[low] <= to
  }

  /// The functions of `file` that call one of `changed` whose lock sites differ before and
  /// after the patch (and are not among `changed` themselves).
  static func callersAffected(
    by changed: [String], in file: SourceFile, before: CallSummaries, after: CallSummaries
  ) -> [String] {
    let differing = Set(
      changed.filter { name in
        let old = (before.sites[name] ?? []).map { "\($0.lockClass)@\($0.call)" }
        let new = (after.sites[name] ?? []).map { "\($0.lockClass)@\($0.call)" }
        return Set(old) != Set(new)
      })
    guard !differing.isEmpty else { return [] }
    let changedNames = Set(changed)
    return file.functions.filter { function in
      !changedNames.contains(function.name)
        && Expression.calls(in: function.bodyTokens).contains { differing.contains($0.name) }
    }.map(\.name)
  }

  /// `vm_fault_t do_swap_page(struct vm_fault *vmf)` → `do_swap_page`.
  static func functionName(inSection section: String) -> String {
    let tokens = Lexer.tokens(of: section)
    if let open = tokens.firstIndex(where: { $0.isPunct("(") }), open > 0,
      tokens[open - 1].kind == .identifier
    {
      return tokens[open - 1].text
    }
    return section.isEmpty ? "(file scope)" : section
  }

  /// Adds a function's paths and its findings, judged against the code before the patch.
  func record(
    name: String, file: String, before: FunctionWalk?, after: FunctionWalk?,
    into result: inout PatchAnalysis
  ) {
    result.functions.append(
      FunctionPaths(
        name: name, file: file, before: before.map { kept($0.side) },
        after: after.map { kept($0.side) }))
    let beforeFindings = before?.findings ?? []
    result.findingsBefore += beforeFindings
    result.findings += Self.markPreExisting(after?.findings ?? [], before: beforeFindings)
    if let after {
      for var finding in beforeFindings
      where finding.severity != .info
        && !after.findings.contains(where: { Self.sameProblem($0, finding) })
      {
        finding.severity = .info
        finding.message = "fixed by this patch (pre-image line \(finding.line)): " + finding.message
        result.findings.append(finding)
      }
      if let before {
        result.findings += Self.conversions(
          name: name, file: file, before: before.side, after: after.side)
      }
    }
  }

  /// `side` as the result keeps it: without ``keepsPaths``, its paths are left out.
  func kept(_ side: FunctionPaths.Side) -> FunctionPaths.Side {
    guard !keepsPaths else { return side }
    var side = side
    side.paths = []
    return side
  }

  static let preExisting = "already so before this patch: "

  /// `after` with each finding the code already had lowered to info. Each finding of `before`
  /// stands for one problem, matched first on its own line, then anywhere: a second finding
  /// in the same words (another `spin_unlock()` that forgot the same map) is a new problem.
  static func markPreExisting(_ after: [Finding], before: [Finding]) -> [Finding] {
    var after = after
    var unmatched = before
    for sameLine in [true, false] {
      for index in after.indices where after[index].severity != .info {
        guard
          let match = unmatched.firstIndex(where: {
            sameProblem($0, after[index]) && (!sameLine || $0.line == after[index].line)
          })
        else { continue }
        unmatched.remove(at: match)
        after[index].severity = .info
        after[index].message = preExisting + after[index].message
      }
    }
    return after
  }

  /// Same rule, same words once line numbers and the names of the calls are set aside:
  /// a folio conversion (`trylock_page()` → `folio_trylock()`) keeps the problem it had.
  static func sameProblem(_ lhs: Finding, _ rhs: Finding) -> Bool {
    lhs.rule == rhs.rule && lhs.function == rhs.function
      && gist(lhs.message) == gist(rhs.message)
  }

  /// `page taken by trylock_page() at 200` → `page taken by () at `.
  static func gist(_ message: String) -> String {
    var out = ""
    var word = ""
    for character in message {
      if character.isLetter || character.isNumber || character == "_" {
        word.append(character)
        continue
      }
      if character != "(" { out += word }
      word = ""
      out.append(character)
    }
    out += word
    return out.filter { !$0.isNumber }
  }

  /// `lock-to-trylock` / `trylock-to-lock`: an object locked one way before and the other way after.
  static func conversions(
    name: String, file: String, before: FunctionPaths.Side, after: FunctionPaths.Side
  ) -> [Finding] {
    // Read in place: the paths of a big function hold hundreds of thousands of ops.
    let beforeOps = before.paths.lazy.flatMap(\.ops)
    let afterOps = after.paths.lazy.flatMap(\.ops)
    func objects(_ ops: some Sequence<PathOp>, _ kind: PathOp.Kind) -> [String: PathOp] {
      var out: [String: PathOp] = [:]
      for op in ops where op.op == kind && op.kind != .spinlock {
        if let object = op.object, out[object] == nil || out[object]!.line > op.line {
          out[object] = op
        }
      }
      return out
    }
    var findings: [Finding] = []
    let locksBefore = objects(beforeOps, .lock)
    let trylocksBefore = objects(beforeOps, .trylock)
    let locksAfter = objects(afterOps, .lock)
    let trylocksAfter = objects(afterOps, .trylock)
    for (object, op) in trylocksAfter.sorted(by: { $0.key < $1.key })
    where trylocksBefore[object] == nil {
      let previous = locksBefore[object]
      findings.append(
        Finding(
          rule: .lockToTrylock, severity: .info, file: file, line: op.line, function: name,
          message:
            "\(op.call ?? "trylock")(\(object)) at \(op.line) now only tries to take the lock"
            + (previous.map { " that \($0.call ?? "lock")() took before" } ?? "")
            + ": every failure path must back off and make progress (who retries, and does anything wait?)",
          path: after.paths.first { $0.ops.contains(op) }?.ops ?? [op]))
    }
    for (object, op) in locksAfter.sorted(by: { $0.key < $1.key })
    where trylocksBefore[object] != nil && trylocksAfter[object] == nil {
      findings.append(
        Finding(
          rule: .trylockToLock, severity: .info, file: file, line: op.line, function: name,
          message:
            "\(op.call ?? "lock")(\(object)) at \(op.line) now waits for the lock that "
            + "\(trylocksBefore[object]!.call ?? "trylock")() only tried before: check that nothing it holds "
            + "here is a spinlock and that the lock holder cannot wait on this task",
          path: after.paths.first { $0.ops.contains(op) }?.ops ?? [op]))
    }
    return findings
  }
}
