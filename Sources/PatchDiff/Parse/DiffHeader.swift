/// The header lines of a unified diff: `diff --git`, `---`/`+++` and `@@`.
enum DiffHeader {
  /// The largest line count a hunk header may claim; more is treated as hostile.
  static let maximumCount = 10_000_000

  /// Parses `@@ -97,6 +97,12 @@ static inline …`; nil when the line is not one.
  ///
  /// Absent counts mean 1, as in `@@ -5 +5 @@`.
  static func hunkHeader(_ line: Substring) -> Hunk? {
    var rest = line[...]
    guard rest.hasPrefix("@@ -") else { return nil }
    rest = rest.dropFirst(4)
    guard let (oldStart, oldCount) = range(&rest), rest.hasPrefix(" +") else { return nil }
    rest = rest.dropFirst(2)
    guard let (newStart, newCount) = range(&rest), rest.hasPrefix(" @@") else { return nil }
    rest = rest.dropFirst(3)
    if rest.hasPrefix(" ") { rest = rest.dropFirst() }
    return Hunk(
      oldStart: oldStart, oldCount: oldCount, newStart: newStart, newCount: newCount,
      section: String(rest))
  }

  private static func range(_ text: inout Substring) -> (Int, Int)? {
    guard let start = number(&text) else { return nil }
    guard text.hasPrefix(",") else { return (start, 1) }
    text = text.dropFirst()
    guard let count = number(&text) else { return nil }
    return (start, count)
  }

  private static func number(_ text: inout Substring) -> Int? {
    var value = 0
    var digits = 0
    while let byte = text.utf8.first, byte >= 0x30, byte <= 0x39 {
      value = value * 10 + Int(byte - 0x30)
      digits += 1
      text = text.dropFirst()
      if value > maximumCount { return nil }
    }
    return digits == 0 ? nil : value
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
