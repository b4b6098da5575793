/// How the kernel was configured to preempt a task running in kernel mode.
///
/// It decides where a CPU may switch to another task (a queued work item, a woken
/// lock holder): `none` only when the running task sleeps or calls `cond_resched()`,
/// `voluntary` also at `might_sleep()` points, `full` whenever no spinlock is held,
/// `rt` everywhere (spinlocks become sleeping locks).
public enum PreemptionModel: String, Sendable, CaseIterable, Codable {
  case none, voluntary, full, rt
}

/// What the explorer concluded about one configuration of a scenario.
public enum Verdict: String, Sendable, Codable {
  /// Every fair execution keeps passing progress labels or finishes.
  case ok
  /// A reachable cycle, fair to the scheduler, that passes no progress label.
  case livelock
  /// A reachable state where no step is possible while a thread is unfinished.
  case deadlock
  /// A reference count grew without bound (to `Machine.referenceLimit`): a path takes
  /// references in a loop and never drops them, e.g. a `get` on a retried path; or a read
  /// lock taken on every retry and never released (`leaked` says `(read locks)`).
  case referenceLeak = "reference-leak"
  /// A `put` found the reference count at zero: the object was freed already, so in the kernel
  /// this put is a use-after-free or a double put (`refcount_t: underflow; use-after-free`).
  /// `underflowed` names the object; the trace ends with the put.
  case refcountUnderflow = "refcount-underflow"
  /// `maxStates` or `timeout` ended the search before it was complete.
  case boundReached = "bound-reached"
}

/// One step of a counterexample: which CPU ran which task, doing what, and where
/// in the kernel source the operation came from when it was spliced from a patch path.
public struct TraceStep: Sendable, Equatable, Codable {
  public var step: Int
  public var cpu: Int
  public var thread: String
  public var op: String
  public var file: String?
  public var line: Int?
}

/// The result of exploring one scenario variant under one preemption model and CPU count.
///
/// For a livelock, `trace[..<cycleStart]` is the prefix and `trace[cycleStart...]`
/// repeats forever; `starved` names the tasks that wait on the cycle and never run
/// (for example `kworker/0`, whose `lru_add_drain_all()` work stays queued).
public struct Run: Sendable, Codable {
  public var scenario: String
  public var variant: String
  public var preempt: PreemptionModel
  public var cpus: Int
  public var verdict: Verdict
  public var expected: Verdict?
  public var states: Int
  public var transitions: Int
  public var seconds: Double
  public var trace: [TraceStep]
  public var cycleStart: Int?
  public var starved: [String]
  /// For `reference-leak`: the object whose count grew without bound (`mmap_lock (read
  /// locks)` for a read lock's holders).
  public var leaked: String?
  /// For `refcount-underflow`: the object whose reference count a `put` found at zero.
  public var underflowed: String?
  /// The states the verdict leaves out because a thread stood there at an outcome its paths
  /// never take (a spliced `trylock … { impossible }` reached with the lock free): the walk
  /// found no path on which the kernel goes that way, so what follows is not known. No
  /// deadlock is reported there, and no livelock through them.
  public var offPathStates: Int = 0
}

/// Limits that end a search with `Verdict.boundReached` instead of exhausting memory or time.
public struct SearchBounds: Sendable {
  public var maxStates: Int
  public var timeout: Double
  /// The memory the stored states and edges may take, in bytes (estimated from their counts).
  /// The default, 448 MiB, keeps a whole run under 500 MB resident (the estimate counts the
  /// cycle search's arrays too; a 4-CPU search stopped at the old 1 GiB was 595 MB).
  public var maxBytes: Int
  /// Partial-order reduction: explore only one order of steps that touch nothing shared.
  public var partialOrderReduction: Bool

  public init(
    maxStates: Int = 4_000_000, timeout: Double = 60, maxBytes: Int = 448 << 20,
    partialOrderReduction: Bool = true
  ) {
    self.maxStates = maxStates
    self.timeout = timeout
    self.maxBytes = maxBytes
    self.partialOrderReduction = partialOrderReduction
  }
}

extension TraceStep {
  private enum CodingKeys: String, CodingKey { case step, cpu, thread, op, file, line }

  /// Always writes every key (`file` and `line` as null when the step has no source line).
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(step, forKey: .step)
    try container.encode(cpu, forKey: .cpu)
    try container.encode(thread, forKey: .thread)
    try container.encode(op, forKey: .op)
    try container.encode(file, forKey: .file)
    try container.encode(line, forKey: .line)
  }
}

extension Run {
  private enum CodingKeys: String, CodingKey {
    case scenario, variant, preempt, cpus, verdict, expected, states, transitions, seconds, trace
    case cycleStart, starved, leaked, underflowed, offPathStates
  }

  /// Always writes every key (`expected` and `cycleStart` as null when absent).
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(scenario, forKey: .scenario)
    try container.encode(variant, forKey: .variant)
    try container.encode(preempt, forKey: .preempt)
    try container.encode(cpus, forKey: .cpus)
    try container.encode(verdict, forKey: .verdict)
    try container.encode(expected, forKey: .expected)
    try container.encode(states, forKey: .states)
    try container.encode(transitions, forKey: .transitions)
    try container.encode(seconds, forKey: .seconds)
    try container.encode(trace, forKey: .trace)
    try container.encode(cycleStart, forKey: .cycleStart)
    try container.encode(starved, forKey: .starved)
    try container.encode(leaked, forKey: .leaked)
    try container.encode(underflowed, forKey: .underflowed)
    try container.encode(offPathStates, forKey: .offPathStates)
  }
}
