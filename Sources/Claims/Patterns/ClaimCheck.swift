import PathSimulator

/// Where a claim pattern is matched: a closed set, named in the pattern file's first column.
public enum PatternPlace: String, Sendable, CaseIterable {
  /// A sentence of a patch's commit message, or a changelog entry.
  case message
  /// A sentence a reply writes in its own words.
  case reply
  /// A commit message's statement of the configuration its behaviour claims need.
  case condition
  /// The title of a report pasted into the thread.
  case splat
  /// A trailer, by name.
  case trailer
}

/// How a claim is settled: the checks Lockstep knows (the pattern file's second column).
public enum ClaimCheck: String, Sendable, CaseIterable {
  case adds, removes, drops, renames
  case addsStub = "adds-stub"
  case waitsUnlocked = "waits-unlocked"
  case spins, livelock, deadlock
  case calls
  case usesTrylock = "uses-trylock"
  case calledOnce = "called-once"
  case recursiveLock = "recursive-lock"
  case stubGap = "stub-gap"
  case fixes
  case stableRange = "stable-range"
  case reported

  /// The names the check reads from its pattern's captures, in order.
  var captures: [String] {
    switch self {
    case .adds, .removes, .drops, .usesTrylock, .stubGap, .calledOnce: return ["A"]
    case .renames, .calls: return ["A", "B"]
    case .addsStub: return ["A"]
    case .waitsUnlocked, .spins, .livelock, .deadlock, .recursiveLock, .fixes, .stableRange,
      .reported:
      return []
    }
  }

  /// The kind of claim the check settles, for a statement found at `place`.
  func kind(at place: PatternPlace, inChangelog: Bool) -> ClaimKind {
    switch self {
    case .spins, .livelock, .deadlock: return .behaviour
    case .calls, .usesTrylock, .calledOnce: return .codeFact
    case .recursiveLock, .stubGap: return .splat
    case .fixes, .stableRange, .reported: return .trailer
    case .adds, .removes, .drops, .renames, .addsStub, .waitsUnlocked:
      return inChangelog ? .changelog : .diff
    }
  }
}

/// What a `condition` pattern states: preemption models, a CPU count.
public struct StatedCondition: Sendable, Equatable {
  public var preempt: [PreemptionModel] = []
  public var cpus: Int?

  /// Reads `preempt=none,voluntary` or `cpus=1`; nil for anything else.
  init?(_ text: String) {
    let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2 else { return nil }
    switch parts[0] {
    case "preempt":
      let models = parts[1].split(separator: ",").map { PreemptionModel(rawValue: String($0)) }
      guard !models.isEmpty, models.allSatisfy({ $0 != nil }) else { return nil }
      preempt = models.compactMap { $0 }
    case "cpus":
      guard let count = Int(parts[1]), count > 0 else { return nil }
      cpus = count
    default:
      return nil
    }
  }

  init() {}

  /// Both statements together (models of both, the smaller CPU count).
  func merged(with other: StatedCondition) -> StatedCondition {
    var both = self
    for model in other.preempt where !both.preempt.contains(model) { both.preempt.append(model) }
    if let count = other.cpus { both.cpus = min(both.cpus ?? count, count) }
    return both
  }
}
