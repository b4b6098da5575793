import PathSimulator

/// A counterexample of the simulator, drawn as per-CPU timelines: what a patch introduces
/// (`after`) or removes (`before`) in one race, with the configurations that share the trace.
///
/// For a livelock, ``steps``[``cycleStart``...] repeats forever and ``starved`` names the
/// tasks that never make progress.
public struct RaceTrace: Sendable {
  public var anchor: String
  public var function: String
  public var kind: ChangeKind
  public var contender: String
  /// Where the contender comes from (`mm/migrate_device.c:migrate_device_unmap`).
  public var contenderSource: String
  /// `before` or `after` the patch: the side the trace is from.
  public var side: String
  /// `preempt none / 1 cpu`, one per configuration sharing the trace.
  public var configurations: [String]
  public var cpus: Int
  public var steps: [TraceStep]
  /// The step number where the livelock's cycle starts.
  public var cycleStart: Int?
  public var starved: [String]

  /// `do_swap_page(): the patch removes a livelock against migrate_device_unmap`.
  public var headline: String {
    let what: String
    switch kind {
    case .introducesLivelock: what = "introduces a livelock"
    case .introducesDeadlock: what = "introduces a deadlock"
    case .introducesLeak: what = "introduces a reference leak"
    case .removesLivelock: what = "removes a livelock"
    case .removesDeadlock: what = "removes a deadlock"
    case .removesLeak: what = "removes a reference leak"
    case .introducesUnderflow: what = "introduces a put on a zero reference count"
    case .removesUnderflow: what = "removes a put on a zero reference count"
    case .unchanged: what = "changes nothing"
    case .undecided: what = "could not be decided"
    }
    return "\(function)(): the patch \(what) against \(contender)"
  }
}
