import Foundation

/// Explores scenarios: one run per variant × preemption model × CPU count.
///
/// ```
/// let scenario = try Scenario(parsing: text, file: "hmm-range-fault-livelock.scenario")
/// for run in try Simulator.run(scenario) where run.verdict != .ok { print(run.trace) }
/// ```
public enum Simulator {
  /// Runs every configuration of `scenario`, or those selected, splicing `paths`
  /// (exported by `lockstep analyze --paths --json`) where a body says `paths F before|after`.
  public static func run(
    _ scenario: Scenario, paths: PathExport? = nil, variants: [String]? = nil,
    preempt: [PreemptionModel]? = nil, cpus: [Int]? = nil, bounds: SearchBounds = SearchBounds()
  ) throws(ScenarioError) -> [Run] {
    let selected = variants ?? scenario.variantNames
    for name in selected where !scenario.variantNames.contains(name) {
      throw ScenarioError(
        file: scenario.file, line: nil,
        message: "no variant '\(name)' (variants: \(scenario.variantNames.joined(separator: ", ")))"
      )
    }
    var runs: [Run] = []
    for variant in selected {
      for count in cpus ?? scenario.cpus {
        let program = try Compiler.compile(scenario, variant: variant, cpus: count, paths: paths)
        for model in preempt ?? scenario.preempt {
          var run = explore(program, model: model, bounds: bounds)
          run.scenario = scenario.name
          run.variant = variant
          run.expected = scenario.expectedVerdict(variant: variant, preempt: model, cpus: count)
          runs.append(run)
        }
      }
    }
    return runs
  }

  /// Replays a patch: runs every scenario that splices a function the export contains,
  /// with the export's before and after paths, e.g. for `lockstep simulate --patch`.
  public static func replay(
    _ export: PathExport, in scenarios: [Scenario], bounds: SearchBounds = SearchBounds()
  ) throws(ScenarioError) -> [Run] {
    let exported = Set(export.functions.map(\.name))
    var runs: [Run] = []
    for scenario in scenarios where scenario.replayedFunctions.contains(where: exported.contains) {
      runs += try run(scenario, paths: export, bounds: bounds)
    }
    return runs
  }

  static func explore(_ program: Program, model: PreemptionModel, bounds: SearchBounds) -> Run {
    let started = ContinuousClock.now
    let machine = Machine(program: program, model: model)
    let graph = Explorer(machine: machine, bounds: bounds).explore()
    let traces = TraceBuilder(machine: machine, graph: graph)
    var run = Run(
      scenario: "", variant: "", preempt: model, cpus: program.cpus, verdict: .ok, expected: nil,
      states: graph.store.count, transitions: graph.transitions, seconds: 0, trace: [],
      cycleStart: nil,
      starved: [])
    if let deadlock = graph.deadlock {
      run.verdict = .deadlock
      run.trace = traces.steps(along: traces.prefix(to: deadlock), numberedFrom: 1)
    } else if graph.boundReached {
      run.verdict = .boundReached
    } else if let (states, taken) = FairCycleSearch(graph: graph).find() {
      run.verdict = .livelock
      let entry = states[0]
      let prefix = traces.steps(along: traces.prefix(to: entry), numberedFrom: 1)
      let cycle = traces.cycle(from: entry, within: states, taken: taken)
      run.trace = prefix + traces.steps(along: cycle, numberedFrom: prefix.count + 1)
      run.cycleStart = prefix.count + 1
      run.starved = traces.starved(on: cycle, taken: taken)
    }
    let elapsed = ContinuousClock.now - started
    run.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return run
  }
}
