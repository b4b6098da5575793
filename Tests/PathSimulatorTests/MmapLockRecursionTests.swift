import PathSimulator
import Testing

/// Seed 004: mmap_read_lock() taken twice by one task while a writer queues.
@Suite struct MmapLockRecursionTests {
  let runs: [Run]

  init() throws {
    runs = try Simulator.run(ScenarioFiles.scenario("mmap-lock-recursion"))
  }

  @Test func recursiveReadLockDeadlocksBehindAQueuedWriterInThreeSteps() throws {
    for run in runs where run.variant == "recursive" {
      #expect(run.verdict == .deadlock)
      #expect(run.trace.count == 3)
    }
    let trace = try #require(runs.first { $0.variant == "recursive" }).trace
    #expect(trace.map(\.thread) == ["hmm-tests", "writer", "hmm-tests"])
    #expect(trace[0].line == 1267 && trace[0].file == "lib/test_hmm.c")
    #expect(trace[1].op.contains("queues as a writer"))
    #expect(trace[2].line == 368 && trace[2].op.contains("sleeps behind a queued writer"))
  }

  @Test func oneReadLockIsOk() {
    let single = runs.filter { $0.variant == "single" }
    #expect(single.count == 3)
    #expect(single.allSatisfy { $0.verdict == .ok })
  }
}
