import Claims
import Foundation
import Report
import Review
import TestSupport
import Testing

/// `lockstep annotate` settles the thread's claims itself: the report shows the Claims
/// stage's verdicts, never claims it made up.
@Suite struct SettledClaimsTests {
  @Test func theSeedsLivelockClaimIsConfirmedOnThePageWithTheSimulatorsEvidence() throws {
    var annotator = Annotator(
      try Reviewer(ReviewOptions(tree: Paths.fixtureTree.path, base: "v7.0-rc1")))
    annotator.claimPatterns = try ClaimPatternTable.builtin()
    let seed = Paths.packageRoot.appendingPathComponent(
      "Fixtures/seeds/000_28e554185c54152d.txt")
    let report = try annotator.annotate(MailInput(path: seed.path))
    let livelock = try #require(
      report.claims.first { $0.kind == "behaviour" && $0.statement.contains("work item") })
    #expect(livelock.verdict == .confirmed)
    #expect(livelock.evidence.contains { $0.text.contains("livelock") })
    let fixes = try #require(report.claims.first { $0.statement.hasPrefix("Fixes:") })
    #expect(fixes.verdict == .confirmed)
    let page = try ReportRenderer(templates: nil).render(report, as: .html)
    #expect(page.contains(livelock.statement.prefix(40)))
  }

  @Test func withoutClaimPatternsTheReportHasNoClaims() throws {
    let annotator = Annotator(
      try Reviewer(ReviewOptions(tree: Paths.fixtureTree.path, base: "v7.0-rc1")))
    let seed = Paths.packageRoot.appendingPathComponent(
      "Fixtures/seeds/000_28e554185c54152d.txt")
    let report = try annotator.annotate(MailInput(path: seed.path))
    #expect(report.claims.isEmpty)
    #expect(!report.patches.isEmpty, "the patch was still annotated")
  }
}
