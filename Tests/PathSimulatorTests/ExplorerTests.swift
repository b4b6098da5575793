import PathSimulator
import Testing

/// The explorer on small models: deadlocks, bounds, and partial-order reduction.
@Suite struct ExplorerTests {
  static let abba = """
    scenario abba
    cpus 2
    preempt none
    thread first on cpu 0 {
      lock a
      lock b
      unlock b
      unlock a
    }
    thread second on cpu 1 {
      lock b
      lock a
      unlock a
      unlock b
    }
    """

  @Test func twoThreadsTakingTwoLocksInOppositeOrderDeadlock() throws {
    let run = try #require(try Simulator.run(Scenario(parsing: Self.abba, file: "abba")).first)
    #expect(run.verdict == .deadlock)
    #expect(
      run.trace.map(\.op) == [
        "lock a", "lock b", "lock b: sleeps (held by second)", "lock a: sleeps (held by first)",
      ])
  }

  @Test func spinlocksTakenInOppositeOrderDeadlockAsBusyWaits() throws {
    let text = Self.abba.replacingOccurrences(of: "lock ", with: "spin_lock ")
      .replacingOccurrences(of: "unspin_lock", with: "spin_unlock")
    let run = try #require(try Simulator.run(Scenario(parsing: text, file: "abba-spin")).first)
    #expect(run.verdict == .deadlock)
    #expect(run.trace.count == 2)
  }

  @Test func sameOrderIsOk() throws {
    let text = Self.abba.replacingOccurrences(
      of: "  lock b\n  lock a\n  unlock a\n  unlock b",
      with: "  lock a\n  lock b\n  unlock b\n  unlock a")
    let run = try #require(try Simulator.run(Scenario(parsing: text, file: "ab-ab")).first)
    #expect(run.verdict == .ok)
  }

  @Test func maxStatesEndsTheRunWithBoundReachedAndItsCounts() throws {
    let scenario = try ScenarioFiles.scenario("device-page-fault-race")
    let run = try #require(
      try Simulator.run(
        scenario, variants: ["before"], preempt: [.none], bounds: SearchBounds(maxStates: 100)
      ).first)
    #expect(run.verdict == .boundReached)
    #expect(run.states > 100 && run.states < 2_000)
    #expect(run.transitions > 0 && run.trace.isEmpty)
  }

  @Test func partialOrderReductionNeverChangesAVerdictAndNeverAddsStates() throws {
    for name in ScenarioFiles.shippedNames {
      let scenario = try ScenarioFiles.scenario(name)
      let paths = try ScenarioFiles.defaultPaths(of: scenario)
      let reduced = try Simulator.run(scenario, paths: paths)
      let full = try Simulator.run(
        scenario, paths: paths, bounds: SearchBounds(partialOrderReduction: false))
      #expect(reduced.map(\.verdict) == full.map(\.verdict), "\(name)")
      #expect(zip(reduced, full).allSatisfy { $0.states <= $1.states }, "\(name)")
    }
  }

  /// The composed races of the seeds' patches (every race, both CPU counts, all four models)
  /// give the same verdict and change with and without the reduction, which explores a step on
  /// an object only one thread names (a fault's PTL) alone.
  @Test(arguments: ["seed000-do_swap_page", "seed002-do_swap_page"])
  func reductionKeepsEveryVerdictOfTheSeedsComposedRaces(export: String) throws {
    let paths = try ScenarioFiles.paths(export)
    let contenders = try ContenderTable.shipped()
    let reduced = try Simulator.replay(paths, contenders: contenders)
    let full = try Simulator.replay(
      paths, contenders: contenders, bounds: SearchBounds(partialOrderReduction: false))
    #expect(reduced.runs.count == full.runs.count)
    for (small, whole) in zip(reduced.runs, full.runs) {
      #expect(small.verdict == whole.verdict, "\(small.scenario) \(small.variant) \(small.preempt)")
      #expect(small.states <= whole.states)
    }
    #expect(reduced.changes.map(\.kind) == full.changes.map(\.kind))
    #expect(reduced.runs.map(\.states).reduce(0, +) < full.runs.map(\.states).reduce(0, +))
  }

  /// Threads `a` and `b` on two CPUs under `none`, searched with and without the reduction.
  private func reducedAndFull(a: [String], b: [String]) throws -> (reduced: Run, full: Run) {
    func thread(_ name: String, _ cpu: Int, _ body: [String]) -> String {
      "thread \(name) on cpu \(cpu) {\n" + body.map { "  \($0)\n" }.joined() + "}\n"
    }
    let text = "scenario s\ncpus 2\npreempt none\n" + thread("a", 0, a) + thread("b", 1, b)
    let scenario = try Scenario(parsing: text, file: "s.scenario")
    let reduced = try #require(try Simulator.run(scenario).first)
    let full = try #require(
      try Simulator.run(scenario, bounds: SearchBounds(partialOrderReduction: false)).first)
    return (reduced, full)
  }

  @Test func aStepOnAnObjectNoOtherThreadNamesIsExploredAlone() throws {
    let (reduced, full) = try reducedAndFull(
      a: ["spin_lock mine", "spin_unlock mine", "lock shared", "unlock shared"],
      b: ["lock shared", "unlock shared"])
    #expect(reduced.verdict == full.verdict)
    #expect(reduced.states < full.states)
  }

  @Test func reductionSavesStatesOnLocalSteps() throws {
    let calls = ["call one", "call two", "call three"]
    let (reduced, full) = try reducedAndFull(a: calls, b: calls)
    #expect(full.states == 16)
    #expect(reduced.states < full.states)
    #expect(reduced.verdict == .ok && full.verdict == .ok)
  }

  @Test func aThreadSpinningOnItsOwnTrylockWithoutProgressIsALivelock() throws {
    let text = """
      scenario self
      cpus 1
      preempt full
      thread holder on cpu 0 {
        lock page
        loop {
          trylock page else retry
        }
      }
      """
    let run = try #require(try Simulator.run(Scenario(parsing: text, file: "self")).first)
    #expect(run.verdict == .livelock)
    #expect(run.cycleStart == 2)
  }
}

extension ExplorerTests {
  @Test func aTimeoutEndsTheRunWithBoundReached() throws {
    let scenario = try ScenarioFiles.scenario("device-page-fault-race")
    let run = try #require(
      try Simulator.run(
        scenario, variants: ["after"], preempt: [.full], bounds: SearchBounds(timeout: 1e-9)
      ).first)
    #expect(run.verdict == .boundReached)
    #expect(run.states >= 1)
  }
}
