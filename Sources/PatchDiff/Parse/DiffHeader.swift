/// The header lines of a unified diff: `diff --git`, `---`/`+++` and `@@`.
enum DiffHeader {
  /// The largest line count a hunk header may claim; more is treated as hostile.
  static let maximumCount = 10_000_000

  /// Parses `@@ -97,6 +97,12 @@ static inline …`; nil when the line is not one.
  ///
  /// Absent counts mean 1, as in `@@ -5 +5 @@`.
  static func hunkHeader(_ line: Substring) -> Hunk? {
    // Byte by byte: a patch of many hunks reads one header per hunk, and `Substring`'s
    // `hasPrefix`/`dropFirst` work in `Character`s.
    let bytes = line.utf8
    var index = bytes.startIndex
    func skip(_ literal: StaticString) -> Bool {
      var at = index
      for byte in UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount) {
        guard at != bytes.endIndex, bytes[at] == byte else { return false }
        at = bytes.index(after: at)
      }
      index = at
      return true
    }
    func number() -> Int? {
      var value = 0
      var digits = 0
      while index != bytes.endIndex, case let byte = bytes[index], byte >= 0x30, byte <= 0x39 {
        value = value * 10 + Int(byte - 0x30)
        digits += 1
        index = bytes.index(after: index)
        if value > maximumCount { return nil }
      }
      return digits == 0 ? nil : value
    }
    func range() -> (Int, Int)? {
      guard let start = number() else { return nil }
      guard skip(",") else { return (start, 1) }
      guard let count = number() else { return nil }
      return (start, count)
    }
    guard skip("@@ -"), let (oldStart, oldCount) = range(), skip(" +"),
      let (newStart, newCount) = range(), skip(" @@")
    else { return nil }
    _ = skip(" ")
    return Hunk(
      oldStart: oldStart, oldCount: oldCount, newStart: newStart, newCount: newCount,
      section: String(line[index...]))
  }

  /// The two paths of `diff --git a/x b/y`, prefixes removed.
  static func gitPaths(_ line: Substring) -> (String, String)? {
    guard line.hasPrefix("diff --git ") else { return nil }
    let rest = line.dropFirst("diff --git ".count)
    // Paths of equal length are the common case and may contain " b/".
    if let split = rest.firstRange(of: " b/") {
      let old = String(rest[..<split.lowerBound])
      let new = String(rest[rest.index(after: split.lowerBound)...])
      return (stripPrefix(old), stripPrefix(new))
    }
    let parts = rest.split(separator: " ", maxSplits: 1)
    guard parts.count == 2 else { return nil }
    return (stripPrefix(String(parts[0])), stripPrefix(String(parts[1])))
  }

  /// The path of a `--- a/x` or `+++ b/x` line, tab-separated timestamp removed.
  static func markerPath(_ line: Substring) -> String {
    var path = line.dropFirst(4)
    if let tab = path.firstIndex(of: "\t") { path = path[..<tab] }
    while path.hasSuffix(" ") { path = path.dropLast() }
    return stripPrefix(String(path))
  }

  static func stripPrefix(_ path: String) -> String {
    if path == "/dev/null" { return path }
    if path.hasPrefix("a/") || path.hasPrefix("b/") { return String(path.dropFirst(2)) }
    return path
  }

  /// Whether a path stays inside the tree: not absolute, no `..` component.
  static func isSafe(_ path: String) -> Bool {
    if path == "/dev/null" { return true }
    if path.isEmpty || path.hasPrefix("/") { return false }
    return !path.split(separator: "/", omittingEmptySubsequences: false).contains("..")
  }
}
