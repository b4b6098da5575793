import CSyntax
import Foundation

extension String {
  /// The first (or last) place of an ASCII `needle`, found on the UTF-8 bytes in place:
  /// Foundation's `range(of:)` builds a CFString search per call, and a walk asks hundreds of
  /// thousands of times (`vmf->ptl` → the range of `->`, `folio==swapcache` → `==`).
  ///
  /// - Complexity: O(*n* × *m*) for a text of *n* bytes and a needle of *m*, no allocation.
  func asciiRange(of needle: String, backwards: Bool = false) -> Range<String.Index>? {
    var text = self
    var pattern = needle
    let offset: Int? = text.withUTF8 { bytes in
      pattern.withUTF8 { pattern in
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return nil }
        let starts = 0...(bytes.count - pattern.count)
        func matches(_ start: Int) -> Bool {
          for index in pattern.indices where bytes[start + index] != pattern[index] {
            return false
          }
          return true
        }
        return backwards ? starts.reversed().first(where: matches) : starts.first(where: matches)
      }
    }
    guard let offset else { return nil }
    let lower = utf8.index(utf8.startIndex, offsetBy: offset)
    return lower..<utf8.index(lower, offsetBy: needle.utf8.count)
  }
}

/// Calls `body` with each C identifier of `bytes` and its FNV-1a hash (``FutureHash/fnv1a(_:)``),
/// in order, until `body` returns false: the one reader of words that ``NameBits`` and
/// ``Relevance/isDecisive(_:)`` share.
///
/// - Complexity: O(*n*) for *n* bytes, no allocation.
func forEachIdentifier(
  in bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Bool
) {
  var index = 0
  while index < bytes.count {
    guard bytes[index].isIdentifierByte else {
      index += 1
      continue
    }
    let start = index
    while index < bytes.count && bytes[index].isIdentifierByte { index += 1 }
    let word = UnsafeBufferPointer(rebasing: bytes[start..<index])
    guard body(word, FutureHash.fnv1a(word)) else { return }
  }
}
