/// How a step came about: the running task executed an instruction, went to sleep on
/// it, a CPU picked a task, a task preempted the one running, or a kworker ran its work.
enum StepKind: UInt8, Sendable {
  case execute, sleep, schedule, preempt, work
}

/// One transition of the machine, enough to explain it in a trace.
struct Step: Sendable {
  var task: Int
  var cpu: Int
  var kind: StepKind
  var pc: Int32
  /// For `execute`: 0 the usual outcome, 1 the failure branch. For `preempt`: the task preempted.
  var detail: Int
  var progress: Bool
  /// Touches only the thread's own state (`call`, `choose`): partial-order reduction may
  /// explore it alone.
  var local: Bool
}

/// The kernel model: CPUs that each run one task, threads executing compiled
/// instructions, one kworker per CPU for `lru_add_drain_all()` work, and the state of
/// every lock, reference count and flag, packed into a few bytes per state.
///
/// Scheduling follows the preemption model: a CPU picks a new task when its task
/// sleeps or finishes, at `cond_resched()` (every model), at `might_sleep()` points and
/// sleeping-lock calls (`voluntary`), anywhere no spinlock is held (`full`), anywhere (`rt`,
/// where spinlocks sleep). A task busy-waiting on a spinlock has no step.
struct Machine: Sendable {
  static let idle: UInt8 = 0xFF
  static let free: UInt8 = 0xFF
  static let ended: UInt16 = 0xFFFF
  /// A reference count (or a read lock's holder count) that reaches this has grown without
  /// bound: no scenario has that many holders (at most 60 tasks, each nesting a few times), so
  /// a path took references or read locks in a loop and never dropped them. The explorer stops
  /// there with `Verdict.referenceLeak`; a count never wraps (nor goes below zero: a `put` on
  /// zero is `Verdict.refcountUnderflow`).
  static let referenceLimit: UInt8 = 0xFF

  enum Status: UInt8 { case ready = 0, running = 1, blocked = 2, finished = 3 }
  /// Set while a thread is already queued (writer), has released its spinlock
  /// (`wait_unlocked`) or queued its work (`lru_add_drain_all`), so that running the
  /// instruction again completes it.
  static let waitingBit: UInt8 = 0x80

  let program: Program
  let model: PreemptionModel
  let threadCount: Int
  let taskCount: Int
  let cpus: Int
  let pcOffset: Int
  let cpuOffset: Int
  let pendingOffset: Int
  let objectOffset: Int
  let byteCount: Int
  let wordCount: Int
  let spinlocks: [Int]
  /// Per CPU, the threads that may run there (pinned to it, or free).
  let candidates: [[Int]]
  let code: [Instruction]
  let operations: [Operation]
  let choiceTargets: [Int32]
  /// Per instruction: a step on objects no other thread names (``privateSteps(of:operations:targets:model:)``).
  let privateSteps: [Bool]

  /// `reducing`: whether partial-order reduction will use the private steps; a machine that
  /// only describes a trace (``TraceBuilder``) leaves them out (every step shared).
  init(program: Program, model: PreemptionModel, reducing: Bool = true) {
    self.program = program
    self.model = model
    code = program.instructions
    (operations, choiceTargets) = Operation.compact(program.instructions)
    privateSteps =
      reducing
      ? Self.privateSteps(
        of: program, operations: operations, targets: choiceTargets, model: model)
      : Array(repeating: false, count: program.instructions.count)
    threadCount = program.threads.count
    cpus = program.cpus
    taskCount = threadCount + cpus
    pcOffset = taskCount
    cpuOffset = pcOffset + 2 * threadCount
    pendingOffset = cpuOffset + cpus
    objectOffset = pendingOffset + cpus
    byteCount = objectOffset + 5 * program.objectNames.count
    wordCount = (byteCount + 7) / 8
    spinlocks = Array(Set(operations.filter { $0.opcode == .spinLock }.map { Int($0.object) }))
      .sorted()
    candidates = (0..<program.cpus).map { cpu in
      program.threads.indices.filter {
        program.threads[$0].cpu == nil || program.threads[$0].cpu == cpu
      }
    }
  }

  func taskName(_ task: Int) -> String {
    task < threadCount ? program.threads[task].name : "kworker/\(task - threadCount)"
  }

  /// The initial state: each CPU runs the first thread pinned to it (or the first free
  /// one left); every other thread is ready; all locks free.
  func initialState(into state: UnsafeMutablePointer<UInt8>) {
    state.update(repeating: 0, count: wordCount * 8)
    for thread in 0..<threadCount {
      let entry = program.threads[thread].entry
      state[thread] = entry < 0 ? Status.finished.rawValue : Status.ready.rawValue
      setPC(state, thread, entry < 0 ? Self.ended : UInt16(entry))
    }
    for cpu in 0..<cpus {
      state[taskCount - cpus + cpu] = Status.blocked.rawValue
      state[cpuOffset + cpu] = Self.idle
      let pinned = candidates[cpu].first {
        program.threads[$0].cpu == cpu && state[$0] == Status.ready.rawValue
      }
      let any = candidates[cpu].first { state[$0] == Status.ready.rawValue }
      if let chosen = pinned ?? any {
        state[chosen] = Status.running.rawValue | UInt8(cpu << 2)
        state[cpuOffset + cpu] = UInt8(chosen)
      }
    }
    for object in program.objectNames.indices {
      let base = objectOffset + 5 * object
      state[base] = Self.free
      state[base + 3] = UInt8(min(program.initialRefs[object], Int(Self.referenceLimit) - 1))
    }
  }

  @inline(__always) func pc(_ state: UnsafePointer<UInt8>, _ thread: Int) -> UInt16 {
    UInt16(state[pcOffset + 2 * thread]) | UInt16(state[pcOffset + 2 * thread + 1]) << 8
  }

  @inline(__always) func setPC(_ state: UnsafeMutablePointer<UInt8>, _ thread: Int, _ pc: UInt16) {
    state[pcOffset + 2 * thread] = UInt8(pc & 0xFF)
    state[pcOffset + 2 * thread + 1] = UInt8(pc >> 8)
  }

  @inline(__always) func status(_ state: UnsafePointer<UInt8>, _ task: Int) -> Status {
    Status(rawValue: state[task] & 3)!
  }

  @inline(__always) func owner(_ state: UnsafePointer<UInt8>, _ object: Int32) -> UInt8 {
    state[objectOffset + 5 * Int(object)]
  }

  /// Whether a sleeping thread's wait is over, so its CPU may pick it.
  func canWake(_ state: UnsafePointer<UInt8>, thread: Int) -> Bool {
    let operation = operations[Int(pc(state, thread))]
    let base = objectOffset + 5 * Int(operation.object)
    switch operation.opcode {
    case .lock, .spinLock, .waitUnlocked: return state[base] == Self.free
    case .readLock: return state[base] == Self.free && state[base + 2] == 0
    case .writeLock: return state[base] == Self.free && state[base + 1] == 0
    case .drain:
      for cpu in 0..<cpus where state[pendingOffset + cpu] != 0 { return false }
      return true
    default: return true
    }
  }

  func eligible(_ state: UnsafePointer<UInt8>, task: Int) -> Bool {
    if task >= threadCount {
      return state[pendingOffset + task - threadCount] != 0 && state[task] & 3 == 2
    }
    switch status(state, task) {
    case .ready: return true
    case .blocked: return canWake(state, thread: task)
    case .running, .finished: return false
    }
  }

  /// A count gone wrong: one that reached ``referenceLimit`` (an object's references, or its
  /// read-lock holders), or a `put` that found an object's references at zero.
  struct CountFault: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
      /// The references grew without bound.
      case leak
      /// The read-lock holders grew without bound.
      case readLockLeak
      /// A `put` on a zero count: in the kernel a use-after-free or a double put (`refcount_t:
      /// underflow; use-after-free`, `VM_BUG_ON_PAGE(page_ref_count(page) == 0)`).
      case putOnZero
    }
    var object: Int
    var kind: Kind
  }

  /// Set in an object's flag byte by a `put` that found its count at zero; the flag itself is
  /// bit 0. The explorer stops at the first state that carries it.
  static let putOnZeroBit: UInt8 = 0x02

  /// The first count gone wrong in `state`, if any.
  func countFault(_ state: UnsafePointer<UInt8>) -> CountFault? {
    for object in program.objectNames.indices {
      let base = objectOffset + 5 * object
      if state[base + 4] & Self.putOnZeroBit != 0 {
        return CountFault(object: object, kind: .putOnZero)
      }
      if state[base + 3] == Self.referenceLimit { return CountFault(object: object, kind: .leak) }
      if state[base + 1] == Self.referenceLimit {
        return CountFault(object: object, kind: .readLockLeak)
      }
    }
    return nil
  }

  /// How a run names the object of a fault: the object, and `(read locks)` for a read lock
  /// never released.
  func describe(_ fault: CountFault) -> String {
    program.objectNames[fault.object] + (fault.kind == .readLockLeak ? " (read locks)" : "")
  }

  /// The model whose machine behaves exactly as `model`'s on `program`: models differ only at
  /// operations the program may not have. `rt` differs from `full` only at spinlocks (they
  /// sleep, and do not stop preemption); `voluntary` from `none` only at `might_sleep()`
  /// points (sleeping locks, waits, `lru_add_drain_all()`).
  ///
  /// ```swift
  /// Machine.behaviour(of: .rt, for: program)  // .full when no thread takes a spinlock
  /// ```
  static func behaviour(of model: PreemptionModel, for program: Program) -> PreemptionModel {
    ProgramKey(program).behaviour(of: model)
  }

  /// Whether the running thread may be switched out before its next instruction.
  func preemptible(_ state: UnsafePointer<UInt8>, thread: Int) -> Bool {
    if model != .rt {
      for lock in spinlocks where state[objectOffset + 5 * lock] == UInt8(thread) { return false }
    }
    switch model {
    case .full, .rt: return true
    case .none: return operations[Int(pc(state, thread))].opcode == .condResched
    case .voluntary:
      switch operations[Int(pc(state, thread))].opcode {
      case .condResched, .mightSleep, .lock, .readLock, .writeLock, .waitUnlocked, .drain:
        return true
      default: return false
      }
    }
  }

  /// Calls `visit` once per successor with the successor written into `next`.
  func successors(
    of state: UnsafePointer<UInt8>, next: UnsafeMutablePointer<UInt8>,
    _ visit: (Step) -> Void
  ) {
    let bytes = wordCount * 8
    for cpu in 0..<cpus {
      let current = Int(state[cpuOffset + cpu])
      if current == Int(Self.idle) {
        for task in candidates[cpu] where eligible(state, task: task) {
          next.update(from: state, count: bytes)
          switchIn(next, task: task, cpu: cpu)
          visit(
            Step(
              task: task, cpu: cpu, kind: .schedule, pc: -1, detail: 0, progress: false,
              local: false))
        }
        let worker = threadCount + cpu
        if eligible(state, task: worker) {
          next.update(from: state, count: bytes)
          switchIn(next, task: worker, cpu: cpu)
          visit(
            Step(
              task: worker, cpu: cpu, kind: .schedule, pc: -1, detail: 0, progress: false,
              local: false))
        }
      } else if current >= threadCount {
        next.update(from: state, count: bytes)
        next[pendingOffset + cpu] = 0
        next[current] = Status.blocked.rawValue
        next[cpuOffset + cpu] = Self.idle
        visit(
          Step(
            task: current, cpu: cpu, kind: .work, pc: -1, detail: 0, progress: false, local: false))
      } else {
        execute(state, thread: current, cpu: cpu, next: next, visit)
        if preemptible(state, thread: current) {
          let others = candidates[cpu]
          for position in 0...others.count {
            let task = position < others.count ? others[position] : threadCount + cpu
            guard task != current, eligible(state, task: task) else { continue }
            next.update(from: state, count: bytes)
            next[current] = Status.ready.rawValue | (next[current] & Self.waitingBit)
            switchIn(next, task: task, cpu: cpu)
            visit(
              Step(
                task: task, cpu: cpu, kind: .preempt, pc: -1, detail: current, progress: false,
                local: false))
          }
        }
      }
    }
  }

  private func switchIn(_ state: UnsafeMutablePointer<UInt8>, task: Int, cpu: Int) {
    state[task] = Status.running.rawValue | UInt8(cpu << 2) | (state[task] & Self.waitingBit)
    state[cpuOffset + cpu] = UInt8(task)
  }
}
