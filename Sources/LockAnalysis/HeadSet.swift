/// The paths already walked from one loop head or label: the walk's fixpoint.
///
/// A path that comes back to a loop head (or jumps back to a label) in a state already walked
/// from there has the same future as the one walked: it adds nothing and stops. With
/// `joining`, a path whose property (locks, references, maps) equals that of a walked one is
/// joined with it (``PathState/join(_:)``); if the joined path knows less than the walked one,
/// it is walked again, else the walked one covers it. Joining only forgets facts, and there are
/// finitely many, so a loop reaches its fixpoint.
///
/// ```swift
/// var heads = HeadSet()
/// heads.admit([state], joining: false)  // [state]: walk it
/// heads.admit([state], joining: false)  // []: already walked
/// ```
struct HeadSet {
  /// Walked paths, by property hash.
  private var walked: [Int: [PathState]] = [:]
  /// Walked paths, by their whole future hash (for the exact check).
  private var exact: [Int: [PathState]] = [:]
  /// Rounds so far (loop iterations, or reruns from a label).
  var rounds = 0

  /// The paths of `incoming` still to be walked from this head; records them as walked.
  ///
  /// - Complexity: O(*n* × *k*) for *n* incoming paths and *k* walked paths per property.
  mutating func admit(_ incoming: [PathState], joining: Bool) -> [PathState] {
    var out: [PathState] = []
    for state in incoming {
      let hash = state.propertyHash
      let whole = state.futureHash(coarse: false)
      if exact[whole, default: []].contains(where: { $0.hasSameFuture(as: state, coarse: false) }) {
        continue
      }
      var group = walked[hash, default: []]
      if joining, let index = group.firstIndex(where: { $0.hasSameFuture(as: state, coarse: true) })
      {
        var joined = group[index]
        joined.join(state)
        // The walked path knew no more than the new one: it covers it.
        if joined.hasSameFuture(as: group[index], coarse: false) { continue }
        group[index] = joined
        walked[hash] = group
        exact[joined.futureHash(coarse: false), default: []].append(joined)
        out.append(joined)
        continue
      }
      group.append(state)
      walked[hash] = group
      exact[whole, default: []].append(state)
      out.append(state)
    }
    return out
  }
}
