import Foundation
import LockAnalysis
import Testing

/// A problem the code had before the patch is not the patch's: it is lowered to info.
@Suite struct PreExistingFindingTests {
  static let before = """
    static int isolate_one(struct page *page, bool bad)
    {
    \tif (!trylock_page(page))
    \t\treturn -EAGAIN;
    \tif (bad)
    \t\treturn -EINVAL;
    \tunlock_page(page);
    \treturn 0;
    }

    """

  static func analysis(after: String) throws -> PatchAnalysis {
    try analyzeCommit(base: ["mm/isolate.c": before], change: ["mm/isolate.c": after])
  }

  @Test func aFolioConversionKeepsTheImbalanceItHadAsInfo() throws {
    let converted = Self.before.replacingOccurrences(of: "trylock_page(", with: "folio_trylock(")
      .replacingOccurrences(of: "unlock_page(", with: "folio_unlock(")
    let result = try Self.analysis(after: converted)
    let imbalances = result.findings.filter { $0.rule == .lockImbalance }
    #expect(imbalances.count == 1)
    #expect(imbalances.first?.severity == .info)
    #expect(imbalances.first?.message.hasPrefix("already so before this patch") == true)
  }

  @Test func aNewEarlyReturnUnderTheLockIsTheNewCodesError() throws {
    let fixed = Self.before.replacingOccurrences(
      of: "\tif (bad)\n\t\treturn -EINVAL;\n", with: "")
    let broken = fixed.replacingOccurrences(
      of: "\tunlock_page(page);\n", with: "\tif (bad)\n\t\treturn -EBUSY;\n\tunlock_page(page);\n")
    let result = try Self.analysis(after: broken)
    // Before: returns -EINVAL holding the lock; after: -EBUSY. The words differ: a new problem.
    #expect(
      result.findings.contains {
        $0.rule == .lockImbalance && $0.severity == .error && $0.message.contains("-EBUSY")
      })
  }
}
