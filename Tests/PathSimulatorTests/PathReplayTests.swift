import Foundation
import PathFormat
import PathSimulator
import Testing

/// Paths exported in the PATHS.md format, spliced into seed 000's scenario, decide
/// exactly as the hand-written variants do.
@Suite struct PathReplayTests {
  let handWritten: [Run]

  init() throws {
    handWritten = try Simulator.run(ScenarioFiles.scenario("hmm-range-fault-livelock"))
  }

  private func verdicts(_ runs: [Run], variant: String) -> [String] {
    runs.filter { $0.variant == variant }.map { "\($0.preempt) \($0.cpus) \($0.verdict)" }
  }

  @Test func seed000PathsReplayTheBeforeLivelockAndTheFix() throws {
    let replay = try Simulator.run(
      ScenarioFiles.scenario("hmm-range-fault-replay"),
      paths: ScenarioFiles.paths("seed000-do_swap_page"))
    #expect(verdicts(replay, variant: "before") == verdicts(handWritten, variant: "before"))
    #expect(verdicts(replay, variant: "after") == verdicts(handWritten, variant: "after"))
    #expect(replay.contains { $0.verdict == .livelock })
  }

  @Test func seed002TrylockPathIsTheLivelockSeed000Fixes() throws {
    let replay = try Simulator.run(
      ScenarioFiles.scenario("hmm-range-fault-replay"),
      paths: ScenarioFiles.paths("seed002-do_swap_page"),
      variants: ["after"])
    #expect(verdicts(replay, variant: "after") == verdicts(handWritten, variant: "before"))
  }

  @Test func seed002BeforePathNeverWaitsForTheFolioLock() throws {
    let replay = try Simulator.run(
      ScenarioFiles.scenario("hmm-range-fault-replay"),
      paths: ScenarioFiles.paths("seed002-do_swap_page"),
      variants: ["before"])
    #expect(replay.allSatisfy { $0.verdict == .ok })
  }

  @Test func replayedStepsCarryTheirSourceLines() throws {
    let replay = try Simulator.run(
      ScenarioFiles.scenario("hmm-range-fault-replay"),
      paths: ScenarioFiles.paths("seed000-do_swap_page"),
      variants: ["before"], preempt: [.none], cpus: [2])
    let trace = try #require(replay.first).trace
    let trylock = try #require(trace.first { $0.op.hasPrefix("trylock_page(vmf->page): failed") })
    #expect(trylock.file == "mm/memory.c" && trylock.line == 4677)
    #expect(trace.contains { $0.op == "pte_unmap_unlock(vmf->ptl)" && $0.line == 4687 })
  }

  @Test func theViaFilterDropsPathsOutsideTheBranch() throws {
    let text = """
      scenario filter
      thread fault {
        loop {
          paths do_swap_page after via migrate_to_ram
          break
        }
      }
      """
    let scenario = try Scenario(parsing: text, file: "filter.scenario")
    let runs = try Simulator.run(
      scenario, paths: ScenarioFiles.paths("seed000-do_swap_page"), preempt: [.none])
    #expect(runs.allSatisfy { $0.verdict == .ok })
  }

  @Test func aMissingExportIsAnErrorNamingTheLine() throws {
    let scenario = try ScenarioFiles.scenario("hmm-range-fault-replay")
    let error = try #require(throws: ScenarioError.self) { try Simulator.run(scenario) }
    #expect(
      error.description.hasSuffix(
        "hmm-range-fault-replay.scenario:24: 'paths do_swap_page before' needs a path export (--paths FILE)"
      ))
  }

  @Test func malformedExportNamesTheMissingKey() throws {
    let error = try #require(throws: PathFormatError.self) {
      try PathSet(json: Data(#"{"functions": [{"name": "f"}]}"#.utf8), file: "bad.json")
    }
    #expect(error.description == "bad.json: missing key 'file' at .functions[0]")
  }

  @Test func anExportOfANewerSchemaIsRefusedByName() throws {
    let error = try #require(throws: PathFormatError.self) {
      try PathSet(json: Data(#"{"schema": 99, "functions": []}"#.utf8), file: "new.json")
    }
    #expect(error.description.contains("schema 99 is newer"))
  }
}

/// A retrying caller's `resolved-by` names every call after which it has nothing to retry:
/// `hmm_range_fault()` walks again after any fault, but a fault that installed its PTE
/// (`set_ptes()`) leaves the next walk nothing to fault on.
@Suite struct ResolvingCallTests {
  static let export = #"""
    {"schema": 1, "functions": [{"name": "fault", "file": "mm/memory.c",
      "after": {"source": "tree", "truncated": false, "paths": [
        {"id": 1, "ops": [{"op": "call", "call": "set_ptes", "line": 10},
          {"op": "return", "value": "0", "line": 11}],
         "exit": "return", "returnValue": "0", "retries": true}]}}]}
    """#

  private func verdict(resolvedBy: String) throws -> Verdict? {
    let text = """
      scenario resolving
      cpus 1
      preempt none
      thread walk {
        loop {
          paths fault after resolved-by \(resolvedBy)
          break
        }
        progress "walk done"
      }
      """
    let paths = try PathSet(json: Data(Self.export.utf8), file: "resolving.json")
    return try Simulator.run(Scenario(parsing: text, file: "resolving"), paths: paths).first?
      .verdict
  }

  @Test func aFaultThatInstalledItsPTEIsNotRetried() throws {
    #expect(try verdict(resolvedBy: "migrate_to_ram,set_ptes") == .ok)
  }

  @Test func aFaultResolvedByNoneOfTheCallsIsRetriedForever() throws {
    #expect(try verdict(resolvedBy: "migrate_to_ram") == .livelock)
  }

  @Test func theShippedFaultRetrierIsResolvedByInstallingThePTE() throws {
    let retrier = try #require(
      try ContenderTable.shipped().retriers.first { $0.name == "hmm_range_fault" })
    #expect(retrier.resolvedBy == ["migrate_to_ram", "set_pte_at", "set_ptes"])
  }
}
