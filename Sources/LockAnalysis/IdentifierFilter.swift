/// The C identifiers of a text as a bit set of their hashes: whether the text may hold a name,
/// asked of every header a patched file includes, for each call the patch adds.
///
/// One pass over the bytes (FNV-1a per identifier, no allocation); a name whose bit is clear
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
  private var bits: [UInt64]

  init(_ text: String) {
    var bits = [UInt64](repeating: 0, count: 1 << 10)
    var text = text
    text.withUTF8 { bytes in
      var index = 0
      while index < bytes.count {
        guard bytes[index].isIdentifierByte else {
          index += 1
          continue
        }
        var hash = Self.offset
        while index < bytes.count && bytes[index].isIdentifierByte {
          hash = (hash ^ UInt64(bytes[index])) &* Self.prime
          index += 1
        }
        let bit = Int(truncatingIfNeeded: hash) & 0xFFFF
        bits[bit >> 6] |= 1 << UInt64(bit & 63)
      }
    }
    self.bits = bits
  }

  /// False if `name` is certainly not an identifier of the text.
  /// - Complexity: O(*m*) for a name of *m* bytes.
  func mayContain(_ name: String) -> Bool {
    var hash = Self.offset
    for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* Self.prime }
    let bit = Int(truncatingIfNeeded: hash) & 0xFFFF
    return bits[bit >> 6] & (1 << UInt64(bit & 63)) != 0
  }

  private static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
  private static let prime: UInt64 = 0x100_0000_01b3
}
