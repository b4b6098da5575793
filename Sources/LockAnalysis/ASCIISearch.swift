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

extension UInt8 {
  /// A byte of a C identifier: `[A-Za-z0-9_]`.
  var isIdentifierByte: Bool {
    (self >= 0x61 && self <= 0x7A) || (self >= 0x41 && self <= 0x5A)
      || (self >= 0x30 && self <= 0x39) || self == 0x5F
  }
}
