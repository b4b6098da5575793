import PathSimulator
import Testing

/// Seed 002: three faults on one device page, each holding a reference that aborts the others' migration.
@Suite struct DevicePageFaultRaceTests {
  let runs: [Run]

  init() throws {
    runs = try Simulator.run(ScenarioFiles.scenario("device-page-fault-race"))
  }

  @Test func referencesTakenWithoutThePageLockLivelockThreeFaults() {
    let before = runs.filter { $0.variant == "before" }
    #expect(before.count == 3)
    #expect(before.allSatisfy { $0.verdict == .livelock && $0.cpus == 3 })
  }

  @Test func onTheLivelockCycleEveryMigrationAbortsAndNoneCompletes() throws {
    let run = try #require(runs.first { $0.variant == "before" })
    let cycle = run.trace.filter { $0.step >= (run.cycleStart ?? Int.max) }
    #expect(cycle.contains { $0.op.contains("aborted") })
    #expect(
      !cycle.contains { $0.op.hasSuffix("as expected, migrated") || $0.op.hasPrefix("progress") })
    #expect(Set(cycle.map(\.thread)) == ["fault1", "fault2", "fault3"])
  }

  @Test func trylockBeforeTheReferenceLetsOneMigrationComplete() {
    let after = runs.filter { $0.variant == "after" }
    #expect(after.count == 3)
    #expect(after.allSatisfy { $0.verdict == .ok && $0.trace.isEmpty })
  }
}
