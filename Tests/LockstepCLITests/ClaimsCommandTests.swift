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

/// The claims' tree index cache and the text template, from the command line.
@Suite struct ClaimsCacheAndTemplateTests {
  static func claims(_ extra: [String], cache: URL) throws -> CommandResult {
    try runCapturing(
      Paths.lockstep,
      ["claims", ClaimsCommandTests.thread, "--tree", Paths.fixtureTree.path, "--base", "v7.0-rc1"]
        + extra, environment: ["LOCKSTEP_CACHE_DIR": cache.path])
  }

  @Test func theTreesDefinitionsAreCachedOutsideTheTreeAndADamagedCacheIsReadAgain() throws {
    let cache = try TemporaryFolder("claims-cache")
    let before = try TreeSnapshot(Paths.fixtureTree)
    let cold = try Self.claims(["--json"], cache: cache.url)
    #expect(cold.status == 0, "\(cold.stderr)")
    let tables = try FileManager.default.contentsOfDirectory(atPath: cache.url.path).filter {
      $0.hasPrefix("definitions-") && $0.hasSuffix(".tsv")
    }
    #expect(!tables.isEmpty, "one table per folder read, in the cache folder")
    let warm = try Self.claims(["--json"], cache: cache.url)
    #expect(warm.stdout == cold.stdout, "a warm run answers as the cold one")
    // A damaged table (unsorted lines) is not trusted: the folder is scanned again.
    for table in tables {
      try Data("zzz\tmm/x.c\t1\t0\naaa\tmm/x.c\t2\t0\n".utf8).write(
        to: cache.url.appendingPathComponent(table))
    }
    let damaged = try Self.claims(["--json"], cache: cache.url)
    #expect(damaged.stdout == cold.stdout)
    #expect(cold.stdout.contains("\"definedAt\" : {"), "identifiers were linked")
    #expect(try TreeSnapshot(Paths.fixtureTree) == before)
  }

  @Test func theTextIsRenderedFromATemplateTheUserCanReplace() throws {
    let cache = try TemporaryFolder("claims-cache")
    let folder = try TemporaryFolder("claims-templates")
    try folder.write(
      "text/claims.mustache",
      "{{% CONTENT_TYPE: TEXT}}MINE {{claimCount}} {{#messages}}<{{message}}>{{/messages}}\n")
    let mine = try Self.claims(["--templates", folder.url.path], cache: cache.url)
    #expect(mine.status == 0, "\(mine.stderr)")
    #expect(mine.stdout.hasPrefix("MINE 13 <"), "\(mine.stdout)")
    try folder.write("text/claims.mustache", "{{#broken}}")
    let broken = try Self.claims(["--templates", folder.url.path], cache: cache.url)
    #expect(broken.status == 65)
    #expect(broken.stderr.contains("text/claims.mustache"))
    let missing = try Self.claims(["--templates", folder.url.path + "/nowhere"], cache: cache.url)
    #expect(missing.status == 74)
    #expect(missing.stderr.contains("nowhere: no such folder of templates"))
  }
}
