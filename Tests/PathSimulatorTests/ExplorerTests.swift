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

  @Test func reductionSavesStatesOnLocalSteps() throws {
    let text = """
      scenario local
      cpus 2
      preempt none
      thread a on cpu 0 {
        call one
        call two
        call three
      }
      thread b on cpu 1 {
        call one
        call two
        call three
      }
      """
    let scenario = try Scenario(parsing: text, file: "local")
    let reduced = try #require(try Simulator.run(scenario).first)
    let full = try #require(
      try Simulator.run(scenario, bounds: SearchBounds(partialOrderReduction: false)).first)
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
