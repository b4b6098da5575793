/// The rules the analysis applies: a closed set, each with the severity it reports at unless a
/// finding says otherwise, and one line for `lockstep analyze --help`.
///
/// ```swift
/// RuleID(rawValue: "trylock-retry")  // .trylockRetry
/// RuleID.trylockRetry.summary        // "a trylock whose failure path returns for a retry …"
/// ```
public enum RuleID: String, Sendable, Codable, CaseIterable, Comparable,
  CustomStringConvertible
{
  case trylockRetry = "trylock-retry"
  case lockToTrylock = "lock-to-trylock"
  case trylockToLock = "trylock-to-lock"
  case putBeforeUnlock = "put-before-unlock"
  case sleepUnderSpinlock = "sleep-under-spinlock"
  case missingPTEUnmap = "missing-pte-unmap"
  case lockImbalance = "lock-imbalance"
  case refImbalance = "ref-imbalance"
  case recursiveLock = "recursive-lock"
  case stubGap = "stub-gap"
  case calleeReleases = "callee-releases"
  case analysisIncomplete = "analysis-incomplete"

  /// The severity the rule reports at (some findings are raised or lowered: see their messages).
  public var severity: Finding.Severity {
    switch self {
    case .lockToTrylock, .trylockToLock, .calleeReleases: return .info
    case .trylockRetry, .refImbalance, .analysisIncomplete: return .warning
    case .putBeforeUnlock, .sleepUnderSpinlock, .missingPTEUnmap, .lockImbalance, .recursiveLock,
      .stubGap:
      return .error
    }
  }

  /// What a finding of this rule says, in a reviewer's words.
  public var summary: String {
    switch self {
    case .trylockRetry:
      return "a trylock whose failure path returns to a caller that retries, without waiting or "
        + "yielding: livelock risk"
    case .lockToTrylock: return "the patch makes a lock a trylock"
    case .trylockToLock: return "the patch makes a trylock a lock"
    case .putBeforeUnlock:
      return "a reference dropped before the object is unlocked or used (error when the path "
        + "dropped its own reference)"
    case .sleepUnderSpinlock: return "something that may sleep while a spinlock is held"
    case .missingPTEUnmap: return "a PTE map with no unmap on some path"
    case .lockImbalance:
      return "a lock held at one exit and not at another that leaves the same way, held at every "
        + "exit of a function that does not hand it on, released twice, or released on a path "
        + "that never took it"
    case .refImbalance: return "a reference taken and not dropped on some paths"
    case .recursiveLock:
      return "a lock class taken while held, also through calls resolved in the tree (mmap_lock)"
    case .stubGap:
      return "a function called from code built without CONFIG_X, declared only under CONFIG_X "
        + "with no stub (or a stub whose signature differs)"
    case .calleeReleases: return "a lock released inside a callee, with its annotation as evidence"
    case .analysisIncomplete:
      return "a bound of the walk was reached: the function, the bound and the changed lines not "
        + "covered"
    }
  }

  public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue < rhs.rawValue }

  /// The id as written in output and JSON: `trylock-retry`.
  public var description: String { rawValue }
}
