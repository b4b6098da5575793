/// What one search found, in states only (no thread, object or source names): enough to
/// describe the run of any program of the same ``ProgramShape`` in that program's words.
struct SearchOutcome: Sendable {
  var verdict: Verdict
  var states: Int
  var transitions: Int
  /// The states from the initial one to the deadlock, the count gone wrong, or the livelock's cycle entry.
  var prefix: [[UInt64]] = []
  /// For a livelock: the cycle's states, from its entry back to it.
  var cycle: [[UInt64]] = []
  /// For a livelock: the tasks that step on the cycle (bit per task).
  var taken: UInt64 = 0
  /// For a reference leak or underflow: the count that went wrong.
  var fault: Machine.CountFault?
  /// The states left out of the verdict because a thread stood at an outcome its paths never
  /// take (``Machine/standsOffPath(_:)``).
  var offPath = 0
}

/// What a search depends on, and nothing else: the compiled operations and their jumps, the
/// threads' pinning and entries, the objects' initial counts, the CPU count, and the
/// preemption model as far as the program can tell models apart (``Machine/behaviour(of:for:)``).
/// Names, step texts and source lines are left out: two races that differ only in them — two
/// contenders with the same body (`flush_work`, `synchronize_rcu`), a function whose paths the
/// patch leaves alone on that object (before = after) — have the same state graph.
///
/// ```swift
/// ProgramShape(program, model: .rt) == ProgramShape(program, model: .full)  // no spinlock in it
/// ```
struct ProgramShape: Hashable, Sendable {
  private var key: ProgramKey
  private var model: PreemptionModel

  init(_ key: ProgramKey, model: PreemptionModel) {
    self.key = key
    self.model = key.behaviour(of: model)
  }

  init(_ program: Program, model: PreemptionModel) {
    self.init(ProgramKey(program), model: model)
  }

  func hash(into hasher: inout Hasher) {
    hasher.combine(key.digest)
    hasher.combine(model)
  }

  static func == (left: ProgramShape, right: ProgramShape) -> Bool {
    left.key.digest == right.key.digest && left.model == right.model
      && left.key.words == right.key.words
  }
}

/// The part of a ``ProgramShape`` that does not depend on the preemption model, computed once
/// per compiled program rather than once per model.
struct ProgramKey: Sendable {
  fileprivate var words: [Int32]
  /// The words hashed once, 64 bits at a time (a `Hasher` fed word by word costs more than
  /// the small searches it saves).
  fileprivate var digest: UInt64
  /// The models the program can tell apart (``Machine/behaviour(of:for:)``).
  private var hasSpinlock: Bool
  private var hasMightSleepPoint: Bool

  init(_ program: Program) {
    var words: [Int32] = [
      Int32(program.cpus), Int32(program.threads.count), Int32(program.objectNames.count),
    ]
    words.reserveCapacity(3 + program.threads.count * 2 + program.instructions.count * 7)
    for refs in program.initialRefs { words.append(Int32(refs)) }
    for thread in program.threads {
      words.append(Int32(thread.cpu ?? -1))
      words.append(thread.entry)
    }
    var hasSpinlock = false
    var hasMightSleepPoint = false
    for instruction in program.instructions {
      words.append(Int32(instruction.opcode.rawValue))
      words.append(instruction.object)
      words.append(instruction.releasing)
      words.append(instruction.value)
      words.append(instruction.next)
      words.append(instruction.alternative)
      words.append(Int32(instruction.choices.count))
      words += instruction.choices
      switch instruction.opcode {
      case .spinLock: hasSpinlock = true
      case .mightSleep, .lock, .readLock, .writeLock, .waitUnlocked, .drain:
        hasMightSleepPoint = true
      default: break
      }
    }
    self.words = words
    self.hasSpinlock = hasSpinlock
    self.hasMightSleepPoint = hasMightSleepPoint
    var digest: UInt64 = 0x9E37_79B9_7F4A_7C15
    for word in words {
      digest = (digest ^ UInt64(UInt32(bitPattern: word))) &* 0xBF58_476D_1CE4_E5B9
      digest ^= digest >> 31
    }
    self.digest = digest
  }

  /// ``Machine/behaviour(of:for:)`` of the program, from what the key noted: `rt` behaves as
  /// `full` without a spinlock, `voluntary` as `none` without a might-sleep point (sleeping
  /// locks, waits, `lru_add_drain_all()`).
  func behaviour(of model: PreemptionModel) -> PreemptionModel {
    switch model {
    case .rt: return hasSpinlock ? .rt : .full
    case .voluntary: return hasMightSleepPoint ? .voluntary : .none
    case .none, .full: return model
    }
  }
}

/// The searches of one `simulate` call, by program shape: a configuration whose program has
/// the shape of one already searched is not searched again; its run is described from the
/// states the first search found (same verdict, states, transitions and trace, in its own
/// names). Only the outcome is kept (a few states per trace), never a state graph.
///
/// - Complexity: a lookup hashes the program, O(instructions).
struct SearchCache: Sendable {
  private var outcomes: [ProgramShape: SearchOutcome] = [:]
  /// How many searches were answered from an earlier one.
  private(set) var shared = 0

  mutating func outcome(
    of key: ProgramKey, model: PreemptionModel, search: () -> SearchOutcome
  ) -> SearchOutcome {
    let shape = ProgramShape(key, model: model)
    if let known = outcomes[shape] {
      shared += 1
      return known
    }
    let found = search()
    outcomes[shape] = found
    return found
  }
}
