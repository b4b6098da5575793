import PathFormat

/// A lock, reference or per-CPU wait a function's paths touch, with the class of contenders
/// that compete for it.
struct ContendedObject: Hashable, Sendable {
  var name: String
  var kind: ContenderClass

  /// The objects `paths` touch, in order of first appearance; the paths' objects are named
  /// as the scenario names them already (``PathNames/resolved(_:)`` and
  /// ``PathNames/scenarioName(_:)``, applied by the composer once per path).
  /// `lru_add_drain_all()` under a sleeping lock makes that lock a `per-cpu-work` object too.
  static func touched(by paths: [AnalysisPath]) -> [ContendedObject] {
    var found: [ContendedObject] = []
    func note(_ object: ContendedObject) { if !found.contains(object) { found.append(object) } }
    for path in paths {
      var heldSleeping: [String] = []
      for op in path.ops {
        guard let name = op.object else {
          if op.op == .drainAllCPUs, let held = heldSleeping.last {
            note(ContendedObject(name: held, kind: .perCPUWork))
          }
          continue
        }
        switch op.op {
        case .lock, .unlock, .trylock:
          let kind = PathNames.lockClass(op)
          note(ContendedObject(name: name, kind: kind))
          if kind == .sleepingLock {
            if op.op == .unlock {
              heldSleeping.removeAll { $0 == name }
            } else if op.outcome != .failed {
              heldSleeping.append(name)
            }
          }
        case .readLock, .readUnlock, .writeLock, .writeUnlock:
          note(ContendedObject(name: name, kind: .rwsem))
        case .mapLock, .unmapUnlock: note(ContendedObject(name: name, kind: .spinlock))
        case .get, .put, .tryGet: note(ContendedObject(name: name, kind: .reference))
        case .waitUnlocked: note(ContendedObject(name: name, kind: .sleepingLock))
        default: break
        }
      }
    }
    return found
  }
}

/// How exported object expressions become the names of a composed scenario.
enum PathNames {
  /// A word of the scenario language: no spaces, no `#`, braces or quotes.
  static func scenarioName(_ expression: String) -> String {
    // Most names are words already: a byte check spares the per-Character filter.
    let clean = expression.utf8.allSatisfy { byte in
      byte > 32 && byte < 127 && byte != UInt8(ascii: "#") && byte != UInt8(ascii: "{")
        && byte != UInt8(ascii: "}") && byte != UInt8(ascii: "\"")
    }
    if clean { return expression }
    return String(expression.filter { !$0.isWhitespace && !"#{}\"".contains($0) })
  }

  /// The lock class of an rw-semaphore object (`mm->mmap_lock` → `mmap_lock`).
  static func rwsemClass(_ name: String) -> String {
    let separators =
      name.ranges(of: "->").map(\.upperBound) + name.ranges(of: ".").map(\.upperBound)
    guard let last = separators.max() else { return name }
    return String(name[last...])
  }

  static func lockClass(_ op: PathOp) -> ContenderClass {
    switch op.kind {
    case .spinlock: .spinlock
    case .rwsem: .rwsem
    case .sleeping, nil: .sleepingLock
    }
  }

  /// The ops with the names the scenario uses: rw-semaphores by lock class, and a
  /// `wait-unlocked` on an object no op of the path takes (a migration entry) aimed at the
  /// lock the path last failed to take (`trylock_page()` failed, so wait for that page).
  static func resolved(_ ops: [PathOp]) -> [PathOp] {
    var out: [PathOp] = []
    var lastFailed: String?
    let taken = Set(
      ops.filter { [.lock, .trylock, .readLock, .writeLock, .mapLock].contains($0.op) }
        .compactMap(\.object))
    for var op in ops {
      if [.readLock, .readUnlock, .writeLock, .writeUnlock].contains(op.op)
        || op.kind == .rwsem
      {
        op.object = op.object.map { rwsemClass(scenarioName($0)) }
      }
      if op.op == .trylock, op.outcome == .failed { lastFailed = op.object }
      if op.op == .waitUnlocked, let object = op.object, !taken.contains(object),
        let lastFailed
      {
        op.object = lastFailed
      }
      out.append(op)
    }
    return out
  }
}
