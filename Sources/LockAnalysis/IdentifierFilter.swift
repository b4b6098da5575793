import CSyntax

/// The C identifiers of a text as a bit set of their hashes: whether the text may hold a name,
/// asked of every header a patched file includes, for each call the patch adds.
///
/// One pass over the bytes (``forEachIdentifier(in:_:)``, no allocation); a name whose bit is clear
/// is certainly absent, one whose bit is set is probably there (a 64 Ki-bit set holds the few
/// thousand distinct words of a large header with a few percent of false hits).
///
/// ```swift
/// let filter = IdentifierFilter("void folio_lock(struct folio *folio);")
/// filter.mayContain("folio_lock")     // true
/// filter.mayContain("folio_unlock")   // false (almost surely)
/// ```
struct IdentifierFilter: Sendable {
  /// 2^16 bits.
  private var bits = [UInt64](repeating: 0, count: 1 << 10)

  init(_ text: String) {
    var text = text
    text.withUTF8 { bytes in
      forEachIdentifier(in: bytes) { _, hash in
        set(hash)
        return true
      }
    }
  }

  /// False if `name` is certainly not an identifier of the text.
  /// - Complexity: O(*m*) for a name of *m* bytes.
  func mayContain(_ name: String) -> Bool {
    var name = name
    let (word, bit) = Self.place(name.withUTF8(FutureHash.fnv1a))
    return bits[word] & bit != 0
  }

  private mutating func set(_ hash: UInt64) {
    let (word, bit) = Self.place(hash)
    bits[word] |= bit
  }

  /// The word and the bit of a hash's low 16 bits.
  private static func place(_ hash: UInt64) -> (word: Int, bit: UInt64) {
    (Int(truncatingIfNeeded: hash >> 6) & 0x3FF, 1 << (hash & 63))
  }
}
