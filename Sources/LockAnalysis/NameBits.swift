/// A set of names kept as bits of their FNV-1a hashes: a clear bit says a name is certainly
/// not in the set, without the String hash (about 490 instructions) a `Set` or a `Dictionary`
/// lookup costs, or the search of a text. A set bit says it probably is (a collision costs a
/// real lookup, never a wrong answer).
///
/// Two uses: the primitive table's entries and name lists (4 Ki bits: the walk asks about
/// every call of every path, and most called functions are in none of them), and the words of
/// an included header (64 Ki bits, ``init(identifiersOf:)``: the stub check asks a header for
/// each call a patch adds, and a large header holds a few thousand distinct words).
///
/// ```swift
/// var names = NameBits()
/// names.insert("folio_lock")
/// names.mayContain("folio_lock")     // true
/// names.mayContain("folio_unlock")   // false (almost surely)
/// ```
struct NameBits: Sendable {
  private var words: [UInt64]

  /// - Parameter words: the size in 64-bit words, a power of two.
  init(words: Int = 64) {
    assert(words > 0 && words & (words - 1) == 0, "a power of two")
    self.words = [UInt64](repeating: 0, count: words)
  }

  /// The identifiers of `text` (one pass over its bytes, ``forEachIdentifier(in:_:)``).
  init(identifiersOf text: String) {
    self.init(words: 1 << 10)
    var text = text
    text.withUTF8 { bytes in
      forEachIdentifier(in: bytes) { _, hash in
        insert(hash: hash)
        return true
      }
    }
  }

  mutating func insert(_ name: String) {
    var name = name
    insert(hash: name.withUTF8(FutureHash.fnv1a))
  }

  /// False if `name` was certainly never inserted.
  /// - Complexity: O(*m*) for a name of *m* bytes.
  func mayContain(_ name: String) -> Bool {
    var name = name
    let (word, bit) = place(name.withUTF8(FutureHash.fnv1a))
    return words[word] & bit != 0
  }

  private mutating func insert(hash: UInt64) {
    let (word, bit) = place(hash)
    words[word] |= bit
  }

  /// The word and the bit of a hash's low bits.
  private func place(_ hash: UInt64) -> (word: Int, bit: UInt64) {
    (Int(truncatingIfNeeded: hash >> 6) & (words.count - 1), 1 << (hash & 63))
  }
}
