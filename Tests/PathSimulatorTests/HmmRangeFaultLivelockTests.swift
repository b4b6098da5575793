import PathSimulator
import Testing

/// Seed 000: a faulting thread retries on a folio whose holder waits in lru_add_drain_all().
@Suite struct HmmRangeFaultLivelockTests {
  let runs: [Run]

  init() throws {
    runs = try Simulator.run(ScenarioFiles.scenario("hmm-range-fault-livelock"))
  }

  @Test func exploresEveryVariantUnderEveryModelOnOneAndTwoCPUs() {
    #expect(runs.count == 4 * 3 * 2)
    #expect(Set(runs.map(\.variant)) == ["before", "after", "cond_resched", "lock_page"])
  }

  @Test func beforeLivelocksWithoutFullPreemptionWhetherOrNotTheThreadsShareACPU() throws {
    for cpus in [1, 2] {
      #expect(try #require(runs.run("before", .none, cpus: cpus)).verdict == .livelock)
      #expect(try #require(runs.run("before", .voluntary, cpus: cpus)).verdict == .livelock)
      #expect(try #require(runs.run("before", .full, cpus: cpus)).verdict == .ok)
    }
  }

  @Test func theFixAndBothProposalsAreOkUnderEveryModel() {
    for run in runs where run.variant != "before" {
      #expect(run.verdict == .ok, "\(run.variant) \(run.preempt) \(run.cpus) cpus")
    }
  }

  @Test func everyVerdictIsTheOneTheScenarioExpects() {
    for run in runs {
      #expect(run.verdict == run.expected, "\(run.variant) \(run.preempt) \(run.cpus)")
    }
  }

  @Test func theLivelockTraceShowsTheDrainWorkStarvedOnTheSpinningCPU() throws {
    let run = try #require(runs.run("before", .none, cpus: 2))
    let cycleStart = try #require(run.cycleStart)
    let prefix = run.trace.prefix { $0.step < cycleStart }
    let cycle = run.trace.filter { $0.step >= cycleStart }
    #expect(prefix.contains { $0.thread == "migrate" && $0.op.hasPrefix("lru_add_drain_all") })
    #expect(!cycle.isEmpty && cycle.allSatisfy { $0.thread == "fault" && $0.cpu == 1 })
    #expect(cycle.contains { $0.op.hasPrefix("trylock folio: failed (held by migrate)") })
    #expect(run.starved.contains { $0.hasPrefix("kworker/1:") })
    #expect(run.starved.contains { $0.hasPrefix("migrate: sleeps at 'lru_add_drain_all'") })
  }

  @Test func onASharedCPUTheSpinnerKeepsTheCPUFromTheQueuedWork() throws {
    let run = try #require(runs.run("before", .voluntary, cpus: 1))
    #expect(run.starved.contains { $0.hasPrefix("kworker/0:") })
    #expect(run.trace.allSatisfy { $0.cpu == 0 })
  }

  @Test func lockPageProposalNeverDeadlocks() {
    let proposal = runs.filter { $0.variant == "lock_page" }
    #expect(proposal.count == 6)
    #expect(proposal.allSatisfy { $0.verdict != .deadlock && $0.verdict != .livelock })
  }

  @Test func realTimePreemptionAlsoBreaksTheLivelock() throws {
    let rt = try Simulator.run(
      ScenarioFiles.scenario("hmm-range-fault-livelock"), variants: ["before"], preempt: [.rt])
    #expect(rt.map(\.verdict) == [.ok, .ok])
  }
}
