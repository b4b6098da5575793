import CSyntax
import LockAnalysis
import PatchDiff
import Testing

@Suite struct SeedTrylockPatchTests {
  /// Seed 002, "mm/migrate: Trylock device page in do_swap_page", from the hunks alone.
  let result: PatchAnalysis

  init() throws {
    result = Analyzer(table: try .builtin()).analyze(try seedPatch("002"))
  }

  @Test func theFailedTrylockReturnsToTheFaultRetryLoop() throws {
    let finding = try #require(result.findings.first { $0.rule == .trylockRetry })
    #expect(finding.file == "mm/memory.c")
    #expect(finding.function == "do_swap_page")
    #expect(finding.message.contains("trylock_page(vmf->page) fails"))
    #expect(finding.path.contains { $0.op == .trylock && $0.outcome == .failed })
  }

  @Test func putPageBeforeUnlockPageIsAnError() throws {
    let finding = try #require(result.findings.first { $0.rule == .putBeforeUnlock })
    #expect(finding.severity == .error)
    let ops = finding.path.map(\.op)
    let put = try #require(ops.lastIndex(of: .put))
    #expect(ops[put + 1] == .unlock)
  }

  @Test func theSleepingPageLockBecomesATrylock() {
    #expect(
      result.findings.contains {
        $0.rule == .lockToTrylock && $0.message.contains("trylock_page(vmf->page)")
      })
  }

  @Test func correlatedFaultFolioConditionsInMigrateDeviceAreBalanced() {
    #expect(
      !result.findings.contains { $0.file == "mm/migrate_device.c" && $0.rule == .lockImbalance })
    #expect(
      result.functions.contains {
        $0.file == "mm/migrate_device.c" && $0.name == "migrate_vma_collect_pmd"
      })
  }

  @Test func withoutATreeTheOutputSaysOnlyTheHunksWereRead() {
    #expect(result.notes.contains { $0.contains("mm/memory.c") && $0.contains("hunks alone") })
    #expect(result.functions.allSatisfy { $0.after?.source != .tree })
  }
}

@Suite struct SeedSleepingLockProposalTests {
  /// Seed 001, John Hubbard's get_page + pte_unmap_unlock + lock_page proposal.
  let result: PatchAnalysis

  init() throws {
    result = Analyzer(table: try .builtin()).analyze(try seedPatch("001"))
  }

  @Test func theTrylockBecomesASleepingLock() {
    #expect(
      result.findings.contains {
        $0.rule == .trylockToLock && $0.message.contains("lock_page(vmf->page)")
      })
  }

  @Test func lockPageComesAfterThePageTableLockIsDropped() {
    #expect(!result.rules().contains(.sleepUnderSpinlock))
  }

  @Test func unlockPageComesBeforePutPage() {
    #expect(!result.rules().contains(.putBeforeUnlock))
  }
}

@Suite struct SeedLivelockFixTests {
  @Test func theWaitDropsThePageTableLockInsideTheCallee() throws {
    let result = try treeAnalyzer(at: "v7.0-rc1").analyze(try seedPatch("000"))
    let finding = try #require(result.findings.first { $0.rule == .calleeReleases })
    #expect(finding.function == "do_swap_page")
    #expect(finding.message.contains("migration_entry_wait_on_locked()"))
    #expect(finding.message.contains("__releases(ptl)"))
    #expect(finding.message.contains("vmf->ptl"))
  }

  @Test func theTrylockSpinIsThereBeforeAndGoneAfter() throws {
    let result = try treeAnalyzer(at: "v7.0-rc1").analyze(try seedPatch("000"))
    #expect(
      result.findingsBefore.contains { $0.rule == .trylockRetry && $0.function == "do_swap_page" }
    )
    #expect(!result.findings.contains { $0.rule == .trylockRetry && $0.severity != .info })
    let swap = try #require(result.functions.first { $0.name == "do_swap_page" })
    #expect(swap.after?.source == .tree)
    let waiting = try #require(
      swap.after?.paths.first { path in path.ops.contains { $0.op == .waitUnlocked } })
    let wait = try #require(waiting.ops.first { $0.op == .waitUnlocked })
    #expect(wait.releases == "vmf->ptl")
    #expect(waiting.retries)
  }

  @Test func version3HasTheStubSoNoStubGap() throws {
    let result = try treeAnalyzer(at: "v7.0-rc1").analyze(try seedPatch("000"))
    #expect(!result.rules().contains(.stubGap))
    #expect(!result.hasErrors)
  }

  @Test func version2WithoutTheMigrateHeaderHunkBreaksMigrationOffBuilds() throws {
    var patch = try seedPatch("000")
    patch.files.removeAll { $0.path == "include/linux/migrate.h" }
    let result = try treeAnalyzer(at: "v7.0-rc1").analyze(patch)
    let gap = try #require(result.findings.first { $0.rule == .stubGap })
    #expect(gap.severity == .error)
    #expect(gap.file == "mm/memory.c")
    #expect(gap.message.contains("CONFIG_MIGRATION"))
    #expect(gap.message.contains("include/linux/migrate.h"))
  }
}
