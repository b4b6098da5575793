import LockAnalysis
import Testing

/// A store hands a lock to the caller only where the caller can reach it: collapse_file()
/// stores `mapping` in the new folio it allocated (`new_folio->mapping = mapping`), which
/// hands nobody `mapping->i_mmap_rwsem`; an early return planted under that lock went unseen
/// (`make mutation-check`).
@Suite struct LocalStoreTests {
  static func collapse(storingInto holder: String) -> String {
    """
    static int collapse(struct file *file, struct collapse_control *cc)
    {
    \tstruct address_space *mapping = file->f_mapping;
    \tstruct folio *new_folio;
    \tint result;

    \tresult = alloc_charge_folio(&new_folio, cc);
    \tif (result)
    \t\treturn result;
    \t\(holder)->mapping = mapping;
    \ti_mmap_lock_read(mapping);
    \tif (fatal_signal_pending(current))
    \t\treturn 0;
    \tresult = retract_page_tables(mapping, cc);
    \ti_mmap_unlock_read(mapping);
    \treturn result;
    }
    """
  }

  /// `new_folio` is the function's own object: the return under the lock leaks it.
  @Test func theLockedStructureStoredInAnObjectOfTheFunctionsOwnIsNotHandedOn() throws {
    let result = try analyzeFragment(Self.collapse(storingInto: "new_folio"))
    _ = try WalkCoverageTests.walkedWhole(result, "collapse")
    let imbalance = try #require(result.findings.first { $0.rule == .lockImbalance })
    #expect(imbalance.line == 11)
    #expect(imbalance.severity == .error)
    #expect(imbalance.message.contains("mapping->i_mmap_rwsem taken by i_mmap_lock_read()"))
  }

  /// `cc` is the caller's: what is stored there (and the lock of it) may be the caller's to
  /// release, as before.
  @Test func theLockedStructureStoredInTheCallersStructureIsHandedOn() throws {
    let result = try analyzeFragment(Self.collapse(storingInto: "cc"))
    _ = try WalkCoverageTests.walkedWhole(result, "collapse")
    #expect(!result.findings.contains { $0.rule == .lockImbalance })
  }
}
