/// What a patch does to one race, in one configuration, comparing `before` with `after`.
public enum ChangeKind: String, Sendable, Codable, CaseIterable {
  case introducesLivelock = "introduces-livelock"
  case introducesDeadlock = "introduces-deadlock"
  case removesLivelock = "removes-livelock"
  case removesDeadlock = "removes-deadlock"
  case introducesLeak = "introduces-reference-leak"
  case removesLeak = "removes-reference-leak"
  case introducesUnderflow = "introduces-refcount-underflow"
  case removesUnderflow = "removes-refcount-underflow"
  case unchanged
  /// A bound ended one side's search: the comparison was not decided (never "unchanged").
  case undecided

  /// Whether the patch makes things worse here.
  public var isRegression: Bool {
    self == .introducesLivelock || self == .introducesDeadlock || self == .introducesLeak
      || self == .introducesUnderflow
  }
}

/// The verdict of a patch on one race and configuration, with the shortest trace of the
/// side that has the problem (`after` for what it introduces, `before` for what it removes).
///
/// ```swift
/// let replay = try Simulator.replay(paths, contenders: try .shipped())
/// for change in replay.changes where change.kind != .unchanged { print(change.kind, change.contender) }
/// ```
public struct Change: Sendable, Codable {
  public var function: String
  public var kind: ChangeKind
  /// The side the trace is from: `after` for what the patch introduces, `before` for what it removes.
  public var variant: String
  public var preempt: PreemptionModel
  public var cpus: Int
  /// Who races the function: a contender of `contenders.txt`, the function on another CPU, or
  /// another changed function.
  public var contender: String
  public var contenderSource: String
  public var scenario: String
  public var trace: [TraceStep]
  public var cycleStart: Int?
  public var starved: [String]
  /// For `undecided`: the states and transitions explored before the bound.
  public var states: Int

  /// The change between the two runs of one configuration of `race`.
  static func between(before: Run, after: Run, in race: ComposedScenario) -> Change {
    let kind: ChangeKind
    let shown: Run
    switch (before.verdict, after.verdict) {
    case (.boundReached, _), (_, .boundReached):
      kind = .undecided
      shown = before.verdict == .boundReached ? before : after
    case (let old, .livelock) where old != .livelock:
      (kind, shown) = (.introducesLivelock, after)
    case (let old, .deadlock) where old != .deadlock:
      (kind, shown) = (.introducesDeadlock, after)
    case (let old, .referenceLeak) where old != .referenceLeak:
      (kind, shown) = (.introducesLeak, after)
    case (let old, .refcountUnderflow) where old != .refcountUnderflow:
      (kind, shown) = (.introducesUnderflow, after)
    case (.livelock, let new) where new != .livelock:
      (kind, shown) = (.removesLivelock, before)
    case (.deadlock, let new) where new != .deadlock:
      (kind, shown) = (.removesDeadlock, before)
    case (.referenceLeak, let new) where new != .referenceLeak:
      (kind, shown) = (.removesLeak, before)
    case (.refcountUnderflow, let new) where new != .refcountUnderflow:
      (kind, shown) = (.removesUnderflow, before)
    default:
      (kind, shown) = (.unchanged, after)
    }
    let traced = kind != .unchanged && kind != .undecided
    return Change(
      function: race.function, kind: kind, variant: shown.variant, preempt: after.preempt,
      cpus: after.cpus, contender: race.contender, contenderSource: race.contenderSource,
      scenario: race.scenario.name, trace: traced ? shown.trace : [],
      cycleStart: traced ? shown.cycleStart : nil, starved: traced ? shown.starved : [],
      states: shown.states)
  }
}

extension Change {
  private enum CodingKeys: String, CodingKey {
    case function, kind, variant, preempt, cpus, contender, contenderSource, scenario, trace
    case cycleStart, starved, states
  }

  /// Always writes every key (`cycleStart` as null when absent).
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(function, forKey: .function)
    try container.encode(kind, forKey: .kind)
    try container.encode(variant, forKey: .variant)
    try container.encode(preempt, forKey: .preempt)
    try container.encode(cpus, forKey: .cpus)
    try container.encode(contender, forKey: .contender)
    try container.encode(contenderSource, forKey: .contenderSource)
    try container.encode(scenario, forKey: .scenario)
    try container.encode(trace, forKey: .trace)
    try container.encode(cycleStart, forKey: .cycleStart)
    try container.encode(starved, forKey: .starved)
    try container.encode(states, forKey: .states)
  }
}

/// What `Simulator.replay` found for a patch: the scenarios it composed, every run, and the
/// change per race and configuration.
public struct PatchReplay: Sendable {
  public var composed: [ComposedScenario]
  public var runs: [Run]
  public var changes: [Change]
  /// The races that could not be composed, each naming the function (the rest still ran).
  public var problems: [ScenarioError]
  /// Where the replay's time went.
  public var timing: ReplayTiming

  /// Nothing in the patch's paths has a contender: there was nothing to replay.
  public var isEmpty: Bool { composed.isEmpty && problems.isEmpty }
}

/// The wall time of a replay's two stages, in seconds: composing the races from the paths, and
/// deciding them (compiling each configuration, searching it or answering it from an earlier
/// search of the same shape, describing its trace). One clock around each stage, so the
/// scheduler's stalls between runs count too (a sum of the runs' `seconds` leaves them out).
public struct ReplayTiming: Sendable, Codable {
  public var composing: Double
  public var deciding: Double
  /// The CPU time of deciding (one thread): what the wall time would be on an idle machine.
  public var decidingCPU: Double
}
