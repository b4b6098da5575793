import Backport
import Foundation
import TestSupport
import XCTest

/// The Cc: stable range checked against the lines that really have the bug, and used in
/// place of a missing Fixes: trailer.
final class StatedRangeTests: XCTestCase {
  func testRangeNamingALineWithoutTheBug() throws {
    let mail = BackportFixture.seed000Mail.replacingOccurrences(of: "# v6.15+", with: "# v6.12+")
    let report = try BackportFixture.report(mail, tree: Paths.fixtureTree.path)
    XCTAssertEqual(report.statedRange?.lines.first, "linux-6.12.y")
    let mismatch = try XCTUnwrap(report.statedRange?.mismatch)
    XCTAssertTrue(mismatch.contains("names linux-6.12.y without the bug"), mismatch)
  }

  func testRangeMissingALineWithTheBug() throws {
    let mail = BackportFixture.seed000Mail.replacingOccurrences(of: "# v6.15+", with: "# v6.18+")
    let report = try BackportFixture.report(mail, tree: Paths.fixtureTree.path)
    let mismatch = try XCTUnwrap(report.statedRange?.mismatch)
    XCTAssertTrue(mismatch.contains("misses linux-6.15.y"), mismatch)
  }

  /// Two `Cc: stable` trailers (`# 6.12.x`, `# 6.15.x`) state one range: the lines either
  /// names, here one without the bug (6.12) and one with it (6.15), but not 6.18 and 6.19.
  func testSeveralTrailersStateOneRange() throws {
    let mail = BackportFixture.seed000Mail.replacingOccurrences(
      of: "Cc: <[email protected]> # v6.15+",
      with: "Cc: <[email protected]> # 6.12.x\nCc: <[email protected]> # 6.15.x")
    XCTAssertNotEqual(mail, BackportFixture.seed000Mail, "the seed's Cc: stable line changed")
    let report = try BackportFixture.report(mail, tree: Paths.fixtureTree.path)
    XCTAssertEqual(report.statedRange?.text, "# 6.12.x, # 6.15.x")
    XCTAssertEqual(report.statedRange?.lines, ["linux-6.12.y", "linux-6.15.y"])
    let mismatch = try XCTUnwrap(report.statedRange?.mismatch)
    XCTAssertTrue(mismatch.contains("names linux-6.12.y without the bug"), mismatch)
    XCTAssertTrue(mismatch.contains("misses linux-6.18.y, linux-6.19.y"), mismatch)
  }

  func testWithoutFixesTheRangeDecides() throws {
    let mail = BackportFixture.seed000Mail.replacingOccurrences(
      of: "Fixes: 1afaeb8293c9 (\"mm/migrate: Trylock device page in do_swap_page\")\n", with: "")
    let report = try BackportFixture.report(mail, tree: Paths.fixtureTree.path)
    XCTAssertNil(report.fixes)
    XCTAssertTrue(report.notes.contains { $0.contains("Cc: stable range") })
    let old = try XCTUnwrap(report.lines.first { $0.line == "linux-6.12.y" })
    XCTAssertEqual(old.affectedBy, .statedRange)
    XCTAssertFalse(old.affected)
    XCTAssertTrue(old.evidence.contains { $0.contains("outside the stated range # v6.15+") })
  }

  /// `Cc: stable` claims ask only which lines have the bug: the `.affected` depth answers that
  /// as the whole check does — by the `Fixes:` target, by the stated range without one, and by
  /// the fix's pre-image when the target is unknown — without searching the tree for what the
  /// patch needs, and says what it left out.
  func testTheAffectedDepthJudgesEachLineAsTheWholeCheckDoes() throws {
    let seed = BackportFixture.seed000Mail
    let fixes = "Fixes: 1afaeb8293c9 (\"mm/migrate: Trylock device page in do_swap_page\")\n"
    let mails = [
      "by the Fixes: target": seed,
      "by the stated range": seed.replacingOccurrences(of: fixes, with: ""),
      "by the pre-image": seed.replacingOccurrences(
        of: fixes, with: "Fixes: 0123456789ab (\"mm: a commit no tree has\")\n"),
    ]
    for (how, mail) in mails {
      XCTAssertTrue(how == "by the Fixes: target" || mail != seed, "\(how): the mail changed")
      let whole = try BackportFixture.report(mail, tree: Paths.fixtureTree.path)
      let affected = try BackportFixture.report(
        mail, tree: Paths.fixtureTree.path, depth: .affected)
      XCTAssertEqual(whole.lines.count, 4, how)
      XCTAssertEqual(affected.lines.map(\.line), whole.lines.map(\.line), how)
      for (row, full) in zip(affected.lines, whole.lines) {
        XCTAssertEqual(row.affected, full.affected, "\(how): \(row.line)")
        XCTAssertEqual(row.affectedBy, full.affectedBy, "\(how): \(row.line)")
        XCTAssertEqual(row.status, full.status, "\(how): \(row.line)")
        XCTAssertTrue(row.missing.isEmpty && row.libgit2Applies == nil, "\(how): \(row.line)")
      }
      XCTAssertEqual(affected.statedRange?.mismatch, whole.statedRange?.mismatch, how)
      XCTAssertTrue(affected.notes.contains { $0.contains("were not worked out") }, how)
      XCTAssertFalse(whole.notes.contains { $0.contains("were not worked out") }, how)
    }
  }
}
