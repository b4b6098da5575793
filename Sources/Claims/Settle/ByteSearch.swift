import Foundation

/// A search for bytes in a file's text, as `git grep -F` does it: `memchr` to each candidate
/// first byte, then `memcmp`.
///
/// ```swift
/// ByteSearch.contains(Array("lru_add_drain_all();".utf8), Array("drain".utf8))  // true
/// ```
///
/// - Complexity: O(n) in the haystack for a needle whose first byte is rare.
enum ByteSearch {
  static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard let first = needle.first, needle.count <= haystack.count else { return needle.isEmpty }
    return haystack.withUnsafeBytes { hay in
      needle.withUnsafeBytes { wanted in
        guard let base = hay.baseAddress, let want = wanted.baseAddress else { return false }
        var offset = 0
        let last = hay.count - needle.count
        while offset <= last {
          guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else {
            return false
          }
          let position = base.distance(to: UnsafeRawPointer(hit))
          if memcmp(base + position, want, needle.count) == 0 { return true }
          offset = position + 1
        }
        return false
      }
    }
  }
}
