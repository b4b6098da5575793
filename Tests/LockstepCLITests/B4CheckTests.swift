import Foundation
import TestSupport
import Testing

/// `lockstep b4-check` as b4 runs it: one mail on standard input, the reviewer's kernel
/// tree as the current folder, a JSON array on standard output whatever happens.
@Suite struct B4CheckTests {
  static func fixturePath(_ relative: String) -> String {
    Paths.packageRoot.appendingPathComponent(relative).path
  }

  static func mail(_ relative: String) throws -> String {
    try String(contentsOfFile: fixturePath(relative), encoding: .utf8)
  }

  /// Runs `lockstep b4-check ARGS` in `folder` with `input` on standard input; the status
  /// and the parsed array (a test fails when standard output is not one).
  static func check(
    _ input: String, _ arguments: [String] = [], in folder: URL = Paths.fixtureTree,
    tracking: String = ""
  ) throws -> (CommandResult, [[String: String]]) {
    let result = try runCapturing(
      Paths.lockstep, ["b4-check"] + arguments, in: folder, input: input,
      environment: ["B4_TRACKING_FILE": tracking])
    let array = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: String]],
      "not a JSON array of strings: \(result.stdout) \(result.stderr)")
    return (result, array)
  }

  /// The `{status, description}` entries of a result's details.
  static func details(_ result: [String: String]) throws -> [[String: String]] {
    try #require(
      try JSONSerialization.jsonObject(with: Data((result["details"] ?? "").utf8))
        as? [[String: String]])
  }

  static let seed002 = "Fixtures/kernel-tree/expected/seed002.patch"
  static let trylockMail =
    "Fixtures/kernel-tree/history/009-mm-migrate-trylock-device-page-in-do-swap-page.patch"

  @Test func anErrorFindingFailsThePatchWithTheFindingInTheDetails() throws {
    let (result, array) = try Self.check(try Self.mail(Self.seed002), ["--base", "v6.14"])
    #expect(result.status == 1)
    let only = try #require(array.first)
    #expect(array.count == 1)
    #expect(only["tool"] == "lockstep")
    #expect(only["status"] == "fail")
    #expect(only["summary"]?.contains("put-before-unlock in do_swap_page()") == true)
    let entries = try Self.details(only)
    #expect(
      entries.contains {
        $0["status"] == "fail" && $0["description"]?.contains("[put-before-unlock]") == true
      })
    #expect(
      entries.contains {
        $0["status"] == "warn" && $0["description"]?.contains("[trylock-retry]") == true
      })
    #expect(entries.contains { $0["description"]?.hasPrefix("base: v6.14 (") == true })
  }

  @Test func aWarningWarnsAndAFixThatLeavesOnlyInfoFindingsPasses() throws {
    let (warned, warning) = try Self.check(
      try Self.mail(Self.trylockMail), ["--base", "v6.15-rc1"])
    #expect(warned.status == 0)
    #expect(warning.first?["status"] == "warn")
    #expect(
      warning.first?["summary"] == "1 warning: trylock-retry in do_swap_page() (mm/memory.c:4049)")
    // Seed 000 at v7.0-rc1 removes the trylock-retry: analyzed, and an info finding says so.
    let fix = try Self.mail(
      "Fixtures/kernel-tree/history/016-mm-fix-a-hmm-range-fault-livelock-starvation-problem.patch")
    let (passed, pass) = try Self.check(fix, ["--base", "v7.0-rc1"])
    #expect(passed.status == 0)
    let only = try #require(pass.first)
    #expect(only["status"] == "pass")
    let entries = try Self.details(only)
    #expect(
      entries.contains {
        $0["description"]?.contains("[trylock-retry] do_swap_page(): fixed by this patch") == true
      })
    #expect(entries.allSatisfy { $0["status"] == "pass" })
  }

  @Test func aCoverLetterOrAReplyHasNothingToCheck() throws {
    let series = try Self.mail("Fixtures/b4/device-page-series.mbox")
    let end = try #require(series.range(of: "\nFrom mei.tanaka"))
    let cover = String(series[..<end.lowerBound])
    let (coverResult, coverArray) = try Self.check(cover)
    #expect(coverResult.status == 0)
    #expect(coverArray.isEmpty)
    #expect(coverResult.stdout == "[]\n")
    // Seed 001 is a reply that quotes the patch and proposes a diff of its own.
    let reply = try Self.mail("Fixtures/seeds/001_9c3082e7bf73a071.txt")
    let (replyResult, replyArray) = try Self.check(reply)
    #expect(replyResult.status == 0)
    #expect(replyArray.isEmpty)
    // The patchwork form says what the mail was taken for.
    let patchwork = try runCapturing(
      Paths.lockstep, ["b4-check", "--format", "patchwork"], in: Paths.fixtureTree, input: reply)
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(patchwork.stdout.utf8)) as? [String: Any])
    #expect(json["state"] as? String == "success")
    #expect(json["description"] as? String == "a reply: no patch posted in it")
  }

  @Test(arguments: [
    ("", "<stdin>: no mail could be read: <stdin>: input is empty", Int32(65)),
    (
      "Subject: [PATCH] mm: a patch with nothing in it\n\nNo diff here.\n",
      "<stdin>: a [PATCH] mail with no diff in it", 65
    ),
  ])
  func everyFailureToReadStdinIsAFailEntrySayingWhy(input: String, reason: String, status: Int32)
    throws
  {
    let (result, array) = try Self.check(input)
    #expect(result.status == status)
    #expect(array.count == 1)
    #expect(array.first?["status"] == "fail")
    #expect(array.first?["summary"] == reason)
    #expect(result.stderr.contains("lockstep: error: \(reason)"))
  }

  @Test func hostileFilesAndBadOptionsStillPrintAFailEntry() throws {
    let cases: [(arguments: [String], reason: String, status: Int32)] = [
      ([Self.fixturePath("Fixtures/hostile/binary.bin")], "binary data", 65),
      ([Self.fixturePath("Fixtures/hostile/dotdot-paths.eml")], "unsafe path", 65),
      (
        [Self.fixturePath("Fixtures/hostile/archive-page-cut-in-headers.txt")], "read only in part",
        65
      ),
      (["/nonexistent/patch.eml"], "/nonexistent/patch.eml: cannot read the file", 74),
      (["-", "--tree", "/nonexistent/linux"], "/nonexistent/linux: no such directory", 74),
      (["-", "--base", "v9.99"], "v9.99", 65),
    ]
    for (arguments, reason, status) in cases {
      let (result, array) = try Self.check(try Self.mail(Self.seed002), arguments)
      #expect(result.status == status, "\(arguments)")
      #expect(array.map { $0["status"] } == ["fail"], "\(arguments)")
      #expect(array.first?["summary"]?.contains(reason) == true, "\(arguments): \(array)")
    }
  }

  @Test func theBaseComesFromB4TrackingFileElseFromHead() throws {
    let folder = try TemporaryFolder("lockstep-b4-tracking")
    let v614 = try run(["git", "-C", Paths.fixtureTree.path, "rev-parse", "v6.14^{commit}"])
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let tracking = try folder.write(
      "b4-tracking.json", #"{"series": {"base-commit": "\#(v614)"}, "patches": []}"#)
    let patch = try Self.mail(Self.seed002)
    let (tracked, trackedArray) = try Self.check(patch, tracking: tracking.path)
    let (given, givenArray) = try Self.check(patch, ["--base", "v6.14"])
    #expect(tracked.status == 1)
    #expect(trackedArray.first?["summary"] == givenArray.first?["summary"])
    #expect(given.status == tracked.status)
    let entries = try Self.details(try #require(trackedArray.first))
    #expect(
      entries.contains { $0["description"]?.contains("B4_TRACKING_FILE: base-commit") == true })
    // HEAD (v7.0 and after) already has the code the patch changes: only its hunks are read.
    let (_, headArray) = try Self.check(patch)
    let head = try Self.details(try #require(headArray.first))
    #expect(head.contains { $0["description"]?.hasPrefix("base: HEAD (") == true })
    #expect(
      head.contains {
        $0["status"] == "warn"
          && $0["description"]?.hasPrefix("only the hunks of mm/memory.c") == true
      })
  }

  @Test func aTrackingFileThatCannotBeReadFailsButTheReviewIsStillGiven() throws {
    let folder = try TemporaryFolder("lockstep-b4-tracking")
    let broken = try folder.write("b4-tracking.json", "{\"series\": ")
    let (result, array) = try Self.check(
      try Self.mail(Self.trylockMail), ["--base", "v6.15-rc1"], tracking: broken.path)
    #expect(result.status == 65)
    let entries = try Self.details(try #require(array.first))
    #expect(array.first?["status"] == "fail")
    #expect(
      entries.first?["description"]?.hasPrefix(
        "B4_TRACKING_FILE \(broken.path): not b4 tracking JSON") == true)
    #expect(entries.contains { $0["description"]?.contains("[trylock-retry]") == true })
    // A tracked base this tree does not have is a caution, and HEAD is used.
    let stranger = try folder.write(
      "other.json", #"{"series": {"base-commit": "0123456789abcdef0123456789abcdef01234567"}}"#)
    let (_, fallback) = try Self.check(try Self.mail(Self.trylockMail), tracking: stranger.path)
    let cautions = try Self.details(try #require(fallback.first)).filter { $0["status"] == "warn" }
    #expect(
      cautions.contains {
        $0["description"]?.hasPrefix("B4_TRACKING_FILE names no commit of this tree") == true
      })
  }

  @Test func outsideAGitTreeOnlyTheHunksAreReadAndTheCheckWarns() throws {
    let folder = try TemporaryFolder("lockstep-b4-no-tree")
    let (result, array) = try Self.check(try Self.mail(Self.trylockMail), in: folder.url)
    #expect(result.status == 0)
    #expect(array.first?["status"] == "warn")
    let entries = try Self.details(try #require(array.first))
    #expect(
      entries.contains {
        $0["status"] == "warn"
          && $0["description"]?.hasPrefix("no kernel tree: only the lines of the hunks") == true
      })
    #expect(entries.contains { $0["description"]?.contains("[trylock-retry]") == true })
  }

  @Test func aPlainSourceFolderGivenAsTreeIsReadAsItIs() throws {
    let folder = try TemporaryFolder("lockstep-b4-source")
    let archive = folder.url.appendingPathComponent("v6.15-rc1.tar").path
    try run(["git", "-C", Paths.fixtureTree.path, "archive", "-o", archive, "v6.15-rc1"])
    let source = folder.url.appendingPathComponent("linux")
    try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
    try run(["tar", "-xf", archive, "-C", source.path])
    let (result, array) = try Self.check(
      try Self.mail(Self.trylockMail), ["--tree", source.path], in: folder.url)
    #expect(result.status == 0)
    let entries = try Self.details(try #require(array.first))
    #expect(
      array.first?["summary"] == "1 warning: trylock-retry in do_swap_page() (mm/memory.c:4049)")
    #expect(
      entries.contains {
        $0["description"] == "tree: \(source.path), a source folder read as it is"
      })
    #expect(!entries.contains { $0["description"]?.hasPrefix("only the hunks") == true })
  }

  @Test func theReviewersTreeIsNeverWritten() throws {
    let sandbox = try GitSandbox()
    let clone = sandbox.root.appendingPathComponent("linux")
    try run(["git", "clone", "-q", Paths.fixtureTree.path, clone.path])
    let before = try TreeSnapshot(clone)
    for (patch, base) in [(Self.seed002, "v6.14"), (Self.trylockMail, "v6.15-rc1")] {
      _ = try Self.check(try Self.mail(patch), ["--base", base], in: clone)
      _ = try Self.check(try Self.mail(patch), in: clone)
    }
    #expect(try TreeSnapshot(clone) == before)
  }

  @Test func aMailCheckedBeforeAtTheSameBaseGetsTheSameReportFromTheCache() throws {
    let cache = try TemporaryFolder("b4check-cache")
    let mail = try Self.mail(Self.seed002)
    let run = {
      try runCapturing(
        Paths.lockstep, ["b4-check", "--base", "v6.14"], in: Paths.fixtureTree, input: mail,
        environment: ["B4_TRACKING_FILE": "", "LOCKSTEP_CACHE_DIR": cache.url.path])
    }
    let first = try run()
    #expect(first.status == 1)
    let kept = try FileManager.default.contentsOfDirectory(atPath: cache.url.path).filter {
      $0.hasPrefix("b4check-")
    }
    #expect(kept.count == 1, "one report kept for the mail")
    let again = try run()
    #expect(again.status == first.status)
    #expect(again.stdout == first.stdout)
    // Another base is another question.
    let other = try runCapturing(
      Paths.lockstep, ["b4-check", "--base", "v7.0-rc1"], in: Paths.fixtureTree, input: mail,
      environment: ["B4_TRACKING_FILE": "", "LOCKSTEP_CACHE_DIR": cache.url.path])
    #expect(other.stdout != first.stdout)
    // A kept report that cannot be read is checked again.
    for name in kept {
      try Data("{".utf8).write(to: cache.url.appendingPathComponent(name))
    }
    let damaged = try run()
    #expect(damaged.stdout == first.stdout)
    #expect(damaged.status == first.status)
  }
}
