import CSyntax
import Foundation

extension String {
  /// The first (or last) place of an ASCII `needle`, found on the UTF-8 bytes: Foundation's
  /// `range(of:)` builds a CFString search per call, and a walk asks hundreds of thousands
  /// of times (`vmf->ptl` → the range of `->`).
  func asciiRange(of needle: String, backwards: Bool = false) -> Range<String.Index>? {
    let bytes = utf8
    let pattern = Array(needle.utf8)
    guard !pattern.isEmpty, bytes.count >= pattern.count else { return nil }
    var found: Range<String.Index>?
    var start = bytes.startIndex
    while start != bytes.endIndex {
      var cursor = start
      var matched = 0
      while matched < pattern.count, cursor != bytes.endIndex, bytes[cursor] == pattern[matched] {
        cursor = bytes.index(after: cursor)
        matched += 1
      }
      if matched == pattern.count {
        found = start..<cursor
        if !backwards { return found }
      }
      start = bytes.index(after: start)
    }
    return found
  }
}

/// Calls `body` with each C identifier of `bytes` and its FNV-1a hash (``FutureHash/fnv1a(_:)``),
/// in order, until `body` returns false: the one reader of words that ``IdentifierFilter`` and
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
