import Foundation
import KernelTree

/// The commits that bring a line's missing identifiers, in the order to apply them: by the
/// release they went into (a release-only answer — no commit known — by that release),
/// then, within a release, each after the ones in its history (ancestry), then by date.
///
/// ```swift
/// try DependencyOrder(tree: tree).dependencies(of: missing)
/// // [2b2b53626f3e "mm: introduce softleaf_t …" v6.19: softleaf_t, softleaf_is_hwpoison]
/// ```
///
/// - Complexity: O(d²) ancestry questions for d dependencies (a handful per line).
struct DependencyOrder {
  let tree: KernelRepository

  func dependencies(of missing: [MissingIdentifier]) throws(KernelTreeError) -> [Dependency] {
    var order: [String] = []
    var groups: [String: (introduction: MissingIdentifier.Introduction, names: [String])] = [:]
    for item in missing {
      guard let introduction = item.introducedBy else { continue }
      guard let key = introduction.commit ?? introduction.release else { continue }
      if groups[key] == nil {
        order.append(key)
        groups[key] = (introduction, [])
      }
      groups[key]?.names.append(item.identifier)
    }
    var dated: [(key: String, version: KernelVersion?, date: Date)] = []
    for key in order {
      let introduction = groups[key]!.introduction
      let date = try introduction.commit.flatMap(ObjectID.init(hex:)).map {
        id throws(KernelTreeError) in try tree.commit(id).date
      }
      dated.append((key, introduction.release.flatMap { KernelVersion($0) }, date ?? .distantPast))
    }
    // Released before unreleased; older releases first; then by date.
    dated.sort { a, b in
      switch (a.version, b.version) {
      case (let x?, let y?) where x != y: return x < y
      case (.some, nil): return true
      case (nil, .some): return false
      default: return a.date < b.date
      }
    }
    var keys = dated.map(\.key)
    var sorted: [String] = []
    // Within that order, a commit never goes before one in its own history.
    while !keys.isEmpty {
      var pick = 0
      candidates: for (index, key) in keys.enumerated() {
        for other in keys where other != key {
          if try isAncestor(other, of: key) { continue candidates }
        }
        pick = index
        break
      }
      sorted.append(keys.remove(at: pick))
    }
    return sorted.map { key in
      let (introduction, names) = groups[key]!
      return Dependency(
        commit: introduction.commit, subject: introduction.subject,
        release: introduction.release, identifiers: names)
    }
  }

  private func isAncestor(_ a: String, of b: String) throws(KernelTreeError) -> Bool {
    guard let older = ObjectID(hex: a), let newer = ObjectID(hex: b) else { return false }
    return try tree.isAncestor(older, of: newer)
  }
}
