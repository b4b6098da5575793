/// A set of names kept as bits of their FNV-1a hashes (4 Ki bits): a clear bit says a name is
/// certainly not in the set, without the String hash (about 490 instructions) a `Set` or a
/// `Dictionary` lookup costs. The walk asks the table about every call of every path, and most
/// called functions are in none of its lists.
///
/// ```swift
/// var names = NameBits()
/// names.insert("folio_lock")
/// names.mayContain("folio_lock")     // true
/// names.mayContain("folio_unlock")   // false (almost surely)
/// ```
struct NameBits: Sendable {
  private var words = [UInt64](repeating: 0, count: 64)

  mutating func insert(_ name: String) {
    let (word, bit) = Self.place(of: name)
    words[word] |= bit
  }

  /// False if `name` was certainly never inserted.
  /// - Complexity: O(*m*) for a name of *m* bytes.
  func mayContain(_ name: String) -> Bool {
    let (word, bit) = Self.place(of: name)
    return words[word] & bit != 0
  }

  private static func place(of name: String) -> (word: Int, bit: UInt64) {
    var name = name
    let hash = name.withUTF8(FutureHash.fnv1a)
    return (Int(truncatingIfNeeded: hash >> 6) & 63, 1 << (hash & 63))
  }
}
