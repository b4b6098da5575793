import Backport
import Foundation
import TestSupport
import XCTest

/// What a line lacks comes with the commits that bring it, in the order to apply them
/// (the order they went into mainline), however the patch orders its uses.
final class DependencyTests: XCTestCase {
  /// A new mm/ file using softleaf_t (v6.19), set_movable_ops() (v6.18) and page_pgmap()
  /// (v6.15), in that order, and declaring its own variable and parameter.
  static let mail = """
    Subject: [PATCH] mm: use three newer helpers

    ---
    diff --git a/mm/deps_demo.c b/mm/deps_demo.c
    new file mode 100644
    index 000000000000..111111111111
    --- /dev/null
    +++ b/mm/deps_demo.c
    @@ -0,0 +1,6 @@
    +static softleaf_t demo_entry;
    +static void demo(struct page *page)
    +{
    +\tset_movable_ops(NULL, 0);
    +\tpage_pgmap(page);
    +}

    """

  func testDependenciesComeInApplyOrder() throws {
    let report = try BackportFixture.report(
      Self.mail, tree: Paths.fixtureTree.path, lines: "linux-6.12.y")
    let line = try XCTUnwrap(report.lines.first)
    XCTAssertEqual(line.status, .applies, "a new file applies; its post-image is not there")
    XCTAssertTrue(
      line.evidence.contains { $0.contains("not compared by patch-id") }, "\(line.evidence)")
    XCTAssertEqual(
      line.missing.map(\.identifier), ["softleaf_t", "set_movable_ops", "page_pgmap"],
      "the patch's own variable and parameter are not missing")
    XCTAssertEqual(
      line.dependencies.map(\.subject),
      [
        "mm: introduce page_pgmap()", "mm/migrate: add set_movable_ops()",
        "mm: introduce softleaf_t for non-present page table entries",
      ])
    XCTAssertEqual(
      line.dependencies.map(\.identifiers), [["page_pgmap"], ["set_movable_ops"], ["softleaf_t"]])
    XCTAssertTrue(line.needsWork)
  }

  /// The mail lists the same commits in the same order, and says the patch applies but
  /// needs them; absent JSON values are null, not left out.
  func testMailListsDependenciesAndJSONKeepsNulls() throws {
    let sandbox = try GitSandbox()
    try sandbox.write("deps.patch", Self.mail)
    let path = sandbox.root.appendingPathComponent("deps.patch").path
    let cache = ["LOCKSTEP_CACHE_DIR": sandbox.root.appendingPathComponent("cache").path]
    let mail = try runCapturing(
      Paths.lockstep,
      ["backport", path, "--tree", Paths.fixtureTree.path, "--lines", "linux-6.12.y", "--mail"],
      environment: cache)
    XCTAssertEqual(mail.status, 1, mail.stderr)
    XCTAssertTrue(mail.stdout.contains("applies to the 6.12-stable tree, but not as it is"))
    let listed = mail.stdout.components(separatedBy: "Possible dependencies").last ?? ""
    let order = ["introduce page_pgmap", "add set_movable_ops", "introduce softleaf_t"].map {
      listed.range(of: $0)?.lowerBound
    }
    XCTAssertFalse(order.contains(nil), listed)
    XCTAssertEqual(order.compactMap { $0 }, order.compactMap { $0 }.sorted(), listed)

    let json = try runCapturing(
      Paths.lockstep,
      ["backport", path, "--tree", Paths.fixtureTree.path, "--lines", "linux-6.12.y", "--json"],
      environment: cache)
    let object = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    for key in ["fixCommit", "fixes", "statedRange", "series"] {
      XCTAssertTrue(object[key] is NSNull, "\(key): \(String(describing: object[key]))")
    }
    let line = try XCTUnwrap((object["lines"] as? [[String: Any]])?.first)
    XCTAssertTrue(line["builds"] != nil)
    let hunk = try XCTUnwrap((line["hunks"] as? [[String: Any]])?.first)
    XCTAssertTrue(hunk["closest"] is NSNull, "\(hunk)")
    let missing = try XCTUnwrap((line["missing"] as? [[String: Any]])?.first)
    XCTAssertTrue(missing["signatureHere"] is NSNull)
    XCTAssertTrue(missing["signatureUpstream"] is NSNull)
    XCTAssertEqual(missing["renamedFrom"] as? String, "swp_entry_t")
    let dependency = try XCTUnwrap((line["dependencies"] as? [[String: Any]])?.first)
    XCTAssertEqual(dependency["identifiers"] as? [String], ["page_pgmap"])
  }
}
