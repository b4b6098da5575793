import Foundation

/// Byte searches on C text, for this module and the readers above it (the walk, the stub
/// check).
///
/// `StringProtocol.contains(_:)` builds a substring searcher (a table of the needle's
/// characters) per call; the walk asks for `->` in an object name at every lock op, for the
/// table's `*_test_*` patterns and ``Statement/isIteratorMacro(_:)`` at every call of every path.
extension String {
  /// Whether the ASCII `needle` occurs in this string (an empty needle nowhere, as
  /// `StringProtocol.contains(_:)` answers).
  ///
  /// ```swift
  /// "vmf->ptl".containsASCII("->")   // true
  /// ```
  package func containsASCII(_ needle: String) -> Bool {
    search(needle, wholeWord: false)
  }

  /// Whether the C identifier `name` occurs in this text as a whole word (`__releases` in a
  /// header, not `__releases_all`).
  ///
  /// ```swift
  /// "void f(void) __releases(ptl);".containsIdentifier("__releases")   // true
  /// ```
  package func containsIdentifier(_ name: String) -> Bool {
    search(name, wholeWord: true)
  }

  /// The search on the UTF-8 bytes in place (copied only when a string has no contiguous
  /// storage): `memchr` for the needle's first byte, then `memcmp`.
  private func search(_ needle: String, wholeWord: Bool) -> Bool {
    var text = self
    var pattern = needle
    return text.withUTF8 { bytes in
      pattern.withUTF8 { Self.find($0, in: bytes, wholeWord: wholeWord) }
    }
  }

  private static func find(
    _ pattern: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>, wholeWord: Bool
  ) -> Bool {
    guard let first = pattern.first, let textStart = text.baseAddress,
      let patternStart = pattern.baseAddress, text.count >= pattern.count
    else { return false }
    let end = textStart + text.count
    let last = end - pattern.count
    var start = textStart
    while start <= last, let hit = memchr(start, Int32(first), last - start + 1) {
      let candidate = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
      start = candidate + 1
      guard memcmp(candidate, patternStart, pattern.count) == 0 else { continue }
      let after = candidate + pattern.count
      if !wholeWord
        || ((candidate == textStart || !(candidate - 1).pointee.isIdentifierByte)
          && (after == end || !after.pointee.isIdentifierByte))
      {
        return true
      }
    }
    return false
  }
}

extension UInt8 {
  /// A byte of a C identifier: `[A-Za-z0-9_]`.
  @inlinable package var isIdentifierByte: Bool {
    (self >= 0x61 && self <= 0x7A) || (self >= 0x41 && self <= 0x5A)
      || (self >= 0x30 && self <= 0x39) || self == 0x5F
  }
}
