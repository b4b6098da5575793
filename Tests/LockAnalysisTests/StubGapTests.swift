import Foundation
import LockAnalysis
import Testing

/// `stub-gap` judges only the CONFIG_ symbols whose definition it has read.
@Suite struct StubGapTests {
  /// mm/vmemmap.c is built with CONFIG_VMEMMAP (defined in mm/Kconfig, no dependencies);
  /// the header declares `ptep_get()` only under CONFIG_MMU and `folio_migrate()` only
  /// under CONFIG_MIGRATION, neither with a stub. A patch adds a call to `callee`.
  static func findings(addingCallTo callee: String, stubs: String = "") throws -> [Finding] {
    let source = """
      #include <linux/pgtable.h>

      static int vmemmap_restore(pte_t *pte)
      {
      \treturn 0;
      }

      """
    let header = """
      #ifdef CONFIG_MMU
      pte_t ptep_get(pte_t *ptep);
      #endif
      #ifdef CONFIG_MIGRATION
      int folio_migrate(pte_t *ptep);
      #endif
      \(stubs)

      """
    return try analyzeCommit(
      base: [
        "mm/Makefile": "obj-$(CONFIG_VMEMMAP) += vmemmap.o\n",
        "mm/Kconfig":
          "config VMEMMAP\n\tbool \"vmemmap\"\n\nconfig MIGRATION\n\tbool \"migration\"\n",
        "include/linux/pgtable.h": header,
        "mm/vmemmap.c": source,
      ],
      change: [
        "mm/vmemmap.c": source.replacingOccurrences(
          of: "\treturn 0;", with: "\t\(callee)(pte);\n\treturn 0;")
      ]
    ).findings
  }

  @Test func aCallDeclaredOnlyUnderAnArchitectureSymbolIsNotJudged() throws {
    // CONFIG_MMU is set by the architecture (no `config MMU` in the Kconfig files read).
    #expect(!(try Self.findings(addingCallTo: "ptep_get")).contains { $0.rule == .stubGap })
  }

  @Test func aCallDeclaredOnlyUnderAnMmChoiceIsAStubGap() throws {
    let gap = try #require(
      try Self.findings(addingCallTo: "folio_migrate").first { $0.rule == .stubGap })
    #expect(gap.message.contains("built without CONFIG_MIGRATION"))
    #expect(gap.file == "mm/vmemmap.c")
  }

  /// Real 6.12: `include/linux/mmu_notifier.h` stubs `mmu_notifier_range_init()` with a
  /// `#define` in its `#else` branch. A macro stub is a stub.
  @Test func aMacroInTheElseBranchIsAStub() throws {
    let macro = """
      #ifdef CONFIG_MIGRATION
      int folio_unmap(pte_t *ptep);
      #else
      #define folio_unmap(ptep)  \\
      \t_folio_unmap_none(ptep)
      #define folio_unmapped 0
      #endif
      """
    #expect(
      !(try Self.findings(addingCallTo: "folio_unmap", stubs: macro)).contains {
        $0.rule == .stubGap
      })
    // Without the macro the same call is a gap (the test can fail).
    #expect(
      try Self.findings(
        addingCallTo: "folio_unmap",
        stubs: macro.replacingOccurrences(
          of: "#define folio_unmap(ptep)", with: "#define other(ptep)")
      ).contains { $0.rule == .stubGap })
  }
}
