/// Function names read from the primitive table, each exact or with a `*` at either end
/// (`folio_test_*`, `*_test_*`, `Page*`): the calls of one `reads-only`, `keeps-reference` or
/// `assertion` list.
///
/// ```swift
/// var names = NamePatterns()
/// names.insert("folio_test_*")
/// names.contains("folio_test_dirty")   // true
/// ```
struct NamePatterns: Sendable {
  private var exact: Set<String> = []
  /// `(prefix, suffix)` pairs of the patterns with a `*` (either may be empty); `*_test_*` is
  /// kept as an infix.
  private var prefixes: [String] = []
  private var suffixes: [String] = []
  private var infixes: [String] = []

  init() {}

  mutating func insert(_ pattern: String) {
    let leading = pattern.hasPrefix("*")
    let trailing = pattern.hasSuffix("*") && pattern.count > 1
    let core = String(pattern.dropFirst(leading ? 1 : 0).dropLast(trailing ? 1 : 0))
    switch (leading, trailing) {
    case (false, false): exact.insert(core)
    case (false, true): prefixes.append(core)
    case (true, false): suffixes.append(core)
    case (true, true): infixes.append(core)
    }
  }

  /// Whether `name` is listed or matches a pattern.
  /// - Complexity: O(1) for exact names, O(p) for p patterns.
  func contains(_ name: String) -> Bool {
    exact.contains(name) || prefixes.contains { name.hasPrefix($0) }
      || suffixes.contains { name.hasSuffix($0) } || infixes.contains { name.contains($0) }
  }
}
