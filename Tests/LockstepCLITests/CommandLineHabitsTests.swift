import Foundation
import TestSupport
import Testing

/// What a kernel developer expects of a command line, each run as a user runs the binary:
/// partial answers say so in the exit status, errors never blame the wrong thing, and a
/// thread is read the same way by every command.
@Suite struct CommandLineHabitsTests {
  static let fixtures = Paths.packageRoot.appendingPathComponent("Fixtures")
  static let seed000 = fixtures.appendingPathComponent("seeds/000_28e554185c54152d.txt").path
  static let thread = fixtures.appendingPathComponent("mail/livelock-thread.mbox").path

  static func lockstep(_ arguments: [String], in folder: URL? = nil) throws -> CommandResult {
    try runCapturing(Paths.lockstep, arguments, in: folder)
  }

  @Test func simulateWithoutATreeSaysTheVerdictsRestOnHunksAndExits3() throws {
    let nowhere = try TemporaryFolder()
    let result = try Self.lockstep(["simulate", "--patch", Self.seed000], in: nowhere.url)
    #expect(result.status == 3, "\(result.stderr)")
    #expect(result.stderr.contains("do_swap_page"))
    #expect(result.stderr.contains("only the hunks' lines were replayed"))
    #expect(result.stdout.contains("race(s) composed"), "the races still ran")
  }

  @Test func simulateWithTheTreeHasNoSuchWarning() throws {
    let result = try Self.lockstep([
      "simulate", "--patch", Self.seed000, "--tree", Paths.fixtureTree.path, "--base", "v7.0-rc1",
    ])
    #expect(result.status == 0, "the fix introduces nothing: \(result.stderr)")
    #expect(!result.stderr.contains("only the hunks"))
    #expect(result.stdout.contains("removes-livelock"), "the whole function was replayed")
  }

  @Test func analyzeExits3WhenAFileTheTreeLacksIsReadFromTheHunksAlone() throws {
    let folder = try TemporaryFolder()
    let patch = try folder.write(
      "new.patch",
      """
      --- a/mm/nothere.c
      +++ b/mm/nothere.c
      @@ -1,3 +1,4 @@
       int f(void)
       {
      +\tint x = 1;
       \treturn 0;

      """)
    let result = try Self.lockstep([
      "analyze", patch.path, "--tree", Paths.fixtureTree.path, "--base", "v7.0-rc1", "--terse",
    ])
    #expect(result.status == 3, "\(result.stderr)")
    #expect(result.stderr.contains("the answer is partial (exit 3)"))
    #expect(result.stderr.contains("mm/nothere.c: analyzed from the hunks alone"))
    let whole = try Self.lockstep([
      "analyze", Self.seed000, "--tree", Paths.fixtureTree.path, "--base", "v7.0-rc1",
    ])
    #expect(whole.status == 0, "read whole: \(whole.stderr)")
    #expect(!whole.stderr.contains("partial"))
  }

  @Test func backportReadsTheNewestVersionOfAThreadAsAnalyzeDoes() throws {
    let result = try Self.lockstep(["backport", Self.thread, "--tree", Paths.fixtureTree.path])
    #expect(result.stdout.contains("Fixes: ff5d832c3f4b"), "v3 carries the Fixes: trailer")
    #expect(result.stdout.contains("v3 analyzed, v1, v2 left out"))
  }

  @Test func everyVersionIsAnalyzedFromTheBaseNotOnTopOfTheOthers() throws {
    let result = try Self.lockstep([
      "analyze", Self.thread, "--all-versions", "--tree", Paths.fixtureTree.path, "--base",
      "v7.0-rc1",
    ])
    #expect(result.stdout.contains("== patch 3 of 3: [PATCH v3]"))
    #expect(!result.stdout.contains("does not apply after the earlier patches"))
  }

  @Test func helpForNoSuchCommandIsAUsageErrorAndVersionAnswers() throws {
    let help = try Self.lockstep(["help", "nosuch"])
    #expect(help.status == 2)
    #expect(help.stderr.hasPrefix("lockstep: error: no such command: nosuch"))
    let missing = try Self.lockstep(["thread"])
    #expect(missing.status == 2)
    #expect(missing.stderr.hasPrefix("lockstep: error: missing expected argument"), "\(missing)")
    #expect(missing.stderr.contains("Usage: lockstep thread"))
    let unknown = try Self.lockstep(["analyze", "--nosuch", "x"])
    #expect(unknown.stderr.hasPrefix("lockstep: error: unknown option '--nosuch'"))
    let version = try Self.lockstep(["--version"])
    #expect(version.status == 0)
    #expect(version.stdout.hasPrefix("lockstep "))
  }

  @Test func errorsPrintNothingOnStandardOutputEvenWithJSON() throws {
    let result = try Self.lockstep(["simulate", "nosuch", "--json"])
    #expect(result.status == 74)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.hasPrefix("lockstep: error: nosuch: no such file"))
    let contenders = try Self.lockstep([
      "simulate", "--patch", Self.seed000, "--contenders", "/nonexistent-contenders",
    ])
    #expect(
      contenders.stderr
        == "lockstep: error: /nonexistent-contenders: cannot read the file (no such file)\n")
  }

  @Test func baseOnAPlainSourceDirectoryIsRefusedNotIgnored() throws {
    let folder = try TemporaryFolder()
    try folder.write("mm/a.c", "int f(void) { return 0; }\n")
    let result = try Self.lockstep([
      "analyze", "--tree", folder.url.path, "--base", "v6.1", "--whole-file", "mm/a.c",
    ])
    #expect(result.status == 65)
    #expect(result.stderr.contains("is a source directory, not a git repository"))
    let plain = try Self.lockstep(["analyze", "--tree", folder.url.path, "--whole-file", "mm/a.c"])
    #expect(plain.status == 0)
    #expect(plain.stdout.contains("1 function(s)"))
  }

  @Test func treeCommandsTakeAFolderInsideTheRepository() throws {
    let mm = Paths.fixtureTree.appendingPathComponent("mm").path
    let lines = try Self.lockstep(["tree", "lines", "--tree", mm])
    #expect(lines.status == 0, "\(lines.stderr)")
    #expect(lines.stdout.contains("linux-6.12.y"))
    let ambiguous = try Self.lockstep(["tree", "contains", "a", "--tree", Paths.fixtureTree.path])
    #expect(ambiguous.status == 65)
    #expect(ambiguous.stderr.contains("unknown revision \"a\""))
    #expect(!ambiguous.stderr.contains("corrupt"))
  }

  @Test func treeContainsTakesWhatPeoplePaste() throws {
    let tree = Paths.fixtureTree.path
    let fix = "mm: Fix a hmm_range_fault() livelock / starvation problem"
    let fixID = try run(["git", "-C", tree, "log", "-1", "--format=%H", "--grep", fix, "master"])
      .trimmingCharacters(in: .whitespacesAndNewlines)
    // A Fixes: line as pasted; the same with an id the repository lacks answers by subject.
    for pasted in ["\(fixID.prefix(12)) (\"\(fix)\")", "deadbeef1234 (\"\(fix)\")"] {
      let result = try Self.lockstep(["tree", "contains", pasted, "--tree", tree, "--json"])
      #expect(result.status == 0, "\(pasted): \(result.stderr)")
      #expect(result.stdout.contains(fixID))
    }
    // A stable line's copy stands for the upstream commit its "upstream" line names.
    let copy = try run(
      ["git", "-C", tree, "log", "-1", "--format=%h", "--grep", "upstream", "linux-6.19.y"])
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let upstream = try Self.lockstep(["tree", "contains", copy, "--tree", tree])
    #expect(upstream.stdout.contains("first release  v7.0"), "\(upstream.stderr)")
    // A subject only a stable branch has; one bad id among them keeps the others' answers.
    let batch = try Self.lockstep([
      "tree", "contains", "Linux 6.18.2", "nosuchrev", fix, "--tree", tree, "--json",
    ])
    #expect(batch.status == 65)
    #expect(batch.stderr.contains("unknown revision \"nosuchrev\""))
    let answers = try #require(
      try JSONSerialization.jsonObject(with: Data(batch.stdout.utf8)) as? [[String: Any]])
    #expect(answers.count == 2)
    #expect(answers.contains { $0["subject"] as? String == "Linux 6.18.2" })
    // One commit is an array too: the same shape however many are asked.
    let one = try Self.lockstep(["tree", "contains", fix, "--tree", tree, "--json"])
    #expect((try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [Any])?.count == 1)
  }
}
