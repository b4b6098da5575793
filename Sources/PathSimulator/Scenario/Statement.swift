/// Where an operation comes from in the kernel source, when a step was spliced
/// from a patch path or annotated with `at FILE:LINE` in a scenario.
struct SourceLocation: Sendable, Equatable {
  var file: String
  var line: Int
}

/// The primitive operations a thread body is written in (see `Sources/PathSimulator/Resources/scenarios/README.md`).
enum Primitive: String, Sendable, CaseIterable {
  case spinLock = "spin_lock"
  case spinUnlock = "spin_unlock"
  case lock
  case unlock
  case trylock
  case readLock = "read_lock"
  case readUnlock = "read_unlock"
  case writeLock = "write_lock"
  case writeUnlock = "write_unlock"
  case get
  case put
  case tryGet = "try_get"
  case migrate
  case waitUnlocked = "wait_unlocked"
  case drainAllCPUs = "lru_add_drain_all"
  case condResched = "cond_resched"
  case mightSleep = "might_sleep"
  case call
  case progress
  case set
  case clear
}

/// What happens on one outcome of an operation that can fail (`trylock`, `try_get`, `migrate`).
enum Branch: Sendable {
  /// Continue with the next statement.
  case fallThrough
  case block([Statement])
  /// The outcome never occurs on the exported paths: the thread cannot take it.
  case impossible
}

/// One statement of a thread body, as written in a scenario or spliced from exported paths.
struct Statement: Sendable {
  indirect enum Kind: Sendable {
    case simple(Primitive, object: String?, releasing: String?)
    case attempt(Primitive, object: String, expected: Int, onSuccess: Branch, onFailure: Branch)
    case ifFlag(String, then: [Statement], otherwise: [Statement])
    case loop([Statement])
    case choose([[Statement]])
    case retry, breakLoop, returnThread
    case paths(function: String, version: String, via: String?, resolvedBy: [String])
  }

  var kind: Kind
  /// The line of the scenario file that wrote this statement.
  var line: Int
  /// The words shown in a trace, e.g. `trylock folio` or `trylock_page(vmf->page)`.
  var text: String
  var source: SourceLocation?
}
