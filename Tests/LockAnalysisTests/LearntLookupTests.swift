import LockAnalysis
import Testing

/// A function of the analyzed file that returns a folio it holds locked, or NULL, is learnt
/// from its body as a locking lookup (`try-acquire family=page object=return lookup`, with its
/// file and line as evidence): its callers hold what it returns (6.12's `next_uptodate_folio()`
/// for `filemap_map_pages()`, 6.1's `next_map_page()` through `next_uptodate_page()`).
@Suite struct LearntLookupTests {
  /// The lookup, a wrapper that returns what it returns, and a loop over what they return.
  static func mapRange(lookupLocks: Bool) -> String {
    """
    static struct folio *next_locked(struct xa_state *xas, pgoff_t end)
    {
    \tstruct folio *folio = xas_next_entry(xas, end);
    \tdo {
    \t\tif (!folio)
    \t\t\treturn NULL;
    \t\tif (!folio_try_get(folio))
    \t\t\tcontinue;
    \(lookupLocks ? "\t\tif (!folio_trylock(folio))\n\t\t\tgoto skip;\n" : "\t\tif (folio_test_dirty(folio))\n\t\t\tgoto skip;\n")\
    \t\treturn folio;
    skip:
    \t\tfolio_put(folio);
    \t} while ((folio = xas_next_entry(xas, end)) != NULL);
    \treturn NULL;
    }
    static inline struct folio *first_locked(struct xa_state *xas, pgoff_t end)
    {
    \treturn next_locked(xas, end);
    }
    int map_range(struct xa_state *xas, pgoff_t end)
    {
    \tstruct folio *folio;
    \tint mapped = 0;
    \tfolio = first_locked(xas, end);
    \tif (!folio)
    \t\treturn 0;
    \tdo {
    \t\tif (folio_test_uptodate(folio))
    \t\t\tmapped++;
    \t\tfolio_unlock(folio);
    \t\tfolio_put(folio);
    \t} while ((folio = next_locked(xas, end)) != NULL);
    \treturn mapped;
    }

    """
  }

  static func withoutUnlock(lookupLocks: Bool) throws -> PatchAnalysis {
    let base = Self.mapRange(lookupLocks: lookupLocks)
    let changed = base.replacingOccurrences(of: "\t\tfolio_unlock(folio);\n", with: "")
    #expect(changed != base)
    return try analyzeCommit(base: ["mm/filemap.c": base], change: ["mm/filemap.c": changed])
  }

  @Test func aFolioALearntLookupReturnedLockedAndNeverUnlockedIsAnImbalance() throws {
    let result = try Self.withoutUnlock(lookupLocks: true)
    _ = try WalkCoverageTests.walkedWhole(result, "map_range")
    let leak = try #require(
      result.findings.first { $0.rule == .lockImbalance && $0.function == "map_range" },
      "\(result.findings)")
    #expect(leak.severity != .info)
    #expect(leak.message.contains("first_locked()") || leak.message.contains("next_locked()"))
    #expect(!leak.path.isEmpty)
  }

  @Test func aLoopThatUnlocksWhatALearntLookupReturnedIsBalanced() throws {
    let result = try analyzeFragment(Self.mapRange(lookupLocks: true))
    _ = try WalkCoverageTests.walkedWhole(result, "map_range")
    #expect(result.findings.filter { $0.severity != .info }.isEmpty, "\(result.findings)")
  }

  /// A function that returns its folio unlocked is no locking lookup: the caller's unlock of
  /// what it returns is not judged, and nothing is reported when that unlock goes.
  @Test func aFunctionReturningAnUnlockedFolioIsNotLearntAsLocking() throws {
    let result = try Self.withoutUnlock(lookupLocks: false)
    _ = try WalkCoverageTests.walkedWhole(result, "map_range")
    #expect(
      !result.findings.contains { $0.rule == .lockImbalance && $0.severity != .info },
      "\(result.findings)")
  }
}
