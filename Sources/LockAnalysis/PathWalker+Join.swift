extension PathWalker {
  /// Paths meeting at one point: equal ones are one; beyond ``joinThreshold``, those with
  /// equal properties are joined; beyond ``propertyLimit`` properties, the rest are dropped and
  /// the walk says so.
  ///
  /// - Complexity: O(*n*) expected, for *n* paths (hashing).
  func join(_ states: [PathState], line: Int) -> [PathState] {
    guard states.count > 1 else { return states }
    var out = Self.distinct(states, keepingAlternates: context.exportsAlternates)
    guard out.count > Self.joinThreshold else { return out }
    out = Self.joined(out, relevance, keepingAlternates: context.exportsAlternates)
    // Too many decisive facts apart: join by property alone (the cost bound comes first).
    if out.count > Self.relevanceLimit {
      out = Self.joined(out, nil, keepingAlternates: context.exportsAlternates)
    }
    if out.count > Self.propertyLimit {
      markIncomplete(.paths(Self.propertyLimit), line: line)
      out.removeLast(out.count - Self.propertyLimit)
    }
    return out
  }

  /// `states` with the paths that `relevance` lets join (equal properties, equal decisive
  /// facts) joined into the first of them.
  static func joined(_ states: [PathState], _ relevance: Relevance?, keepingAlternates: Bool)
    -> [PathState]
  {
    var out: [PathState] = []
    var byKey: [Int: [Int]] = [:]
    for state in states {
      let hash = relevance?.joinHash(state) ?? state.propertyHash
      if let index = byKey[hash, default: []].first(where: {
        relevance?.agree(out[$0], state) ?? out[$0].hasSameFuture(as: state, coarse: true)
      }) {
        out[index].join(state, keepingAlternates: keepingAlternates)
        continue
      }
      byKey[hash, default: []].append(out.count)
      out.append(state)
    }
    return out
  }

  /// The paths of `states` that differ, the first of each kind standing for the others (and,
  /// with `keepingAlternates`, keeping their ops as alternates).
  static func distinct(_ states: [PathState], keepingAlternates: Bool) -> [PathState] {
    var out: [PathState] = []
    out.reserveCapacity(states.count)
    // The first kept path of each hash, and for each kept path the next one with the same hash.
    var firstWithHash: [Int: Int] = [:]
    firstWithHash.reserveCapacity(states.count)
    var nextWithHash: [Int?] = []
    nextWithHash.reserveCapacity(states.count)
    for state in states {
      let hash = state.futureHash(coarse: false)
      var candidate = firstWithHash[hash]
      var last: Int?
      var equal: Int?
      while let index = candidate {
        if out[index].hasSameFuture(as: state, coarse: false) {
          equal = index
          break
        }
        last = index
        candidate = nextWithHash[index]
      }
      if let equal {
        if keepingAlternates { out[equal].keepAlternates(of: state) }
        continue
      }
      if let last { nextWithHash[last] = out.count } else { firstWithHash[hash] = out.count }
      nextWithHash.append(nil)
      out.append(state)
    }
    return out
  }
}
