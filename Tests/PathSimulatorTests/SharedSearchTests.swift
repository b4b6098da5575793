import PathFormat
import Testing

@testable import PathSimulator

/// A replay searches each program shape once: the runs it answers from an earlier search are
/// the runs their own searches would give, in their own names.
@Suite struct SharedSearchTests {
  private func summary(_ run: Run) -> String {
    let trace = run.trace.map { "\($0.thread): \($0.op) \($0.file ?? "") \($0.line ?? 0)" }
    return "\(run.verdict) \(run.states) \(run.transitions) \(run.cycleStart ?? -1) "
      + "\(run.starved) \(run.leaked ?? "-") \(trace)"
  }

  @Test func everySharedRunIsTheRunItsOwnSearchGives() throws {
    let paths = try ScenarioFiles.paths("seed002-do_swap_page")
    let contenders = try ContenderTable.shipped()
    let replay = try Simulator.replay(paths, contenders: contenders)
    var cache = SearchCache()
    var compared = 0
    for race in replay.composed {
      for variant in race.scenario.variantNames {
        for cpus in race.scenario.cpus {
          let program = try Compiler.compile(
            race.scenario, variant: variant, cpus: cpus, paths: nil)
          for model in race.scenario.preempt {
            var alone = SearchCache()
            let separate = Simulator.explore(
              program, key: ProgramKey(program), model: model, bounds: SearchBounds(),
              cache: &alone)
            let shared = try #require(
              replay.runs.first {
                $0.scenario == race.scenario.name && $0.variant == variant && $0.cpus == cpus
                  && $0.preempt == model
              })
            #expect(summary(shared) == summary(separate), "\(race.scenario.name) \(variant)")
            _ = Simulator.explore(
              program, key: ProgramKey(program), model: model, bounds: SearchBounds(),
              cache: &cache)
            compared += 1
          }
        }
      }
    }
    #expect(compared == replay.runs.count)
    #expect(cache.shared > compared / 4, "contenders with one body, rt as full: \(cache.shared)")
  }

  @Test func contendersWithTheSameBodyShareOneSearch() throws {
    let scenario = try Scenario(
      parsing: """
        scenario twins
        cpus 2
        preempt none
        variant flush {
          thread flush_work on cpu 0 {
            lock folio
            lru_add_drain_all
            unlock folio
            progress "work flushed"
          }
        }
        variant rcu {
          thread synchronize_rcu on cpu 0 {
            lock folio
            lru_add_drain_all
            unlock folio
            progress "grace period over"
          }
        }
        """, file: "twins.scenario")
    var cache = SearchCache()
    let runs = try Simulator.run(scenario, bounds: SearchBounds(), cache: &cache)
    #expect(cache.shared == 1)
    #expect(runs[0].states == runs[1].states)
    #expect(runs.map(\.variant) == ["flush", "rcu"])
  }

  @Test func rtIsFullForAProgramWithoutSpinlocksAndVoluntaryIsNoneWithoutSleepingPoints() throws {
    func program(_ body: String) throws -> Program {
      let scenario = try Scenario(
        parsing: "scenario s\nthread t {\n\(body)\n}\n", file: "s.scenario")
      return try Compiler.compile(scenario, variant: "main", cpus: 1, paths: nil)
    }
    let sleeping = try program("lock a\nunlock a")
    #expect(Machine.behaviour(of: .rt, for: sleeping) == .full)
    #expect(Machine.behaviour(of: .voluntary, for: sleeping) == .voluntary)
    let spinning = try program("spin_lock a\nspin_unlock a")
    #expect(Machine.behaviour(of: .rt, for: spinning) == .rt)
    #expect(Machine.behaviour(of: .voluntary, for: spinning) == .none)
  }
}

/// A long search says how far it got, so that a terminal can show it.
@Suite struct SearchProgressTests {
  @Test func aLongSearchReportsItsStatesAsItGoes() throws {
    var text = "scenario big\ncpus 5\npreempt none\n"
    for page in 0..<2 {
      text += """
        thread migrate\(page) on cpu \(2 * page) {
          lock folio\(page)
          lru_add_drain_all
          unlock folio\(page)
          progress "migration done"
        }
        thread fault\(page) on cpu \(2 * page + 1) {
          loop {
            spin_lock ptl\(page)
            trylock folio\(page) else {
              wait_unlocked folio\(page) releasing ptl\(page)
              retry
            }
            spin_unlock ptl\(page)
            unlock folio\(page)
            break
          }
          progress "fault resolved"
        }

        """
    }
    var seen: [Int] = []
    let runs = try Simulator.run(Scenario(parsing: text, file: "big.scenario")) { seen.append($0) }
    #expect(runs[0].verdict == .ok)
    #expect(runs[0].states > Explorer.progressInterval)
    #expect(!seen.isEmpty)
    #expect(seen == seen.sorted() && seen.allSatisfy { $0 <= runs[0].states })
  }
}
