import Foundation
import PathFormat
import PathSimulator
import Testing

/// `Simulator.replay`: races composed from a patch's paths and the shipped contenders, with
/// no hand-written scenario, decide what the seeds' patches change.
@Suite struct ComposedReplayTests {
  let contenders: ContenderTable

  init() throws { contenders = try ContenderTable.shipped() }

  private func changes(_ replay: PatchReplay, against contender: String) -> [String: ChangeKind] {
    var out: [String: ChangeKind] = [:]
    for change in replay.changes where change.contender == contender {
      out["\(change.preempt) \(change.cpus)"] = change.kind
    }
    return out
  }

  @Test func seed000RemovesTheLivelockUnderNoneAndVoluntaryOnly() throws {
    let replay = try Simulator.replay(
      ScenarioFiles.paths("seed000-do_swap_page"), contenders: contenders)
    let verdicts = changes(replay, against: "migrate_device_unmap")
    for cpus in [1, 2] {
      #expect(verdicts["none \(cpus)"] == .removesLivelock)
      #expect(verdicts["voluntary \(cpus)"] == .removesLivelock)
      #expect(verdicts["full \(cpus)"] == .unchanged)
      #expect(verdicts["rt \(cpus)"] == .unchanged)
    }
    let removal = try #require(
      replay.changes.first { $0.kind == .removesLivelock && $0.contender == "migrate_device_unmap" }
    )
    #expect(removal.variant == "before")
    #expect(removal.contenderSource == "mm/migrate_device.c:migrate_device_unmap")
    #expect(removal.trace.contains { $0.op.hasPrefix("trylock_page(vmf->page): failed") })
    #expect(removal.starved.contains { $0.hasPrefix("kworker/") })
    #expect(!replay.changes.contains { $0.kind.isRegression })
  }

  @Test func seed002IntroducesTheLivelockTheFixRemoves() throws {
    let replay = try Simulator.replay(
      ScenarioFiles.paths("seed002-do_swap_page"), contenders: contenders)
    let verdicts = changes(replay, against: "migrate_device_unmap")
    #expect(verdicts["none 1"] == .introducesLivelock)
    #expect(verdicts["voluntary 2"] == .introducesLivelock)
    #expect(verdicts["full 2"] == .unchanged)
    let introduced = try #require(replay.changes.first { $0.kind == .introducesLivelock })
    #expect(introduced.variant == "after")
    #expect(introduced.cycleStart != nil)
  }

  @Test func thePrintedScenarioRunsAgainWithTheSameVerdicts() throws {
    let paths = try ScenarioFiles.paths("seed000-do_swap_page")
    let composed = try Composer(paths: paths, contenders: contenders).scenarios()
    let race = try #require(composed.first { $0.contender == "migrate_device_unmap" })
    let text = ScenarioPrinter.text(of: race.scenario)
    #expect(text.contains("at mm/memory.c:4677"))
    let reread = try Scenario(parsing: text, file: "printed.scenario")
    let original = try Simulator.run(race.scenario).map {
      "\($0.variant) \($0.preempt) \($0.cpus) \($0.verdict)"
    }
    let again = try Simulator.run(reread).map {
      "\($0.variant) \($0.preempt) \($0.cpus) \($0.verdict)"
    }
    #expect(original == again)
    #expect(original.contains("before none 1 livelock"))
  }

  @Test func pathsThatTouchNothingContendedHaveNothingToReplay() throws {
    let plain = FunctionPaths(
      name: "count_pages", file: "mm/swap.c",
      before: .init(
        paths: [
          AnalysisPath(
            id: 1, ops: [PathOp(op: .call, call: "folio_nr_pages", line: 3)], exit: .return,
            returnValue: "n", retries: false)
        ], source: .tree, truncated: false),
      after: nil)
    let replay = try Simulator.replay(PathSet(functions: [plain]), contenders: contenders)
    #expect(replay.isEmpty)
    #expect(replay.changes.isEmpty)
  }

  @Test func twoChangedFunctionsTakingTwoLocksInOppositeOrdersDeadlock() throws {
    func function(_ name: String, _ first: String, _ second: String) -> FunctionPaths {
      func lock(_ op: PathOp.Kind, _ object: String, _ line: Int) -> PathOp {
        var lock = PathOp(
          op: op, call: op == .lock ? "mutex_lock" : "mutex_unlock", object: object, line: line)
        lock.kind = .sleeping
        return lock
      }
      let before = AnalysisPath(
        id: 1,
        ops: [
          lock(.lock, "a", 1), lock(.lock, "b", 2), lock(.unlock, "b", 3), lock(.unlock, "a", 4),
        ],
        exit: .return, returnValue: nil, retries: false)
      var after = before
      after.ops = [
        lock(.lock, first, 1), lock(.lock, second, 2), lock(.unlock, second, 3),
        lock(.unlock, first, 4),
      ]
      return FunctionPaths(
        name: name, file: "mm/x.c",
        before: .init(paths: [before], source: .tree, truncated: false),
        after: .init(paths: [after], source: .tree, truncated: false))
    }
    let set = PathSet(functions: [function("f", "a", "b"), function("g", "b", "a")])
    let replay = try Simulator.replay(set, contenders: ContenderTable())
    let pair = replay.changes.filter { $0.contender == "g" }
    #expect(!pair.isEmpty)
    #expect(pair.contains { $0.kind == .introducesDeadlock && $0.cpus == 2 })
    let trace = try #require(pair.first { $0.kind == .introducesDeadlock }).trace
    #expect(trace.contains { $0.thread == "f" } && trace.contains { $0.thread == "g" })
  }

  @Test func aContendersFileAddsAndNamesItsErrors() throws {
    var table = contenders
    try table.add(
      contentsOf: """
        contender my_walker takes spinlock from drivers/gpu/x.c:walk {
          spin_lock @
          spin_unlock @
          progress "walked"
        }
        """, file: "mine.txt")
    #expect(table.contenders(of: .spinlock).contains { $0.name == "my_walker" })
    #expect(table.contenders.allSatisfy { !$0.source.isEmpty })
    let error = try #require(throws: ScenarioError.self) {
      try table.add(
        contentsOf: "contender x takes nosuch from a.c:f {\n  call f\n}\n", file: "bad.txt")
    }
    #expect(error.description.hasPrefix("bad.txt:1: unknown class 'nosuch'"))
  }

  @Test func theShippedTableCoversEveryClassTheIssueNames() throws {
    for kind in ContenderClass.allCases {
      #expect(!contenders.contenders(of: kind).isEmpty, "\(kind)")
    }
    #expect(contenders.retrier(of: "do_swap_page")?.name == "hmm_range_fault")
  }
}

/// Hostile scenarios end with a verdict or an error, never a crash.
@Suite struct HostileScenarioTests {
  /// A reference, or a read lock, taken on every retry and never dropped: its count reaches the
  /// limit and the run says which count leaked, with the steps that took it (never a wrapped
  /// count or an overflow trap).
  @Test(arguments: [("get p", "p"), ("read_lock p", "p (read locks)")])
  func aCountTakenOnEveryRetryIsALeakNotAnOverflow(operation: String, leaked: String) throws {
    let leaking = try Simulator.run(
      Scenario(
        parsing:
          "scenario l\ncpus 1\npreempt none\nthread t {\n  loop {\n    \(operation)\n    retry\n  }\n}\n",
        file: "l.scenario"))
    #expect(leaking[0].verdict == .referenceLeak)
    #expect(leaking[0].leaked == leaked)
    #expect(leaking[0].trace.filter { $0.op == operation }.count == 255)
  }

  @Test func tenThousandNestedBlocksAreAnErrorNamingTheLine() throws {
    var text = "scenario deep\nthread t {\n"
    for _ in 0..<10_000 { text += "if f {\n" }
    for _ in 0..<10_000 { text += "}\n" }
    text += "}\n"
    let error = try #require(throws: ScenarioError.self) {
      try Scenario(parsing: text, file: "deep.scenario")
    }
    #expect(error.description.contains("nested more than 200 levels"))
    var trylocks = "scenario deep\nthread t {\n"
    for _ in 0..<10_000 { trylocks += "trylock l else {\n" }
    for _ in 0..<10_000 { trylocks += "}\n" }
    trylocks += "}\n"
    #expect(throws: ScenarioError.self) { try Scenario(parsing: trylocks, file: "deep.scenario") }
  }

  @Test func anEndlessTimeoutIsNoBoundButNoCrash() throws {
    let scenario = try ScenarioFiles.scenario("mmap-lock-recursion")
    let runs = try Simulator.run(scenario, bounds: SearchBounds(timeout: .infinity))
    #expect(runs.contains { $0.verdict == .deadlock })
  }

  @Test func aMemoryBoundEndsTheRunAsBoundReachedWithCounts() throws {
    let scenario = try ScenarioFiles.scenario("device-page-fault-race")
    let runs = try Simulator.run(
      scenario, variants: ["before"], preempt: [.none], bounds: SearchBounds(maxBytes: 1))
    #expect(runs.allSatisfy { $0.verdict == .boundReached && $0.states > 0 })
  }
}

/// A function whose paths branch deeper than the composer follows is named, not crashed on,
/// and the other functions' races still run.
@Suite struct DeepPathTests {
  @Test func tenThousandTrylocksOnOnePathAreNamedAndTheRestStillRuns() throws {
    var ops: [PathOp] = []
    for line in 0..<10_000 {
      var op = PathOp(op: .trylock, call: "trylock_page", object: "page", line: line + 1)
      op.outcome = line % 2 == 0 ? .acquired : .failed
      op.kind = .sleeping
      ops.append(op)
    }
    let side = FunctionPaths.Side(
      paths: [AnalysisPath(id: 1, ops: ops, exit: .return, returnValue: nil, retries: false)],
      source: .tree, truncated: false)
    let deep = FunctionPaths(name: "deep", file: "mm/x.c", before: side, after: side)
    let seed = try ScenarioFiles.paths("seed000-do_swap_page")
    let replay = try Simulator.replay(
      PathSet(functions: [deep] + seed.functions), contenders: ContenderTable.shipped(),
      preempt: [.none], cpus: [1])
    #expect(
      replay.problems.contains { $0.description.contains("the paths of deep branch more than 200") }
    )
    #expect(
      replay.changes.contains { $0.function == "do_swap_page" && $0.kind == .removesLivelock })
  }
}

/// A `retrier … when -EAGAIN` puts the function in its caller's loop for paths that return
/// that value, even when the analysis did not mark them retried.
@Suite struct RetrierTests {
  @Test func aCallerThatRetriesEAGAINTurnsAFailedTrylockIntoALivelock() throws {
    func op(_ kind: PathOp.Kind, _ outcome: PathOp.Outcome? = nil, line: Int) -> PathOp {
      var op = PathOp(
        op: kind, call: kind == .lock ? "folio_lock" : "folio_trylock", object: "folio", line: line)
      op.kind = .sleeping
      op.outcome = outcome
      if kind == .unlock { op.call = "folio_unlock" }
      return op
    }
    let before = AnalysisPath(
      id: 1, ops: [op(.lock, line: 10), op(.unlock, line: 12)], exit: .return, returnValue: "0",
      retries: false)
    let acquired = AnalysisPath(
      id: 1, ops: [op(.trylock, .acquired, line: 10), op(.unlock, line: 12)], exit: .return,
      returnValue: "0", retries: false)
    let failed = AnalysisPath(
      id: 2, ops: [op(.trylock, .failed, line: 10)], exit: .return, returnValue: "-EAGAIN",
      retries: false)
    let function = FunctionPaths(
      name: "move_one", file: "mm/x.c",
      before: .init(paths: [before], source: .tree, truncated: false),
      after: .init(paths: [acquired, failed], source: .tree, truncated: false))
    var table = try ContenderTable.shipped()
    let plain = try Simulator.replay(
      PathSet(functions: [function]), contenders: table, preempt: [.none])
    #expect(!plain.changes.contains { $0.kind == .introducesLivelock })
    try table.add(
      contentsOf: "retrier my_batch retries move_one when -EAGAIN from mm/x.c:my_batch\n",
      file: "mine.txt")
    let retried = try Simulator.replay(
      PathSet(functions: [function]), contenders: table, preempt: [.none])
    #expect(
      retried.changes.contains {
        $0.kind == .introducesLivelock && $0.contender == "migrate_device_unmap"
      })
  }
}
