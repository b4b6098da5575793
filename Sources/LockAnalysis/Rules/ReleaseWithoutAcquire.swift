/// A release site: the line of the call and the object it releases.
struct ReleaseSite: Hashable {
  var line: Int
  var object: String
}

/// What the paths reaching one release site held there.
struct ReleaseWitnesses {
  /// Some path reached the site holding the object.
  var held = false
  /// A path that reached the site without holding the object and without having taken it.
  var unheld: PathState?
}

extension PathWalker {
  /// Notes how a path reaches a release of `object` at `line`: holding it, or never having
  /// taken it (a release of a lock the path never took).
  func witnessRelease(of object: String, line: Int, holding: Bool, _ state: inout PathState) {
    guard !context.fragment, !state.callersLocks.contains(object) else { return }
    let site = ReleaseSite(line: line, object: object)
    if holding {
      releaseSites[site, default: ReleaseWitnesses()].held = true
    } else if !state.acquired.contains(object), !state.untracked.contains(object) {
      // A name a callee gave its value may come locked (`folio = filemap_lock_folio(…)`).
      let fromCallee = state.calleeValues.contains {
        object == $0 || PathWalker.isBased(object, on: $0)
      }
      if !fromCallee, releaseSites[site]?.unheld == nil {
        releaseSites[site, default: ReleaseWitnesses()].unheld = state
      }
      // The first release of a lock never taken here: from now on it is the caller's lock.
      state.callersLocks.insert(object)
    }
  }

  /// `lock-imbalance` for a release that some paths reach holding the lock and others reach
  /// without ever having taken it: a lock taken conditionally and released unconditionally.
  /// A site no path reaches holding the lock is the caller's lock, released for it (not judged).
  func reportReleasesWithoutAcquire() {
    for (site, witnesses) in releaseSites.sorted(by: { $0.key.line < $1.key.line })
    where witnesses.held {
      guard let unheld = witnesses.unheld else { continue }
      let taken = exits.lazy.compactMap { exit in
        exit.state.ops.array.first {
          $0.object == site.object && $0.line < site.line && Self.takes($0.op)
        }
      }.first
      report(
        .lockImbalance, severity: .warning, line: site.line,
        key: "unheld-\(site.line)-\(site.object)", path: unheld.ops,
        message:
          "\(site.object) is released at \(site.line) on this path, which never took it"
          + (taken.map { " (other paths take it with \($0.call ?? "lock")() at \($0.line))" } ?? "")
          + ": a lock taken on some paths only must be released on those paths only (a warning: "
          + "the path may be one the code cannot take, or the lock one a callee took)")
    }
  }

  /// Whether an op takes a lock.
  static func takes(_ kind: PathOp.Kind) -> Bool {
    [.lock, .readLock, .writeLock, .trylock, .mapLock].contains(kind)
  }
}
