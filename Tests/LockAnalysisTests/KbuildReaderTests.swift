import Testing

@testable import LockAnalysis

/// The Makefile and Kconfig readers of the stub check, on lines no kernel writes.
@Suite struct KbuildReaderTests {
  @Test func aMakefileLineNamesTheConfigOfItsObject() {
    let makefile =
      "obj-$(CONFIG_MIGRATION) += migrate.o \\\n\tmigrate_device.o\nobj-y += memory.o\n"
    #expect(
      StubCheck.buildConditions(of: "mm/migrate_device.c", makefile: makefile) == [
        "CONFIG_MIGRATION"
      ])
    #expect(StubCheck.buildConditions(of: "mm/memory.c", makefile: makefile) == [])
    #expect(StubCheck.buildConditions(of: "mm/swap.c", makefile: makefile) == nil)
  }

  /// A `)` before the `$(` of the first word used to make an inverted range (a crash).
  @Test(arguments: ["x)$(CONFIG_Y memory.o\n", ")$( memory.o\n", "$(CONFIG_Y memory.o\n"])
  func aClosingParenthesisBeforeTheOpeningOneIsNoCondition(makefile: String) {
    #expect(StubCheck.buildConditions(of: "mm/memory.c", makefile: makefile) == [])
  }

  @Test func kconfigDependenciesCloseOverSelects() {
    let kconfig = Kconfig(
      text:
        "config TRANSPARENT_HUGEPAGE\n\tselect COMPACTION\nconfig COMPACTION\n\tselect MIGRATION\n"
        + "config MIGRATION\n\tdepends on MMU && (A || B)\n")
    #expect(
      kconfig.closure(["CONFIG_TRANSPARENT_HUGEPAGE"])
        == ["CONFIG_TRANSPARENT_HUGEPAGE", "CONFIG_COMPACTION", "CONFIG_MIGRATION", "CONFIG_MMU"])
  }
}
