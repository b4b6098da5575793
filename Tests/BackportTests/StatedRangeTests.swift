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
}
