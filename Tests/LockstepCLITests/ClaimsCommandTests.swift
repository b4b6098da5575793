import Foundation
import TestSupport
import Testing

/// `lockstep claims` from the command line: the exit statuses, the error lines, and the JSON.
@Suite struct ClaimsCommandTests {
  static let thread = Paths.packageRoot.appendingPathComponent(
    "Fixtures/mail/livelock-thread.mbox"
  ).path

  static func claims(_ arguments: [String], input: String? = nil) throws -> CommandResult {
    try runCapturing(Paths.lockstep, ["claims"] + arguments, input: input)
  }

  @Test func aThreadWhoseClaimsHoldExitsZeroAndPrintsThemByMessage() throws {
    let result = try Self.claims([
      Self.thread, "--tree", Paths.fixtureTree.path, "--base", "v7.0-rc1",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("== <20260203143400.6231-1-thomas.hellstrom@linux.intel.com>"))
    #expect(result.stdout.contains("  confirmed     changelog  v3: Add a stub"))
    #expect(
      result.stdout.contains(
        "== v2 → v3: mm: Fix a hmm_range_fault() livelock / starvation problem"))
    #expect(result.stdout.contains("  fixes stub-gap in do_swap_page() at mm/memory.c:4688"))
  }

  @Test func aRefutedClaimExitsOneAndTheJSONSaysWhich() throws {
    let text = try String(contentsOfFile: Self.thread, encoding: .utf8).replacingOccurrences(
      of: "- Add a stub migration_entry_wait_on_locked() for the\n  !CONFIG_MIGRATION case.",
      with: "- Remove migration_entry_wait_on_locked().")
    let result = try Self.claims(
      ["-", "--tree", Paths.fixtureTree.path, "--base", "v7.0-rc1", "--json"], input: text)
    #expect(result.status == 1, "\(result.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let claims = try #require(json["claims"] as? [[String: Any]])
    let refuted = claims.filter { $0["verdict"] as? String == "refuted" }
    #expect(refuted.count == 1)
    let said = try #require(refuted.first?["text"] as? String)
    #expect(said.hasPrefix("v3: Remove migration_entry_wait_on_locked()."))
    #expect(refuted.first?["needs"] is NSNull)
  }

  @Test func aPatternFileThatCannotBeReadIsExit65NamingFileAndLine() throws {
    let folder = try TemporaryFolder()
    let patterns = folder.url.appendingPathComponent("mine.txt")
    try "message adds add* {A}\nsomewhere adds {A}\n".write(
      to: patterns, atomically: true, encoding: .utf8)
    let result = try Self.claims([Self.thread, "--claim-patterns", patterns.path])
    #expect(result.status == 65)
    #expect(
      result.stderr.hasPrefix("lockstep: error: \(patterns.path):2: unknown place \"somewhere\""))
    #expect(result.stdout.isEmpty)
    let missing = try Self.claims([Self.thread, "--claim-patterns", "/nonexistent/patterns.txt"])
    #expect(missing.status == 74)
  }

  @Test func unreadableInputAndUnknownRevisionHaveTheirStatuses() throws {
    #expect(try Self.claims(["/nonexistent/thread.mbox"]).status == 74)
    let revision = try Self.claims([
      Self.thread, "--tree", Paths.fixtureTree.path, "--base", "v9.99",
    ])
    #expect(revision.status == 65)
    #expect(revision.stderr.contains("v9.99"))
  }

  @Test func inputThatIsNotMailOrHasARefusedDiffIsExit65SayingWhat() throws {
    let hostile = Paths.packageRoot.appendingPathComponent("Fixtures/hostile")
    let binary = try Self.claims([hostile.appendingPathComponent("binary.bin").path])
    #expect(binary.status == 65)
    #expect(binary.stderr.contains("no patch found: nothing in it reads as mail"))
    // A diff whose paths climb out of the tree is refused: the rest is still checked.
    let climbing = try Self.claims([hostile.appendingPathComponent("dotdot-paths.eml").path])
    #expect(climbing.status == 65)
    #expect(climbing.stderr.hasPrefix("lockstep: error: "))
    #expect(climbing.stdout.contains("claim(s)"), "the report is still printed")
  }
}
