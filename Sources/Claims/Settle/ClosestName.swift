import MailThread

/// The real name a misspelt one was probably meant to be: `migrate_entry_wait_on_locked`
/// → `migration_entry_wait_on_locked`.
///
/// ```swift
/// ClosestName.of("migrate_entry_wait_on_locked", among: ["migration_entry_wait_on_locked"])
/// // "migration_entry_wait_on_locked"
/// ```
enum ClosestName {
  /// The candidate within an edit distance of a quarter of the name's length (at least 2),
  /// the nearest first, then the shortest; nil when none is that close.
  ///
  /// - Complexity: O(c × n × m) for c candidates of length m and a name of length n.
  static func of(_ name: String, among candidates: Set<String>) -> String? {
    let wanted = Array(name.utf8)
    let limit = max(2, wanted.count / 4)
    var best: (name: String, distance: Int)?
    for candidate in candidates.sorted() where candidate != name {
      let other = Array(candidate.utf8)
      guard abs(other.count - wanted.count) <= limit else { continue }
      let distance = EditDistance.between(wanted, other)
      if distance <= limit, distance < (best?.distance ?? Int.max) {
        best = (candidate, distance)
      }
    }
    return best?.name
  }
}
