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
        let key = ProgramKey(program)
        for model in preempt ?? scenario.preempt {
          var run = explore(
            program, key: key, model: model, bounds: bounds, cache: &cache, progress: progress)
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
    let started = ContinuousClock.now
    var composer = Composer(paths: paths, contenders: contenders)
    if let preempt { composer.preempt = preempt }
    if let cpus { composer.cpus = cpus }
    let (composed, problems) = composer.compose()
    let composing = seconds(since: started)
    let searchStarted = ContinuousClock.now
    let searchCPU = threadCPUSeconds()
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
    return PatchReplay(
      composed: composed, runs: runs, changes: changes, problems: problems,
      timing: ReplayTiming(
        composing: composing, deciding: seconds(since: searchStarted),
        decidingCPU: threadCPUSeconds() - searchCPU))
  }

  /// The run of `program` under `model`: the search, or the outcome of an earlier search of
  /// a program of the same shape in `cache`, described in this program's names.
  static func explore(
    _ program: Program, key: ProgramKey, model: PreemptionModel, bounds: SearchBounds,
    cache: inout SearchCache, progress: (Int) -> Void = { _ in }
  ) -> Run {
    let started = ContinuousClock.now
    var searched: Machine?
    let outcome = cache.outcome(of: key, model: model) {
      let machine = Machine(program: program, model: model)
      searched = machine
      return search(machine, bounds: bounds, progress: progress)
    }
    var run = Run(
      scenario: "", variant: "", preempt: model, cpus: program.cpus, verdict: outcome.verdict,
      expected: nil, states: outcome.states, transitions: outcome.transitions, seconds: 0,
      trace: [], cycleStart: nil, starved: [], offPathStates: outcome.offPath)
    // Most runs end `ok` with nothing to describe: a shared one then needs no machine at all.
    guard !outcome.prefix.isEmpty || outcome.fault != nil || !outcome.cycle.isEmpty else {
      run.seconds = seconds(since: started)
      return run
    }
    let machine = searched ?? Machine(program: program, model: model, reducing: false)
    let traces = TraceBuilder(machine: machine)
    run.trace = traces.steps(along: outcome.prefix, numberedFrom: 1)
    if outcome.verdict == .livelock {
      run.cycleStart = run.trace.count + 1
      run.trace += traces.steps(along: outcome.cycle, numberedFrom: run.trace.count + 1)
      if let entry = outcome.cycle.first {
        run.starved = traces.starved(at: entry, taken: outcome.taken)
      }
    }
    if let fault = outcome.fault {
      if fault.kind == .putOnZero {
        run.underflowed = machine.describe(fault)
      } else {
        run.leaked = machine.describe(fault)
      }
    }
    run.seconds = seconds(since: started)
    return run
  }

  /// The CPU time the calling thread has used: the searches run on it alone, so the difference
  /// is what they cost whatever else the machine runs.
  static func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
  }

  static func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
  }

  /// Explores `machine`'s states and says what it found, as states.
  private static func search(
    _ machine: Machine, bounds: SearchBounds, progress: (Int) -> Void
  ) -> SearchOutcome {
    let graph = Explorer(machine: machine, bounds: bounds).explore(progress: progress)
    assert(graph.deadlock == nil || graph.fault == nil, "the search stops at the first of the two")
    var outcome = SearchOutcome(
      verdict: .ok, states: graph.store.count, transitions: graph.transitions,
      offPath: graph.offPath.count)
    if let deadlock = graph.deadlock {
      outcome.verdict = .deadlock
      outcome.prefix = graph.words(of: graph.prefix(to: deadlock))
    } else if let fault = graph.fault {
      outcome.verdict = fault.what.kind == .putOnZero ? .refcountUnderflow : .referenceLeak
      outcome.prefix = graph.words(of: graph.prefix(to: fault.state))
      outcome.fault = fault.what
    } else if graph.boundReached {
      outcome.verdict = .boundReached
    } else if let (states, taken) = FairCycleSearch(graph: graph, machine: machine).find() {
      outcome.verdict = .livelock
      let entry = states[0]
      outcome.prefix = graph.words(of: graph.prefix(to: entry))
      outcome.cycle = graph.words(of: graph.cycle(from: entry, within: states, taken: taken))
      outcome.taken = taken
    }
    return outcome
  }
}
