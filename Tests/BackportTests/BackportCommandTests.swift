import Foundation
import TestSupport
import XCTest

/// `lockstep backport` as a user runs it: table, JSON, mail, exit statuses, errors, and a
/// repository left exactly as it was.
final class BackportCommandTests: XCTestCase {
  /// Writes seed 000's fix as a mail into `sandbox` and returns its path.
  func mail(in sandbox: GitSandbox) throws -> String {
    try sandbox.write("fix.mbox", BackportFixture.seed000Mail)
    return sandbox.root.appendingPathComponent("fix.mbox").path
  }

  func testFixtureTreeTableAndJSONLeaveTheRepositoryUnchanged() throws {
    let sandbox = try GitSandbox()
    let repository = try BackportFixture.clone(in: sandbox)
    let before = try TreeSnapshot(URL(fileURLWithPath: repository))
    let cache = ["LOCKSTEP_CACHE_DIR": sandbox.root.appendingPathComponent("cache").path]
    let mail = try mail(in: sandbox)
    let text = try runCapturing(
      Paths.lockstep, ["backport", mail, "--tree", repository], environment: cache)
    XCTAssertEqual(text.status, 0, text.stderr)
    XCTAssertTrue(text.stdout.contains("linux-6.12.y  no        not-affected"), text.stdout)
    XCTAssertTrue(text.stdout.contains("use `swp_entry_t` here"))
    let json = try runCapturing(
      Paths.lockstep, ["backport", mail, "--tree", repository, "--json"], environment: cache)
    XCTAssertEqual(json.status, 0, json.stderr)
    let object = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let lines = try XCTUnwrap(object["lines"] as? [[String: Any]])
    XCTAssertEqual(
      lines.map { $0["status"] as? String },
      ["not-affected", "already-applied", "already-applied", "already-applied"])
    XCTAssertEqual((object["fixes"] as? [String: Any])?["firstRelease"] as? String, "v6.15")
    XCTAssertEqual((object["statedRange"] as? [String: Any])?["text"] as? String, "# v6.15+")
    XCTAssertEqual(try TreeSnapshot(URL(fileURLWithPath: repository)), before)
  }

  func testALineThatNeedsWorkExits1AndGetsAMail() throws {
    let sandbox = try GitSandbox()
    let repository = try BackportFixture.clone(in: sandbox)
    try sandbox.git("-C", "linux", "branch", "-q", "-f", "linux-6.18.y", "v6.18.1")
    let before = try TreeSnapshot(URL(fileURLWithPath: repository))
    let fix = try sandbox.git(
      "-C", "linux", "rev-parse", "master^{/livelock . starvation problem}"
    ).trimmingCharacters(in: .newlines)
    let result = try runCapturing(
      Paths.lockstep,
      [
        "backport", try mail(in: sandbox), "--tree", repository, "--lines", "linux-6.1[89].y",
        "--mail",
      ],
      environment: ["LOCKSTEP_CACHE_DIR": sandbox.root.appendingPathComponent("cache").path])
    XCTAssertEqual(result.status, 1, result.stderr)
    XCTAssertFalse(result.stdout.contains("linux-6.12.y"))
    XCTAssertTrue(
      result.stdout.contains(
        "FAILED: patch \"\(BackportFixture.subject)\" failed to apply to 6.18-stable tree"),
      result.stdout)
    XCTAssertFalse(result.stdout.contains("failed to apply to 6.19-stable tree"))
    XCTAssertTrue(result.stdout.contains("git checkout FETCH_HEAD"))
    XCTAssertTrue(result.stdout.contains("git cherry-pick -x \(fix)\n"), result.stdout)
    XCTAssertTrue(result.stdout.contains("In linux-6.18.y the patch is: applies-with-fuzz"))
    XCTAssertTrue(result.stdout.contains("mm/memory.c hunk 1: fuzz 2"), result.stdout)
    XCTAssertTrue(result.stdout.contains("stub-gap include/linux/migrate.h"))
    XCTAssertTrue(result.stdout.contains("Possible dependencies, in the order to apply them:"))
    XCTAssertTrue(
      result.stdout.contains("(\"mm: introduce softleaf_t for non-present page table entries\")"))
    XCTAssertEqual(try TreeSnapshot(URL(fileURLWithPath: repository)), before)
  }

  /// Seed 000 as it arrived: quoted in a reply, damaged, its Fixes: line wrapped and no
  /// subject. The fix is found on mainline by patch-id, and every copy of it.
  func testDamagedQuotedSeedMail() throws {
    let seed = Paths.packageRoot.appendingPathComponent(
      "Fixtures/seeds/000_28e554185c54152d.txt"
    ).path
    let sandbox = try GitSandbox()
    let result = try runCapturing(
      Paths.lockstep, ["backport", seed, "--tree", Paths.fixtureTree.path, "--json"],
      environment: ["LOCKSTEP_CACHE_DIR": sandbox.root.appendingPathComponent("cache").path])
    XCTAssertEqual(result.status, 0, result.stderr)
    let object = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    XCTAssertEqual(
      (object["patch"] as? [String: Any])?["subject"] as? String, BackportFixture.subject)
    XCTAssertEqual((object["fixes"] as? [String: Any])?["matchedBy"] as? String, "subject")
    let lines = try XCTUnwrap(object["lines"] as? [[String: Any]])
    let evidence = lines.map { ($0["evidence"] as? [String] ?? []).joined(separator: " | ") }
    XCTAssertTrue(evidence[3].contains("(patch-id)"), evidence[3])
    XCTAssertEqual(lines.map { $0["status"] as? String }.first, "not-affected")
  }

  func testErrorsNameWhatAndWhere() throws {
    let sandbox = try GitSandbox()
    let missing = try runCapturing(
      Paths.lockstep, ["backport", "/no/such.patch", "--tree", Paths.fixtureTree.path])
    XCTAssertEqual(missing.status, 74)
    XCTAssertTrue(missing.stderr.contains("/no/such.patch"), missing.stderr)
    let noLine = try runCapturing(
      Paths.lockstep,
      [
        "backport", try mail(in: sandbox), "--tree", Paths.fixtureTree.path, "--lines",
        "linux-2.4*",
      ])
    XCTAssertEqual(noLine.status, 65)
    XCTAssertTrue(noLine.stderr.hasPrefix("lockstep: error: no stable line"), noLine.stderr)
    let notGit = try runCapturing(
      Paths.lockstep, ["backport", try mail(in: sandbox), "--tree", sandbox.path])
    XCTAssertEqual(notGit.status, 65)
    XCTAssertTrue(notGit.stderr.contains("not a git repository"), notGit.stderr)
  }
}
