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

extension String {
  /// Whether the ASCII `needle` occurs in this string, found on the UTF-8 bytes (`memchr` for
  /// its first byte, then `memcmp`).
  ///
  /// `StringProtocol.contains(_:)` builds a substring searcher (a table of the needle's
  /// characters) per call; the walk asks for `->` in an object name at every lock op, and the
  /// table's `*_test_*` patterns for every call of every path.
  ///
  /// ```swift
  /// "vmf->ptl".containsASCII("->")   // true
  /// ```
  func containsASCII(_ needle: String) -> Bool {
    // An empty needle is found nowhere, as `StringProtocol.contains(_:)` answers.
    firstASCII(needle, wholeWord: false) ?? (asciiRange(of: needle) != nil)
  }

  /// Whether the C identifier `name` occurs in this text as a whole word (`__releases` in a
  /// header, not `__releases_all`): the test before a header is parsed.
  ///
  /// ```swift
  /// "void f(void) __releases(ptl);".containsIdentifier("__releases")   // true
  /// ```
  func containsIdentifier(_ name: String) -> Bool {
    firstASCII(name, wholeWord: true) ?? false
  }

  /// Whether `needle` occurs (as a whole identifier with `wholeWord`), nil if either string
  /// has no contiguous UTF-8 storage.
  private func firstASCII(_ needle: String, wholeWord: Bool) -> Bool? {
    let found = utf8.withContiguousStorageIfAvailable { text in
      needle.utf8.withContiguousStorageIfAvailable { pattern -> Bool in
        guard !pattern.isEmpty else { return false }
        guard let textStart = text.baseAddress, let patternStart = pattern.baseAddress,
          text.count >= pattern.count
        else { return false }
        let first = Int32(pattern[0])
        let end = textStart + text.count
        var start = textStart
        let last = end - pattern.count
        while start <= last, let hit = memchr(start, first, last - start + 1) {
          let candidate = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
          start = candidate + 1
          guard memcmp(candidate, patternStart, pattern.count) == 0 else { continue }
          if !wholeWord { return true }
          let after = candidate + pattern.count
          if (candidate == textStart || !(candidate - 1).pointee.isIdentifierByte)
            && (after == end || !after.pointee.isIdentifierByte)
          {
            return true
          }
        }
        return false
      }
    }
    return found ?? nil
  }
}

extension UInt8 {
  /// A byte of a C identifier: `[A-Za-z0-9_]`.
  var isIdentifierByte: Bool {
    (self >= 0x61 && self <= 0x7A) || (self >= 0x41 && self <= 0x5A)
      || (self >= 0x30 && self <= 0x39) || self == 0x5F
  }
}
