/// Levenshtein distance: how many single-element inserts, deletes and substitutions turn
/// one sequence into the other. Used to name the closest known word for a misspelt one
/// (`Reviwed-by` → `Reviewed-by`, `migrate_entry_wait_on_locked` → `migration_entry_…`).
///
/// ```swift
/// EditDistance.between(Array("Acked-by"), Array("Ackde-by"))  // 2
/// ```
public enum EditDistance {
  /// - Complexity: O(*a* × *b*) time, O(*b*) memory.
  public static func between<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
