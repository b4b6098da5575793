import Claims
import Foundation
import Review
import Synchronization
import TestSupport
import Testing

/// The inputs the claims tests read: the seeds, the fixture thread, mail the tests write,
/// and the fixture tree at a revision.
enum ClaimsFixture {
  static func file(_ relative: String) -> String {
    Paths.packageRoot.appendingPathComponent("Fixtures/\(relative)").path
  }

  static func seed(_ prefix: String) throws -> String {
    let folder = Paths.packageRoot.appendingPathComponent("Fixtures/seeds")
    let name = try #require(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).first {
        $0.hasPrefix(prefix)
      })
    return folder.appendingPathComponent(name).path
  }

  static let thread = file("mail/livelock-thread.mbox")

  /// The claims report of `path`, read against the fixture tree at `base` (no tree: nil);
  /// each input is checked once per test process (several tests read the same report).
  static func report(_ path: String, base: String? = "v7.0-rc1", patterns extra: String? = nil)
    throws -> ClaimsReport
  {
    let key = "\(path) \(base ?? "-") \(extra ?? "")"
    if let known = reports.withLock({ $0[key] }) { return known }
    let reviewer = try Reviewer(
      ReviewOptions(tree: base == nil ? nil : Paths.fixtureTree.path, base: base, allVersions: true)
    )
    let made = try report(MailInput(path: path), reviewer: reviewer, patterns: extra)
    reports.withLock { $0[key] = made }
    return made
  }

  private static let reports = Mutex<[String: ClaimsReport]>([:])

  static func report(_ mail: MailInput, reviewer: Reviewer, patterns extra: String? = nil) throws
    -> ClaimsReport
  {
    var patterns = try ClaimPatternTable.builtin()
    if let extra { try patterns.add(contentsOf: extra, source: "test-patterns.txt") }
    return ClaimChecker(try ClaimsInput(mail, reviewer: reviewer), patterns: patterns).check()
  }

  /// The fixture thread with its v3 posting's changelog entry replaced by `entry` (the
  /// lines after `- `), as mail a test writes.
  static func threadWithV3Changelog(_ entry: String) throws -> MailInput {
    let text = try String(contentsOfFile: thread, encoding: .utf8)
    let original = """
      v3:
      - Add a stub migration_entry_wait_on_locked() for the
        !CONFIG_MIGRATION case. (Kernel Test Robot)
      """
    #expect(text.contains(original), "the fixture thread's v3 changelog is as the test expects")
    let changed = text.replacingOccurrences(of: original, with: "v3:\n- \(entry)")
    return MailInput(bytes: Array(changed.utf8), name: "written-by-test.mbox")
  }

  static func claim(_ report: ClaimsReport, containing words: String) throws -> Claim {
    try #require(
      report.claims.first { $0.text.contains(words) },
      "no claim says \"\(words)\"; claims: \(report.claims.map(\.text))")
  }
}
