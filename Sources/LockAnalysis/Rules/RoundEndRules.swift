/// `lock-imbalance` where a loop round ends: a lock taken in a round and still held when the
/// round goes on to the next one (or jumps back to a label to retry) on one path, but released
/// before the round ends on another path that ends it the same way.
///
/// A loop over objects works on a new object each round under the same name (`folio` of
/// `shrink_folio_list()`'s list, the folio `goto repeat` looks up again): a lock on the old one
/// still held then can no longer be named, and no exit of the function sees it. Loops that
/// collect locked objects on purpose (`migrate_vma_collect_pmd()` keeps each locked folio in
/// `migrate->src[]`) tell the kept ones apart by what they record (`mpfn = 0` on the paths that
/// unlock): two round ends are the same way only when every value they know agrees.
///
/// ```c
/// while (!list_empty(list)) {
///         folio = lru_to_folio(list);
///         if (!folio_trylock(folio))
///                 continue;
///         if (folio_test_dirty(folio))
///                 continue;            /* still locked: imbalance */
///         folio_unlock(folio);
/// }
/// ```
struct RoundEndRules {
  var name: String
  var file: String

  func findings(_ ends: RoundEnds) -> [Finding] {
    var findings: [Finding] = []
    var reported: Set<Int> = []
    for (loop, states) in ends.byLoop.sorted(by: { $0.key.line < $1.key.line }) {
      for finding in imbalances(states, loop: loop) + referenceImbalances(states, loop: loop)
      where reported.insert(finding.line).inserted {
        findings.append(finding)
      }
    }
    return findings
  }

  private func imbalances(_ states: [PathState], loop: RoundSite) -> [Finding] {
    var findings: [Finding] = []
    let objects = Set(states.flatMap { state in Self.takenInRound(state).map(\.object) })
    for object in objects.sorted() {
      let releasing = states.filter { state in
        state.releasedAfterAcquire[object] != nil && !state.held.contains { $0.object == object }
      }
      // A path whose trylock of the object failed in the round holds nothing either.
      let failing = states.filter { state in
        Self.failedTrylock(of: object, state) != nil
          && !state.held.contains { $0.object == object }
      }
      guard !releasing.isEmpty || !failing.isEmpty else { continue }
      for holding in states {
        guard let lock = Self.takenInRound(holding).first(where: { $0.object == object })
        else { continue }
        let end = holding.ops.lastLine ?? lock.line
        guard let released = releasing.first(where: { Self.sameWay(holding, $0) }) else {
          // A collecting loop tells the kept objects apart by what it records (`mpfn = 0` on
          // the paths that keep nothing): a lock not handed on by a round that records a value,
          // the one a round whose trylock failed records, is kept by nobody (a loop that
          // records nothing, lock_zspage()'s, keeps its locks in other ways: `curr_page = page`).
          guard Self.recordsConstant(holding), !holding.handedOn.contains(object),
            !ExitRules.handsOut(object, holding),
            let failed = failing.first(where: { Self.sameWay(holding, $0) }),
            let failure = Self.failedTrylock(of: object, failed)
          else { continue }
          findings.append(
            Finding(
              rule: .lockImbalance, severity: .warning, file: file, line: lock.line,
              function: name,
              message:
                "\(object) taken by \(lock.call)() at \(lock.line) is still held when "
                + loop.roundEnd + " after line \(end) on this path, which records what the "
                + "path whose \(failure.call ?? "trylock")() at \(failure.line) failed records: "
                + "nothing here unlocks it or hands it on, and the next round's "
                + "\(object) is a new object",
              path: holding.ops.array))
          break
        }
        let releaseLine = released.releasedAfterAcquire[object].map { released.ops[$0].line }
        findings.append(
          Finding(
            rule: .lockImbalance, severity: .warning, file: file, line: lock.line, function: name,
            message:
              "\(object) taken by \(lock.call)() at \(lock.line) is still held when "
              + loop.roundEnd + " after line \(end) on this path, but released"
              + (releaseLine.map { " at \($0)" } ?? "")
              + " on another path that ends the round the same way: the next round's \(object) "
              + "is a new object, and this one stays locked",
            path: holding.ops.array))
        break
      }
    }
    return findings
  }

  /// A reference taken in the round and still held when it ends, on a path that handed the
  /// object to nobody (``PathState/escaped``, no store), beside a path that took it in the
  /// round and dropped it before the round ended the same way.
  private func referenceImbalances(_ states: [PathState], loop: RoundSite) -> [Finding] {
    var findings: [Finding] = []
    let objects = Set(
      states.flatMap { state in Self.referencesTakenInRound(state).compactMap(\.object) })
    for object in objects.sorted() {
      let dropping = states.filter { state in
        state.references[object, default: 0] <= 0
          && state.ops.array[state.roundStart...].contains {
            ($0.op == .get || $0.op == .tryGet) && $0.object == object
          }
      }
      guard !dropping.isEmpty else { continue }
      for keeping in states where keeping.references[object, default: 0] > 0 {
        guard !keeping.escaped.contains(object), !ExitRules.handsOut(object, keeping),
          let get = Self.referencesTakenInRound(keeping).first(where: { $0.object == object }),
          dropping.contains(where: { Self.sameWay(keeping, $0) })
        else { continue }
        let call = get.call ?? "get"
        let end = keeping.ops.lastLine ?? get.line
        let message =
          "the reference on \(object) taken by \(call)() at \(get.line) is still held when "
          + loop.roundEnd + " after line \(end) on this path, but dropped on another "
          + "path that ends the round the same way, and nothing here kept \(object)"
        findings.append(
          Finding(
            rule: .refImbalance, severity: .warning, file: file, line: get.line, function: name,
            message: message, path: keeping.ops.array))
        break
      }
    }
    return findings
  }

  /// Whether the path knows a variable holds a constant (`mpfn = 0`), not only another
  /// name's value (`curr_page = page`).
  private static func recordsConstant(_ state: PathState) -> Bool {
    state.values.entries.values.contains { value in
      PathWalker.truth(ofConstant: value) != nil || PathWalker.isEnumerator(value)
    }
  }

  /// The failed trylock of `object` in the path's round, if one failed.
  private static func failedTrylock(of object: String, _ state: PathState) -> PathOp? {
    guard state.roundStart < state.ops.count else { return nil }
    return state.ops.array[state.roundStart...].last {
      $0.op == .trylock && $0.outcome == .failed && $0.object == object
    }
  }

  /// The get ops of a path since its round started.
  private static func referencesTakenInRound(_ state: PathState) -> [PathOp] {
    guard state.roundStart < state.ops.count else { return [] }
    return state.ops.array[state.roundStart...].filter {
      ($0.op == .get || $0.op == .tryGet) && $0.object != nil
    }
  }

  /// The locks a path took since its round started, not handed on to anyone.
  private static func takenInRound(_ state: PathState) -> [HeldLock] {
    state.held.filter { $0.opIndex >= state.roundStart && !$0.returnedByCall }
  }

  /// Two round ends are the same way when every value either knows agrees with the other's.
  static func sameWay(_ one: PathState, _ other: PathState) -> Bool {
    one.values == other.values
  }
}

/// Where a round ends: the end of a loop's body (or a `continue`), or a jump back to a label.
enum RoundSite: Hashable {
  case loop(line: Int)
  case label(String, line: Int)

  var line: Int {
    switch self {
    case .loop(let line), .label(_, let line): return line
    }
  }

  /// `the loop at 1067 goes on to its next round`, `the path jumps back to 'repeat' at 3803`.
  var roundEnd: String {
    switch self {
    case .loop(let line): return "the loop at \(line) goes on to its next round"
    case .label(let name, let line): return "the path jumps back to '\(name)' at \(line)"
    }
  }
}

/// Paths at the end of a loop round, or jumping back to a label, by loop (`loop@1067`,
/// `repeat@3803`): only those that took or released a lock in the round, one per distinct
/// lock state and values.
///
/// Invariant: at most ``limit`` paths per loop.
struct RoundEnds {
  /// Paths kept per loop; more add nothing a reviewer would read.
  static let limit = 256
  private(set) var byLoop: [RoundSite: [PathState]] = [:]
  private var seen: [RoundSite: Set<Int>] = [:]

  /// What the rules read of a round end: the locks taken in the round, those released, the
  /// references held and handed on, and the known values (two ends alike in these are one).
  private static func key(_ state: PathState) -> Int {
    var hasher = Hasher()
    hasher.combine(state.held.filter { $0.opIndex >= state.roundStart }.map(\.object))
    hasher.combine(Set(state.releasedAfterAcquire.keys))
    hasher.combine(state.references.filter { $0.value > 0 }.map(\.key).sorted())
    hasher.combine(state.escaped)
    hasher.combine(state.values.hash)
    return hasher.finalize()
  }

  mutating func record(_ states: [PathState], at loop: RoundSite) {
    for state in states
    where state.held.contains(where: { $0.opIndex >= state.roundStart })
      || !state.releasedAfterAcquire.isEmpty || !state.references.isEmpty
    {
      guard byLoop[loop, default: []].count < Self.limit,
        seen[loop, default: []].insert(Self.key(state)).inserted
      else { continue }
      byLoop[loop, default: []].append(state)
    }
    assert(byLoop[loop, default: []].count <= Self.limit)
  }
}

extension PathWalker {
  /// Keeps the paths ending a round of `loop` for ``RoundEndRules``.
  func recordRoundEnds(_ states: [PathState], at loop: RoundSite) {
    roundEnds.record(states, at: loop)
  }
}
