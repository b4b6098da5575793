/// What one search found, in states only (no thread, object or source names): enough to
/// describe the run of any program of the same ``ProgramShape`` in that program's words.
struct SearchOutcome: Sendable {
  var verdict: Verdict
  var states: Int
  var transitions: Int
  /// The states from the initial one to the deadlock, the leak, or the livelock's cycle entry.
  var prefix: [[UInt64]] = []
  /// For a livelock: the cycle's states, from its entry back to it.
  var cycle: [[UInt64]] = []
  /// For a livelock: the tasks that step on the cycle (bit per task).
  var taken: UInt64 = 0
  /// For a reference leak: the count that grew without bound.
  var leak: Machine.Leak?
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
  private var words: [Int32]
  private var model: PreemptionModel
  /// The words hashed once, 64 bits at a time (a `Hasher` fed word by word costs more than
  /// the small searches it saves).
  private var digest: UInt64

  init(_ program: Program, model: PreemptionModel) {
    var words: [Int32] = [
      Int32(program.cpus), Int32(program.threads.count), Int32(program.objectNames.count),
    ]
    words.reserveCapacity(3 + program.threads.count * 2 + program.instructions.count * 7)
    for refs in program.initialRefs { words.append(Int32(refs)) }
    for thread in program.threads {
      words.append(Int32(thread.cpu ?? -1))
      words.append(thread.entry)
    }
    for instruction in program.instructions {
      words.append(Int32(instruction.opcode.rawValue))
      words.append(instruction.object)
      words.append(instruction.releasing)
      words.append(instruction.value)
      words.append(instruction.next)
      words.append(instruction.alternative)
      words.append(Int32(instruction.choices.count))
      words += instruction.choices
    }
    self.words = words
    self.model = Machine.behaviour(of: model, for: program)
    var digest: UInt64 = 0x9E37_79B9_7F4A_7C15
    for word in words {
      digest = (digest ^ UInt64(UInt32(bitPattern: word))) &* 0xBF58_476D_1CE4_E5B9
      digest ^= digest >> 31
    }
    self.digest = digest
  }

  func hash(into hasher: inout Hasher) {
    hasher.combine(digest)
    hasher.combine(model)
  }

  static func == (left: ProgramShape, right: ProgramShape) -> Bool {
    left.digest == right.digest && left.model == right.model && left.words == right.words
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
    of program: Program, model: PreemptionModel, search: () -> SearchOutcome
  ) -> SearchOutcome {
    let shape = ProgramShape(program, model: model)
    if let known = outcomes[shape] {
      shared += 1
      return known
    }
    let found = search()
    outcomes[shape] = found
    return found
  }
}
