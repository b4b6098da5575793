import Checks
import Foundation
import Review
import TestSupport
import Testing

/// b4-check settles the claims the patch mail makes, within a per-patch budget.
@Suite struct MailCheckClaimsTests {
  /// The v3 posting of the fixture thread, as b4 hands it: one message.
  static func v3Mail(changelog replacement: String? = nil) throws -> MailInput {
    let thread = try String(
      contentsOf: Paths.packageRoot.appendingPathComponent("Fixtures/mail/livelock-thread.mbox"),
      encoding: .utf8)
    var mail = try #require(
      thread.components(separatedBy: "\nFrom ").first { $0.contains("Subject: [PATCH v3]") })
    mail = "From " + mail
    if let replacement {
      let entry = "- Add a stub migration_entry_wait_on_locked() for the\n  !CONFIG_MIGRATION case."
      #expect(mail.contains(entry))
      mail = mail.replacingOccurrences(of: entry, with: "- \(replacement)")
    }
    return MailInput(bytes: Array(mail.utf8), name: "v3.eml")
  }

  static func check(_ mail: MailInput) -> CheckReport {
    MailCheck(tree: Paths.fixtureTree.path, base: "v7.0-rc1", tracking: nil).check(mail)
  }

  @Test func thePatchsClaimsAreSettledAndListedInTheDetails() throws {
    let report = Self.check(try Self.v3Mail())
    let lines = report.entries.map(\.description)
    #expect(
      lines.contains { $0.hasPrefix("confirmed claim (changelog): \"v3: Add a stub") },
      "\(lines)")
    #expect(lines.contains { $0.hasPrefix("confirmed claim (trailer): \"Fixes: 1afaeb8293c9") })
    // What a per-patch check does not run says what would settle it.
    #expect(
      lines.contains {
        $0.hasPrefix("unverifiable claim (behaviour)") && $0.contains("lockstep claims replays")
      })
    #expect(!report.summary.contains("claim"), "the column names only a refuted claim")
    #expect(report.status == .pass)
  }

  @Test func aRefutedClaimFailsTheCheckWithExitOne() throws {
    let report = Self.check(
      try Self.v3Mail(changelog: "Rename migration_entry_wait() to migration_wait_entry()."))
    #expect(report.status == .fail)
    #expect(report.exitStatus == 1)
    let failed = report.entries.filter { $0.status == .fail }.map(\.description)
    #expect(
      failed.contains { $0.hasPrefix("refuted claim (changelog): \"v3: Rename") }, "\(failed)")
    #expect(
      report.summary.contains(
        "; a claim refuted: v3: Rename migration_entry_wait() to migration_wait_entry()"))
  }
}
