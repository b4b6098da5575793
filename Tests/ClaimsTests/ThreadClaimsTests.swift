import Claims
import Foundation
import Review
import TestSupport
import Testing

/// The fixture thread v1 → v3 and mail written from it: changelog entries against the
/// version before, the build robot's report, version deltas, and refutations.
@Suite struct ThreadClaimsTests {
  @Test func v3StubEntryIsConfirmedBecauseV2HasTheStubGapAndV3Not() throws {
    let report = try ClaimsFixture.report(ClaimsFixture.thread)
    let claim = try ClaimsFixture.claim(report, containing: "v3: Add a stub")
    #expect(claim.verdict == .confirmed)
    #expect(claim.version == "v3")
    let gap = try #require(claim.evidence.first { $0.kind == .finding })
    #expect(gap.detail.hasPrefix("v2 has the stub-gap, v3 not"))
  }

  @Test func v2EntryIsSettledAgainstTheChangeFromV1() throws {
    let report = try ClaimsFixture.report(ClaimsFixture.thread)
    let claim = try ClaimsFixture.claim(report, containing: "v2: Instead of a cond_resched()")
    #expect(claim.verdict == .confirmed)
    #expect(
      claim.evidence.contains {
        $0.file == "mm/hmm.c" && $0.detail.contains("v1 added it, v2 does not")
      })
    #expect(claim.evidence.contains { $0.detail.contains("migration_entry_wait_on_locked()") })
    // Repeated in v3's changelog, it is one claim.
    #expect(report.claims.filter { $0.text.contains("v2: Instead of") }.count == 1)
  }

  @Test func buildRobotsImplicitDeclarationIsTheStubGapOfV2AbsentInV3() throws {
    let report = try ClaimsFixture.report(ClaimsFixture.thread)
    let claim = try ClaimsFixture.claim(report, containing: "implicit declaration of function")
    #expect(claim.kind == .splat)
    #expect(claim.verdict == .confirmed)
    #expect(claim.message == "202602011800.Kx3QmP7a-lkp@intel.com")
    #expect(claim.evidence.contains { $0.detail.hasPrefix("v2 has the stub-gap") })
    #expect(
      claim.evidence.contains {
        $0.detail == "v3 has no stub-gap for migration_entry_wait_on_locked()"
      })
  }

  @Test func versionDeltasNameTheFixedStubGapAndTheCommentV2Answers() throws {
    let report = try ClaimsFixture.report(ClaimsFixture.thread)
    #expect(report.versions.map { "\($0.from)→\($0.to)" } == ["v1→v2", "v2→v3"])
    let second = report.versions[1]
    #expect(second.changes.contains("+ include/linux/migrate.h: newly changed"))
    #expect(second.fixed == ["stub-gap in do_swap_page() at mm/memory.c:4688"])
    #expect(second.introduced.isEmpty)
    let first = report.versions[0]
    #expect(first.introduced == ["stub-gap in do_swap_page() at mm/memory.c:4688"])
    let answer = try #require(first.answers.first)
    #expect(answer.by == "Alistair Popple")
    #expect(answer.comment.hasPrefix("A cond_resched() only helps with voluntary preemption"))
    #expect(answer.change == "- mm/hmm.c: no longer changed")
  }

  @Test func aChangelogEntryTheDiffContradictsIsRefuted() throws {
    let mail = try ClaimsFixture.threadWithV3Changelog(
      "Rename migration_entry_wait_on_locked() to softleaf_entry_wait_on_locked().")
    let reviewer = try Reviewer(
      ReviewOptions(tree: Paths.fixtureTree.path, base: "v7.0-rc1", allVersions: true))
    let report = try ClaimsFixture.report(mail, reviewer: reviewer)
    let claim = try ClaimsFixture.claim(report, containing: "v3: Rename")
    #expect(claim.kind == .changelog)
    #expect(claim.verdict == .refuted)
    #expect(
      claim.evidence.contains {
        $0.detail == "v3 against v2 does not remove migration_entry_wait_on_locked"
      })
    #expect(
      claim.evidence.contains {
        $0.detail == "v3 against v2 does not add softleaf_entry_wait_on_locked"
      })
    #expect(report.hasRefuted)
  }

  @Test func aNameThatExistsNowhereIsReportedWithTheClosestRealName() throws {
    let mail = try ClaimsFixture.threadWithV3Changelog(
      "Add a stub migrate_entry_wait_on_locked() for the !CONFIG_MIGRATION case.")
    let reviewer = try Reviewer(
      ReviewOptions(tree: Paths.fixtureTree.path, base: "v7.0-rc1", allVersions: true))
    let report = try ClaimsFixture.report(mail, reviewer: reviewer)
    let claim = try ClaimsFixture.claim(report, containing: "migrate_entry_wait_on_locked")
    #expect(claim.verdict == .refuted)
    let closest = try #require(claim.evidence.first { $0.kind == .closestName })
    #expect(
      closest.detail
        == "migrate_entry_wait_on_locked exists nowhere (the thread's diffs and the tree at "
        + "v7.0-rc1); the closest real name is migration_entry_wait_on_locked")
    #expect(closest.file == "mm/filemap.c", "linked to its definition in the tree")
  }

  @Test func aStableRangeThatMissesALineWithTheBugIsRefuted() throws {
    let text = try String(contentsOfFile: ClaimsFixture.thread, encoding: .utf8)
      .replacingOccurrences(of: "# v6.15+", with: "# v6.18+")
    let reviewer = try Reviewer(
      ReviewOptions(tree: Paths.fixtureTree.path, base: "v7.0-rc1", allVersions: true))
    let report = try ClaimsFixture.report(
      MailInput(bytes: Array(text.utf8), name: "range.mbox"), reviewer: reviewer)
    let claim = try #require(
      report.claims.first { $0.text.contains("# v6.18+") && $0.version == "v3" })
    #expect(claim.verdict == .refuted)
    #expect(
      claim.evidence.contains { $0.detail == "the range misses linux-6.15.y, which has the bug" })
  }

  @Test func theRepositoryIsNeverWritten() throws {
    let before = try TreeSnapshot(Paths.fixtureTree)
    _ = try ClaimsFixture.report(ClaimsFixture.thread)
    _ = try ClaimsFixture.report(try ClaimsFixture.seed("004"), base: "HEAD")
    #expect(try TreeSnapshot(Paths.fixtureTree) == before)
  }

  @Test func identifiersAreLinkedToTheirDefinitionAtTheBase() throws {
    let report = try ClaimsFixture.report(ClaimsFixture.thread)
    let drain = try #require(report.identifiers.first { $0.name == "lru_add_drain_all" })
    #expect(drain.definedAt?.file == "mm/swap.c")
    #expect(drain.message == "20260130102200.4121-1-thomas.hellstrom@linux.intel.com")
    // Prose words are not names, nor is a diffstat's "insertions(+)".
    #expect(!report.identifiers.contains { $0.name == "insertions" || $0.name == "However" })
  }

  /// The fixture thread with the build robot's tags added to the posting whose subject starts
  /// `subject` (`[PATCH v3]`).
  static func threadWithRobotTags(on subject: String) throws -> MailInput {
    let text = try String(contentsOfFile: ClaimsFixture.thread, encoding: .utf8)
    let posting = try #require(text.range(of: "Subject: \(subject)"))
    let fixes = try #require(
      text.range(of: "Fixes: 1afaeb8293c9", range: posting.upperBound..<text.endIndex))
    let tags =
      "Reported-by: kernel test robot <lkp@intel.com>\n"
      + "Closes: https://lore.kernel.org/oe-kbuild-all/202602011800.Kx3QmP7a-lkp@intel.com/\n"
    let changed = text.replacingCharacters(in: fixes.lowerBound..<fixes.lowerBound, with: tags)
    return MailInput(bytes: Array(changed.utf8), name: "robot-tags.mbox")
  }

  @Test func closesTheRobotsReportIsConfirmedWhenThePatchChangesWhatItNames() throws {
    let reviewer = try Reviewer(
      ReviewOptions(tree: Paths.fixtureTree.path, base: "v7.0-rc1", allVersions: true))
    let report = try ClaimsFixture.report(
      try Self.threadWithRobotTags(on: "[PATCH v3]"), reviewer: reviewer)
    let closes = try #require(report.claims.first { $0.text.hasPrefix("Closes:") })
    #expect(closes.verdict == .confirmed)
    #expect(closes.version == "v3")
    #expect(closes.evidence.first?.detail.hasPrefix("v3 changes do_swap_page()") == true)
    let reported = try #require(report.claims.first { $0.text.hasPrefix("Reported-by:") })
    #expect(reported.verdict == .confirmed)
  }

  @Test func reportedByForAPatchThatTouchesNothingTheReportNamesIsRefuted() throws {
    let reviewer = try Reviewer(
      ReviewOptions(tree: Paths.fixtureTree.path, base: "v7.0-rc1", allVersions: true))
    // v1 changes hmm_range_fault() in mm/hmm.c; the report names do_swap_page() in mm/memory.c.
    let report = try ClaimsFixture.report(
      try Self.threadWithRobotTags(on: "[PATCH] mm/hmm"), reviewer: reviewer)
    let reported = try #require(report.claims.first { $0.text.hasPrefix("Reported-by:") })
    #expect(reported.version == "v1")
    #expect(reported.verdict == .refuted)
    #expect(
      reported.evidence.first?.detail
        == "v1 changes none of what the report names (do_swap_page() in mm/memory.c)")
    let plain = try ClaimsFixture.report(ClaimsFixture.thread)
    #expect(!plain.claims.contains { $0.text.hasPrefix("Reported-by:") }, "no tag, no claim")
  }
}
