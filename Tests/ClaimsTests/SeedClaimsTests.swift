import Claims
import Foundation
import KernelTree
import TestSupport
import Testing

/// The claims the issue pins, on the seeds and the fixture tree.
@Suite struct SeedClaimsTests {
  @Test func seed000LivelockIsConfirmedBySimulatorOnOneCPUWithoutFullPreemption() throws {
    let report = try ClaimsFixture.report(try ClaimsFixture.seed("000"))
    let claim = try ClaimsFixture.claim(report, containing: "livelock / starvation situation")
    #expect(claim.kind == .behaviour)
    #expect(claim.verdict == .confirmed)
    let run = try #require(claim.evidence.first { $0.kind == .simulation })
    // The message states "c) No or voluntary only preemption" and the same CPU.
    #expect(run.detail.contains("before v3: livelock against migrate_device_unmap"))
    #expect(run.detail.contains("none preemption, 1 CPU") || run.detail.contains("voluntary"))
    #expect(run.detail.contains("not after"))
    #expect(
      claim.evidence.contains { $0.kind == .simulation && $0.detail.contains("under full") },
      "full preemption, which the message leaves out, has no livelock")
    // Two checks that find the same run give it once, and each configuration is named once.
    #expect(claim.evidence.count == Set(claim.evidence.map(\.oneLine)).count)
    #expect(run.detail.contains("(also "), "none and voluntary both show it")
    let also = try #require(run.detail.components(separatedBy: "(also ").last)
    let configurations = try #require(also.components(separatedBy: ")").first)
      .components(separatedBy: ", ")
    #expect(!configurations.isEmpty)
    #expect(configurations.count == Set(configurations).count, "\(run.detail)")
  }

  @Test func seed000SpinUntilItSucceedsIsTheAnalyzersTrylockRetryBeforeThePatch() throws {
    let report = try ClaimsFixture.report(try ClaimsFixture.seed("000"))
    let claim = try ClaimsFixture.claim(report, containing: "spin until it succeeds")
    #expect(claim.verdict == .confirmed)
    let finding = try #require(claim.evidence.first)
    #expect(finding.kind == .finding)
    #expect(finding.detail.contains("trylock-retry in do_swap_page()"))
    #expect(finding.file == "mm/memory.c")
  }

  @Test func seed000WaitingForTheFolioToBeUnlockedIsConfirmedFromTheDiff() throws {
    let report = try ClaimsFixture.report(try ClaimsFixture.seed("000"))
    let claim = try ClaimsFixture.claim(
      report, containing: "Resolve this by waiting for the folio to be unlocked")
    #expect(claim.kind == .diff)
    #expect(claim.verdict == .confirmed)
    let line = try #require(claim.evidence.first)
    #expect(line.file == "mm/memory.c")
    #expect(line.detail.contains("+ migration_entry_wait_on_locked(entry, vmf->ptl);"))
    #expect(line.detail.contains("wait-unlocked"), "the primitive table says it waits")
  }

  @Test func seed000StubEntryIsConfirmedByTheStubGapOfThePatchWithoutIt() throws {
    // Seed 000 holds v3 alone: the form without the stub is v3 with the stub's hunk taken out.
    let report = try ClaimsFixture.report(try ClaimsFixture.seed("000"))
    let claim = try ClaimsFixture.claim(report, containing: "v3: Add a stub")
    #expect(claim.kind == .changelog)
    #expect(claim.verdict == .confirmed)
    #expect(claim.evidence.contains { $0.file == "include/linux/migrate.h" && $0.kind == .diff })
    let gap = try #require(claim.evidence.first { $0.kind == .finding })
    #expect(gap.detail.hasPrefix("v3 without the stub's hunk has the stub-gap, v3 not"))
    #expect(gap.detail.contains("CONFIG_MIGRATION"))
  }

  @Test func fixesTrailerIsConfirmedBySubjectWithTheTrylockLinesItIntroduced() throws {
    let report = try ClaimsFixture.report(try ClaimsFixture.seed("000"))
    let claim = try ClaimsFixture.claim(report, containing: "Fixes: 1afaeb8293c9")
    #expect(claim.kind == .trailer)
    #expect(claim.verdict == .confirmed)
    let tree = try KernelRepository(path: Paths.fixtureTree.path)
    let trylock = try #require(
      try tree.commit(withSubject: "mm/migrate: Trylock device page in do_swap_page"))
    // The fixture's own id differs from upstream's: found by the quoted subject.
    #expect(
      claim.evidence[0].detail
        == "\(trylock.short) \"mm/migrate: Trylock device page in do_swap_page\" (by subject)")
    let line = try #require(claim.evidence.first { $0.kind == .diff })
    #expect(line.detail.contains("introduced \"pte_unmap_unlock(vmf->pte, vmf->ptl);\""))
    #expect(line.file == "mm/memory.c")
  }

  @Test func stableRangeOfTheFixIsConfirmedAgainstTheLinesWithTheTrylockCommit() throws {
    let report = try ClaimsFixture.report(try ClaimsFixture.seed("000"))
    let claim = try ClaimsFixture.claim(report, containing: "# v6.15+")
    #expect(claim.verdict == .confirmed)
    #expect(
      claim.evidence[0].detail.hasSuffix(
        "the bug is on linux-6.15.y, linux-6.18.y, linux-6.19.y (where the Fixes: target is)"))
  }

  @Test func seed001LruCacheDisableUsingSynchronizeRcuExpeditedIsConfirmedInTheTree() throws {
    let report = try ClaimsFixture.report(try ClaimsFixture.seed("001"))
    let claim = try ClaimsFixture.claim(report, containing: "lru_cache_disable() is using")
    #expect(claim.kind == .codeFact)
    #expect(claim.verdict == .confirmed)
    let call = try #require(claim.evidence.first)
    #expect(call.kind == .tree)
    #expect(call.file == "mm/swap.c")
    // The fixture holds it: the line named is the call.
    let swap = try KernelRepository(path: Paths.fixtureTree.path).file(
      at: "v7.0-rc1", path: "mm/swap.c")
    let lines = try #require(swap?.text).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[try #require(call.line) - 1].contains("synchronize_rcu_expedited()"))
  }

  @Test func seed001MigrateVmaFunctionsUsingTrylocksIsConfirmedWithTheCall() throws {
    let report = try ClaimsFixture.report(try ClaimsFixture.seed("001"))
    let claim = try ClaimsFixture.claim(report, containing: "also use trylocks")
    #expect(claim.verdict == .confirmed)
    #expect(
      claim.evidence.contains {
        $0.detail.contains("migrate_vma_") && $0.detail.contains("trylock")
      })
  }

  @Test func seed004LockdepSplatIsConfirmedByRecursiveLockAndTheDeadlockRun() throws {
    // lib/test_hmm.c takes mmap_lock twice only after v7.0 (the fixture's newest commit).
    let report = try ClaimsFixture.report(try ClaimsFixture.seed("004"), base: "HEAD")
    let claim = try ClaimsFixture.claim(report, containing: "possible recursive locking detected")
    #expect(claim.kind == .splat)
    #expect(claim.verdict == .confirmed)
    let finding = try #require(claim.evidence.first { $0.kind == .finding })
    #expect(finding.detail.hasPrefix("recursive-lock in dmirror_fault_and_migrate_to_device()"))
    #expect(finding.file == "lib/test_hmm.c" && finding.line == 1267)
    let run = try #require(claim.evidence.first { $0.kind == .simulation })
    #expect(run.detail.contains("deadlock against"))
  }

  @Test func seed004SplatIsUnverifiableWhereTheTreeLacksTheCode() throws {
    // At v7.0-rc1 the function the report names does not exist yet: nothing to settle it on.
    let report = try ClaimsFixture.report(try ClaimsFixture.seed("004"))
    let claim = try ClaimsFixture.claim(report, containing: "possible recursive locking detected")
    #expect(claim.verdict == .unverifiable)
    #expect(claim.needs?.contains("dmirror_fault_and_migrate_to_device()") == true)
  }

  @Test func withoutATreeWhatTheTreeWouldSettleSaysSo() throws {
    let report = try ClaimsFixture.report(try ClaimsFixture.seed("000"), base: nil)
    let fixes = try ClaimsFixture.claim(report, containing: "Fixes: 1afaeb8293c9")
    #expect(fixes.verdict == .unverifiable)
    #expect(fixes.needs == "--tree: a git tree to look 1afaeb8293c9 up in")
    // What the diff shows is still settled.
    let wait = try ClaimsFixture.claim(report, containing: "waiting for the folio to be unlocked")
    #expect(wait.verdict == .confirmed)
    #expect(report.notes.contains { $0.hasPrefix("no --tree") })
    #expect(report.identifiers.allSatisfy { $0.definedAt == nil })
  }

  @Test func aLivelockOnlyThePatchBringsDoesNotConfirmOneClaimedBeforeIt() throws {
    // The Trylock commit (seed 002's patch) says "Prior to this change, a livelock scenario
    // could occur"; replayed against its contenders, the livelock is the one it introduces.
    let report = try ClaimsFixture.report(
      ClaimsFixture.file(
        "kernel-tree/history/009-mm-migrate-trylock-device-page-in-do-swap-page.patch"),
      base: "v6.15-rc1")
    let claim = try ClaimsFixture.claim(report, containing: "Prior to this change, a livelock")
    #expect(claim.kind == .behaviour)
    #expect(claim.verdict == .unverifiable)
    #expect(claim.needs?.contains("the simulator finds it only with the patch") == true)
    let run = try #require(claim.evidence.first { $0.kind == .simulation })
    #expect(run.detail.hasPrefix("with v1: livelock against"))
  }
}
