import PathSimulator
import Testing

/// A `choose` stands for a condition the paths do not model. A cycle that only a choice keeps
/// going, with no task waiting on it, is no livelock; one a task waits on still is.
@Suite struct ChosenCycleTests {
  /// Real 6.1 `do_swap_page()`'s `out_nomap:` path (the PTE changed under the fault) returns
  /// to `hmm_range_fault()`, which faults again: alone on its CPU, a fault that chose that
  /// path every time was read as a livelock of the unpatched kernel.
  static let retryByChoice = """
    scenario retry-by-choice
    cpus 1
    preempt none
    thread fault on cpu 0 {
      loop {
        choose {
          cond_resched
          retry
        } or {
        }
        break
      }
      progress "fault done"
    }
    """

  @Test func aRetryOnlyAChoiceRepeatsIsNoLivelock() throws {
    let scenario = try Scenario(parsing: Self.retryByChoice, file: "chosen")
    let run = try #require(try Simulator.run(scenario).first)
    #expect(run.verdict == .ok)
    #expect(run.states > 2, "the retry was explored")
  }

  /// A fault that chose to try the folio lock while migration sleeps in
  /// `lru_add_drain_all()` holding it: migration's work waits for the CPU the fault never gives
  /// up, so the cycle has a starved task and stays a livelock, chosen or not (seed 002).
  @Test func aChosenRetryThatStarvesAWaiterIsStillALivelock() throws {
    let text = """
      scenario starving
      cpus 1
      preempt none
      thread migration on cpu 0 {
        lock folio
        lru_add_drain_all
        unlock folio
        progress "migration done"
      }
      thread fault on cpu 0 {
        loop {
          choose {
            trylock folio else retry
            unlock folio
            retry
          } or {
          }
          break
        }
        progress "fault done"
      }
      """
    let run = try #require(try Simulator.run(Scenario(parsing: text, file: "starving")).first)
    #expect(run.verdict == .livelock)
    #expect(run.starved.contains { $0.hasPrefix("kworker/0") })
  }

  /// A retry forced by the state (a trylock that keeps failing) is judged as before: no
  /// alternative leaves the cycle.
  @Test func aRetryTheStateForcesIsStillALivelock() throws {
    let text = """
      scenario forced
      cpus 2
      preempt none
      thread holder on cpu 0 {
        lock folio
      }
      thread fault on cpu 1 {
        loop {
          trylock folio else retry
          unlock folio
          break
        }
        progress "fault done"
      }
      """
    let run = try #require(try Simulator.run(Scenario(parsing: text, file: "forced")).first)
    #expect(run.verdict == .livelock)
  }
}
