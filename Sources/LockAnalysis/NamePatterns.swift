import CSyntax

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
  /// The names and patterns, in one immutable object shared by copies: the walk looks a name
  /// up in a list for every call of every path, and copying four collections out of the
  /// table's dictionary for each lookup retained and released each of them (immutable, its
  /// fields are read without the run-time exclusivity check a `var` of a class costs).
  private final class Storage: Sendable {
    let exact: Set<String>
    /// The patterns with a `*`: `folio_test_*` a prefix, `*_unlock` a suffix, `*_test_*` an
    /// infix.
    let prefixes: [String]
    let suffixes: [String]
    let infixes: [String]
    /// ``exact`` as bits: most names asked for are in no list.
    let exactBits: NameBits

    init(exact: Set<String>, prefixes: [String], suffixes: [String], infixes: [String]) {
      (self.exact, self.prefixes, self.suffixes, self.infixes) = (
        exact, prefixes, suffixes, infixes
      )
      var bits = NameBits()
      for name in exact { bits.insert(name) }
      exactBits = bits
    }

    static let empty = Storage(exact: [], prefixes: [], suffixes: [], infixes: [])
  }

  private var storage = Storage.empty

  init() {}

  /// - Complexity: O(1) amortized: the collections are taken out of the old storage, which is
  ///   released before they change, so they are changed in place when nothing else shares it.
  mutating func insert(_ pattern: String) {
    var (exact, prefixes, suffixes, infixes) =
      (storage.exact, storage.prefixes, storage.suffixes, storage.infixes)
    storage = Storage.empty
    let leading = pattern.hasPrefix("*")
    let trailing = pattern.hasSuffix("*") && pattern.count > 1
    let core = String(pattern.dropFirst(leading ? 1 : 0).dropLast(trailing ? 1 : 0))
    switch (leading, trailing) {
    case (false, false): exact.insert(core)
    case (false, true): prefixes.append(core)
    case (true, false): suffixes.append(core)
    case (true, true): infixes.append(core)
    }
    storage = Storage(exact: exact, prefixes: prefixes, suffixes: suffixes, infixes: infixes)
  }

  /// Whether `name` is listed or matches a pattern.
  /// - Complexity: O(1) for exact names, O(p) for p patterns.
  func contains(_ name: String) -> Bool {
    let storage = storage
    return (storage.exactBits.mayContain(name) && storage.exact.contains(name))
      || storage.prefixes.contains { name.hasPrefix($0) }
      || storage.suffixes.contains { name.hasSuffix($0) }
      || storage.infixes.contains { name.containsASCII($0) }
  }
}
