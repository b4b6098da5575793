extension PathWalker {
  /// Work one function's walk may do before the rest of its paths are dropped
  /// (``Bound/work``): a statement walked by *n* paths costs *n* plus the locks, references
  /// and maps those paths hold, which is what the walk compares and hashes at each join.
  ///
  /// The most any function of real 6.12.117 and 6.1.192 `mm/` costs is about 145,000
  /// (`shrink_folio_list()`; `migrate_vma_collect_pmd()` 139,000), a seventh of the limit;
  /// 400 conditional spinlocks in one function (512 paths holding up to 400 locks at every
  /// statement) would cost over a hundred million, and minutes. A step costs about 1.2 µs
  /// in a release build (10 µs under AddressSanitizer): a fuzzed `mm/` file that reaches
  /// the limit took 42 s under the fuzzer at 4,000,000.
  static let workLimit = 1_000_000

  /// Charges walking one statement with `states`; false once ``workLimit`` is passed (the
  /// bound is recorded at `line`, and the statement and every later one see no path).
  ///
  /// - Complexity: O(*n*) for *n* paths.
  func spend(_ states: borrowing [PathState], line: Int) -> Bool {
    guard work <= Self.workLimit else { return false }
    for state in states.indices {
      work +=
        1 + states[state].held.count + states[state].references.count
        + states[state].maps.count
    }
    guard work > Self.workLimit else { return true }
    markIncomplete(.work(Self.workLimit), line: line)
    return false
  }
}
