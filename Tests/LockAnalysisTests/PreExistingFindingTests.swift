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

  /// 6.1 `do_swap_page()` already leaves its map behind with `spin_unlock(vmf->ptl); goto
  /// out;`; a patch that turns a second `pte_unmap_unlock()` into `spin_unlock()` adds a second
  /// problem in the same words, one finding per release: the first stays info, the second is
  /// the patch's.
  @Test func aSecondProblemInTheSameWordsIsTheNewCodes() throws {
    let before = """
      static int device_private(struct vm_fault *vmf, struct mm_struct *mm)
      {
      \tvmf->pte = pte_offset_map_lock(mm, vmf->pmd, vmf->address, &vmf->ptl);
      \tif (unlikely(!pte_same(*vmf->pte, vmf->orig_pte))) {
      \t\tspin_unlock(vmf->ptl);
      \t\tgoto out;
      \t}
      \tget_page(vmf->page);
      \tpte_unmap_unlock(vmf->pte, vmf->ptl);
      \tmigrate_to_ram(vmf);
      \tput_page(vmf->page);
      out:
      \treturn 0;
      }

      """
    let after = before.replacingOccurrences(
      of: "\tpte_unmap_unlock(vmf->pte, vmf->ptl);", with: "\tspin_unlock(vmf->ptl);")
    let result = try analyzeCommit(base: ["mm/memory.c": before], change: ["mm/memory.c": after])
    let forgotten = result.findings.filter {
      $0.rule == .missingPTEUnmap && $0.message.contains("where pte_unmap_unlock() was meant")
    }
    #expect(forgotten.count == 2)
    #expect(forgotten.contains { $0.line == 5 && $0.severity == .info })
    #expect(forgotten.contains { $0.line == 9 && $0.severity == .warning })
  }
}
