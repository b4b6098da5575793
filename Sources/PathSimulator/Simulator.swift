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
  /// `progress` is called now and then during a long search with the states stored so far.
  public static func run(
    _ scenario: Scenario, paths: PathSet? = nil, variants: [String]? = nil,
    preempt: [PreemptionModel]? = nil, cpus: [Int]? = nil, bounds: SearchBounds = SearchBounds(),
    progress: (Int) -> Void = { _ in }
  ) throws(ScenarioError) -> [Run] {
    var cache = SearchCache()
    return try run(
      scenario, paths: paths, variants: variants, preempt: preempt, cpus: cpus, bounds: bounds,
      cache: &cache, progress: progress)
  }

  static func run(
    _ scenario: Scenario, paths: PathSet? = nil, variants: [String]? = nil,
    preempt: [PreemptionModel]? = nil, cpus: [Int]? = nil, bounds: SearchBounds,
    cache: inout SearchCache, progress: (Int) -> Void = { _ in }
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
          var run = explore(
            program, model: model, bounds: bounds, cache: &cache, progress: progress)
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
  /// `progress` is called after each scenario with the number done and the total,
  /// `searching` now and then during a long search with the states stored so far.
  public static func replay(
    _ paths: PathSet, contenders: ContenderTable, preempt: [PreemptionModel]? = nil,
    cpus: [Int]? = nil, bounds: SearchBounds = SearchBounds(),
    progress: (Int, Int) -> Void = { _, _ in }, searching: (Int) -> Void = { _ in }
  ) throws(ScenarioError) -> PatchReplay {
    var composer = Composer(paths: paths, contenders: contenders)
    if let preempt { composer.preempt = preempt }
    if let cpus { composer.cpus = cpus }
    let (composed, problems) = composer.compose()
    var runs: [Run] = []
    var changes: [Change] = []
    // Races often share searches: contenders with the same body, a function the patch leaves
    // alone on an object, preemption models the program cannot tell apart.
    var cache = SearchCache()
    for (done, race) in composed.enumerated() {
      let raced = try run(race.scenario, bounds: bounds, cache: &cache, progress: searching)
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

  /// The run of `program` under `model`: the search, or the outcome of an earlier search of
  /// a program of the same shape in `cache`, described in this program's names.
  static func explore(
    _ program: Program, model: PreemptionModel, bounds: SearchBounds, cache: inout SearchCache,
    progress: (Int) -> Void = { _ in }
  ) -> Run {
    let started = ContinuousClock.now
    let machine = Machine(program: program, model: model)
    let outcome = cache.outcome(of: program, model: model) {
      search(machine, bounds: bounds, progress: progress)
    }
    let traces = TraceBuilder(machine: machine)
    var run = Run(
      scenario: "", variant: "", preempt: model, cpus: program.cpus, verdict: outcome.verdict,
      expected: nil, states: outcome.states, transitions: outcome.transitions, seconds: 0,
      trace: traces.steps(along: outcome.prefix, numberedFrom: 1), cycleStart: nil, starved: [])
    if outcome.verdict == .livelock {
      run.cycleStart = run.trace.count + 1
      run.trace += traces.steps(along: outcome.cycle, numberedFrom: run.trace.count + 1)
      if let entry = outcome.cycle.first {
        run.starved = traces.starved(at: entry, taken: outcome.taken)
      }
    }
    run.leaked = outcome.leak.map(machine.describe)
    let elapsed = ContinuousClock.now - started
    run.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return run
  }

  /// Explores `machine`'s states and says what it found, as states.
  private static func search(
    _ machine: Machine, bounds: SearchBounds, progress: (Int) -> Void
  ) -> SearchOutcome {
    let graph = Explorer(machine: machine, bounds: bounds).explore(progress: progress)
    assert(graph.deadlock == nil || graph.leak == nil, "the search stops at the first of the two")
    var outcome = SearchOutcome(
      verdict: .ok, states: graph.store.count, transitions: graph.transitions)
    if let deadlock = graph.deadlock {
      outcome.verdict = .deadlock
      outcome.prefix = graph.words(of: graph.prefix(to: deadlock))
    } else if let leak = graph.leak {
      outcome.verdict = .referenceLeak
      outcome.prefix = graph.words(of: graph.prefix(to: leak.state))
      outcome.leak = leak.what
    } else if graph.boundReached {
      outcome.verdict = .boundReached
    } else if let (states, taken) = FairCycleSearch(graph: graph).find() {
      outcome.verdict = .livelock
      let entry = states[0]
      outcome.prefix = graph.words(of: graph.prefix(to: entry))
      outcome.cycle = graph.words(of: graph.cycle(from: entry, within: states, taken: taken))
      outcome.taken = taken
    }
    return outcome
  }
}
