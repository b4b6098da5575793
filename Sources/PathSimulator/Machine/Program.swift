/// The operation an instruction performs; see `Machine` for their effects.
enum Opcode: UInt8, Sendable {
  case spinLock, spinUnlock, lock, unlock, trylock
  case readLock, readUnlock, writeLock, writeUnlock
  case get, put, tryGet, migrate
  case waitUnlocked, drain, condResched, mightSleep
  /// A step that touches nothing shared (`call`, `pte_offset_map`, `return 0`).
  case local
  case progress, setFlag, clearFlag, testFlag, choose
  /// Compiled away: no step ever stops on a jump.
  case jump
}

/// One compiled statement. `next` is where the thread continues (on success for
/// operations that can fail), `alternative` where it continues on failure.
struct Instruction: Sendable {
  static let end: Int32 = -1
  static let impossible: Int32 = -2

  var opcode: Opcode
  var object: Int32 = -1
  var releasing: Int32 = -1
  var value: Int32 = 0
  var next: Int32 = 0
  var alternative: Int32 = impossible
  var choices: [Int32] = []
  var text: String
  var source: SourceLocation?
}

/// The fields of an `Instruction` the explorer reads on every step, without the
/// text and arrays that would cost reference counting in the hot loop.
struct Operation: Sendable {
  var opcode: Opcode
  var object: Int32
  var releasing: Int32
  var value: Int32
  var next: Int32
  var alternative: Int32
  var choices: Range<Int32>

  /// The operations of `instructions`, with every `choose`'s targets laid out in `targets`.
  static func compact(_ instructions: [Instruction]) -> (operations: [Operation], targets: [Int32])
  {
    var targets: [Int32] = []
    let operations = instructions.map { instruction in
      let start = Int32(targets.count)
      targets += instruction.choices
      return Operation(
        opcode: instruction.opcode, object: instruction.object, releasing: instruction.releasing,
        value: instruction.value, next: instruction.next, alternative: instruction.alternative,
        choices: start..<Int32(targets.count))
    }
    return (operations, targets)
  }
}

/// A thread of the compiled model.
struct ThreadInfo: Sendable {
  var name: String
  var cpu: Int?
  var entry: Int32
}

/// A scenario variant compiled for one CPU count: instructions, threads, objects.
struct Program: Sendable {
  var instructions: [Instruction]
  var threads: [ThreadInfo]
  var objectNames: [String]
  var initialRefs: [Int]
  var cpus: Int
}
