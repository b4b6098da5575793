import Claims
import Foundation
import Review
import TestSupport
import Testing

/// Claims found beyond commit messages' own prose: a flattened mail's commit message,
/// behaviour stated in replies, call counts, answers in a reply's prose, names in the code
/// replies write — on the seeds and the fixture thread, against the fixture tree.
@Suite struct FoundClaimsTests {
  @Test func seed002FlattenedCommitMessageYieldsItsLivelockClaimAndNotTheReviewersWords() throws {
    let report = try ClaimsFixture.report(try ClaimsFixture.seed("002"))
    let claim = try ClaimsFixture.claim(report, containing: "a livelock scenario could occur")
    #expect(claim.kind == .behaviour)
    #expect(claim.text.hasPrefix("Prior to this change"))
    // The simulator was run on the patch: the livelock it finds is one the patch brings
    // (seed 002 adds the trylock), so the claim about the bug before it stays open.
    #expect(claim.verdict == .unverifiable)
    #expect(claim.evidence.contains { $0.kind == .simulation && $0.detail.hasPrefix("with ") })
    // The reviewer's answer glued after the quoted lines is not the commit message's.
    #expect(!report.claims.contains { $0.text.contains("I added the get_page()") })
  }

  @Test func seed001OneCallInTheMigrateCodeIsConfirmedByCountingCallSites() throws {
    let report = try ClaimsFixture.report(try ClaimsFixture.seed("001"))
    let claim = try ClaimsFixture.claim(report, containing: "calling lru_add_drain_all()")
    #expect(claim.kind == .codeFact)
    #expect(claim.verdict == .confirmed)
    let site = try #require(claim.evidence.first)
    #expect(site.file == "mm/migrate_device.c")
    #expect(
      site.detail.contains("the one call of lru_add_drain_all() in the files named *migrate*"))
    #expect(site.detail.contains("migrate_device_unmap()"))
  }

  @Test func aFunctionCalledFromSeveralPlacesRefutesCalledOnlyOnce() throws {
    let text = try String(contentsOfFile: ClaimsFixture.thread, encoding: .utf8)
      .replacingOccurrences(
        of: "A cond_resched() only helps with voluntary preemption; with",
        with: "Note that folio_unlock() has a single caller.\n\nA cond_resched() only helps "
          + "with voluntary preemption; with")
    let reviewer = try Reviewer(
      ReviewOptions(tree: Paths.fixtureTree.path, base: "v7.0-rc1", allVersions: true))
    let report = try ClaimsFixture.report(
      MailInput(bytes: Array(text.utf8), name: "written-by-test.mbox"), reviewer: reviewer)
    let claim = try ClaimsFixture.claim(report, containing: "has a single caller")
    #expect(claim.verdict == .refuted)
    #expect(claim.evidence.first?.detail.contains("calls of folio_unlock()") == true)
    #expect(claim.evidence.dropFirst().allSatisfy { $0.kind == .tree && $0.line != nil })
  }

  @Test func seed001ReplysStableLivelockIsSettledByTheSimulatorRun() throws {
    let report = try ClaimsFixture.report(try ClaimsFixture.seed("001"))
    let livelock = try ClaimsFixture.claim(report, containing: "you could get a stable livelock")
    #expect(livelock.kind == .behaviour)
    #expect(livelock.verdict == .confirmed)
    #expect(livelock.evidence.first?.kind == .simulation)
    #expect(livelock.evidence.first?.detail.contains("livelock against") == true)
    // "I also eventually hit a kernel deadlock": found and run, but no race shows one.
    let deadlock = try ClaimsFixture.claim(report, containing: "hit a kernel deadlock")
    #expect(deadlock.verdict == .unverifiable)
    #expect(deadlock.needs?.contains("none of") == true)
  }

  @Test func aReviewersAnswerInProseBelowTheQuoteIsTiedToTheChangeItAsksFor() throws {
    let report = try ClaimsFixture.report(ClaimsFixture.thread)
    let delta = try #require(report.versions.first { $0.from == "v1" && $0.to == "v2" })
    let prose = try #require(
      delta.answers.first { $0.comment.hasPrefix("That way hmm_range_fault() never sees") },
      "answers: \(delta.answers.map(\.comment))")
    #expect(prose.by == "Alistair Popple")
    #expect(prose.change == "- mm/hmm.c: no longer changed")
  }

  @Test func namesInTheCodeAReplyProposesAreLinkedToTheirDefinitions() throws {
    let report = try ClaimsFixture.report(try ClaimsFixture.seed("001"))
    // John's proposed diff: page_pgmap() is named only in its code.
    let link = try #require(report.identifiers.first { $0.name == "page_pgmap" })
    #expect(link.definedAt?.file == "include/linux/memremap.h")
    #expect(report.identifiers.contains { $0.name == "lock_page" })
  }
}
