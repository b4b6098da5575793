import Foundation
import PathFormat

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
    _ scenario: Scenario, paths: PathSet? = nil, variants: [String]? = nil,
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

  /// Replays a patch: composes its races (``Composer``) and runs each, before and after,
  /// under every configuration; the changes compare the two sides of each configuration.
  /// `progress` is called after each scenario with the number done and the total.
  public static func replay(
    _ paths: PathSet, contenders: ContenderTable, preempt: [PreemptionModel]? = nil,
    cpus: [Int]? = nil, bounds: SearchBounds = SearchBounds(),
    progress: (Int, Int) -> Void = { _, _ in }
  ) throws(ScenarioError) -> PatchReplay {
    var composer = Composer(paths: paths, contenders: contenders)
    if let preempt { composer.preempt = preempt }
    if let cpus { composer.cpus = cpus }
    let (composed, problems) = composer.compose()
    var runs: [Run] = []
    var changes: [Change] = []
    for (done, race) in composed.enumerated() {
      let raced = try run(race.scenario, bounds: bounds)
      runs += raced
      for after in raced where after.variant == "after" {
        guard
          let before = raced.first(where: {
            $0.variant == "before" && $0.preempt == after.preempt && $0.cpus == after.cpus
          })
        else { continue }
        changes.append(Change.between(before: before, after: after, in: race))
      }
      progress(done + 1, composed.count)
    }
    return PatchReplay(composed: composed, runs: runs, changes: changes, problems: problems)
  }

  static func explore(_ program: Program, model: PreemptionModel, bounds: SearchBounds) -> Run {
    let started = ContinuousClock.now
    let machine = Machine(program: program, model: model)
    let graph = Explorer(machine: machine, bounds: bounds).explore()
    assert(graph.deadlock == nil || graph.leak == nil, "the search stops at the first of the two")
    let traces = TraceBuilder(machine: machine, graph: graph)
    var run = Run(
      scenario: "", variant: "", preempt: model, cpus: program.cpus, verdict: .ok, expected: nil,
      states: graph.store.count, transitions: graph.transitions, seconds: 0, trace: [],
      cycleStart: nil,
      starved: [])
    if let deadlock = graph.deadlock {
      run.verdict = .deadlock
      run.trace = traces.steps(along: traces.prefix(to: deadlock), numberedFrom: 1)
    } else if let leak = graph.leak {
      run.verdict = .referenceLeak
      run.trace = traces.steps(along: traces.prefix(to: leak.state), numberedFrom: 1)
      run.leaked = program.objectNames[leak.object]
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
