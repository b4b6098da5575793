/// The deleting operators: an unlock, a `pte_unmap` or a put cut from one path.
extension MutantGenerator {
  func deletions(_ scan: FunctionScan) -> [Mutant] {
    var found: [Mutant] = []
    for call in scan.calls where call.isWholeStatement && call.assignedTo == nil {
      let site = scan.site(of: call)
      guard scan.ownsLines(site), let role = roles.role(of: call.name) else { continue }
      switch role {
      case .unlock(let family):
        guard let object = roles.lockObject(of: call), onePath(scan, lock: object) else { continue }
        // A sleeping lock kept by mistake is taken again by the next acquisition on the path:
        // reported as its recursion just as well.
        // A spinlock kept by mistake is held over what follows: a sleep there is reported as
        // `sleep-under-spinlock` (a new finding, so caused by the mutation) just as well.
        let rules: [String]
        switch family {
        case .mutex, .rwsem: rules = ["lock-imbalance", "recursive-lock"]
        case .spinlock: rules = ["lock-imbalance", "sleep-under-spinlock"]
        default: rules = ["lock-imbalance"]
        }
        // A release followed by taking the same lock again is no equivalent mutant: deleted,
        // the lock is taken twice (a self-deadlock, which the walker can see as a double
        // acquisition or as the sleep in between).
        let equivalence = scan.equivalence(at: site)
        found.append(
          mutant(
            scan, .deleteUnlock, line: call.line, rules: rules,
            change:
              "deleted \(call.name)(\(call.arguments.joined(separator: ", "))) at \(call.line)",
            edits: [deletion(scan, site)], equivalence: equivalence))
      case .unmap(let unlocks):
        guard let map = roles.mapObject(of: call), onePath(scan, map: map) else { continue }
        found.append(
          mutant(
            scan, .deletePteUnmap, line: call.line,
            rules: unlocks ? ["missing-pte-unmap", "lock-imbalance"] : ["missing-pte-unmap"],
            change:
              "deleted \(call.name)(\(call.arguments.joined(separator: ", "))) at \(call.line)",
            edits: [deletion(scan, site)], equivalence: scan.equivalence(at: site)))
      case .put:
        guard let object = Self.firstArgument(call), onePath(scan, reference: object) else {
          continue
        }
        found.append(
          mutant(
            scan, .deletePut, line: call.line, rules: ["ref-imbalance"],
            change:
              "deleted \(call.name)(\(call.arguments.joined(separator: ", "))) at \(call.line)",
            edits: [deletion(scan, site)], equivalence: scan.equivalence(at: site)))
      default:
        continue
      }
    }
    return found
  }

  /// Whether deleting one release of the lock `object` leaves it held on some paths only: the
  /// function takes it, and another release, a conditional acquisition or an exit before the
  /// acquisition gives a path that does not reach this release holding it.
  func onePath(_ scan: FunctionScan, lock object: String) -> Bool {
    var acquisitions: [(line: Int, conditional: Bool)] = []
    var releases = 0
    for call in scan.calls {
      switch roles.role(of: call.name) {
      case .lock, .map(locks: true):
        if roles.lockObject(of: call) == object { acquisitions.append((call.line, false)) }
      case .conditionalLock:
        if roles.lockObject(of: call) == object { acquisitions.append((call.line, true)) }
      case .unlock, .unmap(unlocks: true):
        if roles.lockObject(of: call) == object { releases += 1 }
      default: break
      }
    }
    guard let first = acquisitions.map(\.line).min() else { return false }
    return releases >= 2 || acquisitions.contains { $0.conditional } || scan.exitsBefore(first)
  }

  /// The same for a PTE map: the function maps it (a map can fail, so some path has none).
  func onePath(_ scan: FunctionScan, map: String) -> Bool {
    scan.calls.contains { call in
      if case .map = roles.role(of: call.name) { return call.assignedTo == map }
      return false
    }
  }

  /// The same for a reference the function takes.
  func onePath(_ scan: FunctionScan, reference object: String) -> Bool {
    var gets: [(line: Int, conditional: Bool)] = []
    var puts = 0
    for call in scan.calls where Self.firstArgument(call) == object {
      switch roles.role(of: call.name) {
      case .get(let conditional): gets.append((call.line, conditional))
      case .put: puts += 1
      default: break
      }
    }
    guard let first = gets.map(\.line).min() else { return false }
    return puts >= 2 || gets.contains { $0.conditional } || scan.exitsBefore(first)
  }
}
