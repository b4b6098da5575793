import Foundation
import Report
import Review
import TestSupport
import Testing

/// The four forms are renderings of one value: what one shows, the others show.
@Suite struct ReportFormsTests {
  static func annotated(claims: [ClaimSection] = []) throws -> AnnotatedThread {
    var annotator = Annotator(
      try Reviewer(ReviewOptions(tree: Paths.fixtureTree.path, base: "v7.0-rc1")))
    annotator.claims = claims
    return try annotator.annotate(
      MailInput(path: Paths.packageRoot.appendingPathComponent(livelockThread).path))
  }

  @Test func everyFormCarriesTheSameFindingsRacesAndStableLines() throws {
    let report = try Self.annotated()
    let renderer = try ReportRenderer(templates: nil)
    let findings = report.patches.flatMap(\.allFindings)
    #expect(findings.map(\.rule.rawValue).sorted() == ["callee-releases", "trylock-retry"])
    #expect(!report.races.isEmpty)
    let lines = try #require(report.backport?.rows.map(\.line))
    #expect(lines.contains("linux-6.12.y"))
    for form in [ReportFormat.html, .md, .json] {
      let text = try renderer.render(report, as: form)
      for finding in findings {
        #expect(text.contains(finding.rule.rawValue), "\(form) lacks \(finding.rule)")
        #expect(text.contains("\(finding.line)"), "\(form) lacks line \(finding.line)")
      }
      for race in report.races {
        #expect(text.contains(race.contender), "\(form) lacks \(race.contender)")
      }
      for line in lines { #expect(text.contains(line), "\(form) lacks \(line)") }
    }
  }

  @Test func claimsFromTheClaimsStageAppearWithTheirVerdictBadgesAndEvidence() throws {
    let claims = [
      ClaimSection(
        statement: "waits for the folio to be unlocked instead of spinning", by: "Thomas Hellström",
        kind: "behaviour", verdict: .confirmed,
        evidence: [.init(text: "livelock before, ok after", location: "mm/memory.c:4688")]),
      ClaimSection(
        statement: "no functional change for !CONFIG_MIGRATION", by: nil, kind: "diff",
        verdict: .refuted, evidence: [.init(text: "the stub unlocks ptl", location: nil)]),
    ]
    let report = try Self.annotated(claims: claims)
    #expect(report.needsWork)
    let renderer = try ReportRenderer(templates: nil)
    let html = try renderer.render(report, as: .html)
    #expect(html.contains("<span class=\"badge verdict-confirmed\">confirmed</span>"))
    #expect(html.contains("<span class=\"badge verdict-refuted\">refuted</span>"))
    #expect(html.contains("mm/memory.c:4688"))
    let markdown = try renderer.render(report, as: .md)
    #expect(markdown.contains("**refuted**: no functional change for !CONFIG_MIGRATION"))
    let mail = try renderer.render(report, as: .mbox)
    #expect(mail.contains("[confirmed] waits for the folio to be unlocked instead of spinning"))
    // Without claims there is no claims section at all, not an empty one.
    let none = try renderer.render(try Self.annotated(), as: .html)
    #expect(!none.contains("id=\"claims\""))
  }
}
