/// One primitive operation along a path, as exported for the simulator (see PATHS.md).
///
/// ```json
/// { "op": "trylock", "call": "trylock_page", "object": "vmf->page", "outcome": "failed", "line": 4677 }
/// ```
public struct PathOp: Sendable, Codable, Equatable {
  /// The closed set of operations PATHS.md defines.
  public enum Kind: String, Sendable, Codable {
    case lock, unlock, trylock
    case readLock = "read-lock"
    case readUnlock = "read-unlock"
    case writeLock = "write-lock"
    case writeUnlock = "write-unlock"
    case get, put
    case tryGet = "try-get"
    case map, unmap
    case mapLock = "map-lock"
    case unmapUnlock = "unmap-unlock"
    case waitUnlocked = "wait-unlocked"
    case drainAllCPUs = "drain-all-cpus"
    case condResched = "cond-resched"
    case maySleep = "may-sleep"
    case call
    case `return`
  }

  /// How a `trylock` or `try-get` turned out on this path.
  public enum Outcome: String, Sendable, Codable {
    case acquired, failed
  }

  /// The class of lock a lock operation takes: it decides how a contender waits for it.
  public enum LockKind: String, Sendable, Codable {
    /// Spins (the page-table lock, `spin_lock()`); holding it forbids sleeping and preemption.
    case spinlock
    /// Sleeps until free (the folio lock, a mutex).
    case sleeping
    /// An rw-semaphore (`mmap_lock`).
    case rwsem
  }

  public var op: Kind
  public var call: String?
  public var object: String?
  /// For trylock and try-get.
  public var outcome: Outcome?
  /// On lock operations.
  public var kind: LockKind?
  /// For wait-unlocked: the spinlock dropped before sleeping.
  public var releases: String?
  /// For return: the returned expression (constants resolved where known).
  public var value: String?
  public var line: Int
  /// Set when the operation is in another file than the function.
  public var file: String?

  public init(op: Kind, call: String? = nil, object: String? = nil, line: Int) {
    self.op = op
    self.call = call
    self.object = object
    self.line = line
  }

  /// `trylock_page(vmf->page) failed at 4677`: the op in a reviewer's words, for messages.
  public var summary: String {
    var text = call.map { "\($0)(\(object ?? ""))" } ?? op.rawValue
    if op == .return { text = "return" + (value.map { " \($0)" } ?? "") }
    if let outcome { text += " \(outcome.rawValue)" }
    return "\(text) at \(line)"
  }
}
