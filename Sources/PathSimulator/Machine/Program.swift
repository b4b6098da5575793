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
