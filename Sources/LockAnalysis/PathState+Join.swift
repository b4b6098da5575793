/// Joining paths whose tracked property is equal (ESP's property simulation).
///
/// Two paths with the same locks, references, maps and pending trylock failure — the *property*
/// the rules judge — have the same future as far as the rules can tell, except where a later
/// condition they decided differently would send them different ways. Joining keeps one path
/// with only the facts both agree on: a condition decided alike on both stays decided, one
/// decided differently is open again, so a later test of it forks the joined path both ways.
/// That over-approximates (never drops a way a path can go), and it keeps the number of paths
/// at a program point at most the number of distinct properties there, not the number of
/// branch combinations before it: the walk stays polynomial in the size of the function.
///
/// Das, Lerner and Seigle, "ESP: Path-Sensitive Program Verification in Polynomial Time",
/// PLDI 2002; smatch's `merge_slist()` is the kernel world's version of the same idea.
extension PathState {
  /// Keeps only the conditions, values and aliases `other` agrees on; the ops (the evidence)
  /// stay this path's own.
  ///
  /// - Precondition: `hasSameFuture(as: other, coarse: true)` (equal properties).
  mutating func join(_ other: PathState, keepingAlternates: Bool = false) {
    assert(hasSameFuture(as: other, coarse: true), "joined paths must have equal properties")
    if assumptions != other.assumptions {
      assumptions = assumptions.keepingAgreed(with: other.assumptions)
    }
    if values != other.values {
      values = values.keeping { key, value in other.values[key] == value }
    }
    if aliases != other.aliases {
      aliases = aliases.filter { other.aliases[$0.key] == $0.value }
    }
    if !other.referenced.isSubset(of: referenced) { referenced.formUnion(other.referenced) }
    if !other.untracked.isSubset(of: untracked) { untracked.formUnion(other.untracked) }
    if !other.escaped.isSubset(of: escaped) { escaped.formUnion(other.escaped) }
    if !other.handedOn.isSubset(of: handedOn) { handedOn.formUnion(other.handedOn) }
    if !other.calleeValues.isSubset(of: calleeValues) {
      calleeValues.formUnion(other.calleeValues)
    }
    if !other.callersLocks.isSubset(of: callersLocks) {
      callersLocks.formUnion(other.callersLocks)
    }
    if !other.lists.isEmpty, other.lists != lists { lists.merge(other.lists) }
    if keepingAlternates { keepAlternates(of: other) }
    if !other.reruns.isEmpty, other.reruns != reruns {
      reruns.merge(other.reruns, uniquingKeysWith: max)
    }
  }

  /// The lock, reference and map part of the state (``Relevance/joinHash(_:)`` adds the
  /// decisive facts).
  var propertyHash: Int { futureHash(coarse: true) }
}

extension HashedMap {
  /// The entries `keep` accepts.
  ///
  /// - Complexity: O(*n*) in the number of entries.
  func keeping(_ keep: (String, Value) -> Bool) -> HashedMap {
    // Joined paths disagree on few of their facts: removing those from a copy is cheaper than
    // building a new map of all the others.
    var out = self
    for (key, value) in entries where !keep(key, value) { out[key] = nil }
    return out
  }
}

/// A path joined into another: its ops up to the join, and how many ops the path it joined had
/// then (the ops after that are the two paths' common continuation).
struct Alternate: Sendable {
  var trail: OpTrail
  var joinedAt: Int
}

extension PathState {
  /// At most this many alternates are kept per path (the rest differ from the kept ones in
  /// ops only, not in what they do to locks).
  static let alternateLimit = 8

  /// Keeps `other`'s ops (and those of the paths joined into it) as alternates of this path,
  /// unless they do the same primitive ops as this path or as an alternate already kept.
  mutating func keepAlternates(of other: PathState) {
    guard alternates.count < Self.alternateLimit,
      other.ops.signature != ops.signature
        || !other.alternates.isEmpty
    else { return }
    var signatures = Set([ops.signature] + alternates.map(\.trail.signature))
    if signatures.insert(other.ops.signature).inserted {
      alternates.append(Alternate(trail: other.ops, joinedAt: ops.count))
    }
    for alternate in other.alternates where alternates.count < Self.alternateLimit {
      // Most are paths this one already stands for: the trail is built only for a new one.
      let signature = other.ops.signature(continuing: alternate.trail, from: alternate.joinedAt)
      guard signatures.insert(signature).inserted else { continue }
      let trail = other.ops.continuing(alternate.trail, from: alternate.joinedAt)
      alternates.append(Alternate(trail: trail, joinedAt: ops.count))
    }
  }

  /// Every path this one stands for, as op lists: its own ops, then each alternate's ops
  /// followed by this path's ops after the join.
  var allTrails: [[PathOp]] {
    [ops.array] + alternates.map { ops.continuing($0.trail, from: $0.joinedAt).array }
  }
}

extension OpTrail {
  /// `prefix` followed by this trail's ops from index `start` on.
  func continuing(_ prefix: OpTrail, from start: Int) -> OpTrail {
    var out = prefix
    for op in ops(from: start) { out.append(op) }
    return out
  }

}
