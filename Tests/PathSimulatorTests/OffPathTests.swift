import Foundation
import PathSimulator
import TestSupport
import Testing

/// A spliced path writes `impossible` for an outcome the walk found on no path. A thread that
/// reaches such an outcome has left what the patch's paths describe: the search goes on with
/// the other threads, but no verdict rests on the states where it stands there.
@Suite struct OffPathTests {
  /// `Fixtures/scenarios/drain-beside-impossible-failure.scenario`: `deferred_split_scan()`'s
  /// shape on real 6.12, a second `folio_trylock()` whose failure the paths never take while
  /// the contender waits for the CPU it stands on.
  static func drainBesideAnImpossibleFailure() throws -> String {
    try String(
      contentsOf: Paths.packageRoot.appendingPathComponent(
        "Fixtures/scenarios/drain-beside-impossible-failure.scenario"),
      encoding: .utf8)
  }

  @Test func aThreadAtAnOutcomeItsPathsNeverTakeEndsNoRunInADeadlock() throws {
    let scenario = try Scenario(
      parsing: try Self.drainBesideAnImpossibleFailure(), file: "off-path")
    let run = try #require(try Simulator.run(scenario).first)
    #expect(run.verdict == .ok)
    #expect(run.offPathStates > 0)
    #expect(run.states > run.offPathStates, "the search went on past the stuck thread")
  }

  /// The same contender against a scan whose failure path is written out: no state is off
  /// the paths, and the run is decided on all of them.
  @Test func aWrittenOutFailureLeavesNoStateOut() throws {
    let text = try Self.drainBesideAnImpossibleFailure().replacingOccurrences(
      of: "  impossible\n", with: "  cond_resched\n")
    #expect(text.contains("cond_resched"))
    let run = try #require(try Simulator.run(Scenario(parsing: text, file: "on-path")).first)
    #expect(run.verdict == .ok)
    #expect(run.offPathStates == 0)
  }

  /// Off-path states along the way do not hide a deadlock that ends where every thread is
  /// on its paths: `second` stands at an impossible success while `a` is free, then fails
  /// once `first` holds it and takes the two locks in the other order.
  @Test func aDeadlockReachedPastOffPathStatesIsStillFound() throws {
    let text = ExplorerTests.abba.replacingOccurrences(
      of: "thread second on cpu 1 {\n  lock b\n  lock a\n  unlock a\n  unlock b\n}",
      with: """
        thread second on cpu 1 {
          trylock a {
            impossible
          } else {
            lock b
            lock a
            unlock a
            unlock b
          }
        }
        """)
    #expect(text.contains("trylock a"))
    let run = try #require(try Simulator.run(Scenario(parsing: text, file: "abba")).first)
    #expect(run.verdict == .deadlock)
    #expect(run.offPathStates > 0)
    #expect(run.trace.last?.op.contains("sleeps") == true)
  }

  /// Real 6.1 `do_swap_page()` takes the folio lock in `folio_lock_or_retry()`, which the
  /// paths do not show, and releases `swapcache` on its way out: a release of the lock the
  /// contender holds. Read as freeing it, the fault stole the contender's lock (and went on as
  /// if it had been free); it stands instead, off its paths, until the contender lets go.
  @Test func aReleaseOfALockAnotherThreadHoldsIsOffThePaths() throws {
    let text = """
      scenario unlock-of-a-held-lock
      cpus 1
      preempt none
      thread contender on cpu 0 {
        lock swapcache
        lru_add_drain_all
        unlock swapcache
      }
      thread fault on cpu 0 {
        unlock swapcache
        lock swapcache
        unlock swapcache
        progress "fault done"
      }
      """
    let run = try #require(try Simulator.run(Scenario(parsing: text, file: "held")).first)
    #expect(run.verdict == .ok)
    #expect(run.offPathStates > 0)
  }
}
