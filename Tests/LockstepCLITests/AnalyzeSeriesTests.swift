import Foundation
import TestSupport
import Testing

/// `lockstep analyze SERIES.mbox --tree --base`: each patch on top of the ones before it,
/// its findings under its own number, and the reviewed repository left as it was.
@Suite struct AnalyzeSeriesTests {
  static let counter = """
    #include <linux/spinlock.h>

    static int counter_bump(struct counter *c)
    {
    \tc->value++;
    \treturn 0;
    }

    """

  /// A repository with a base commit and a two-patch series made by `git format-patch`:
  /// patch 1 locks counter_bump(), patch 2 returns early with the lock held.
  static func series() throws -> (sandbox: GitSandbox, mbox: URL) {
    let sandbox = try GitSandbox()
    try sandbox.git("init", "-q")
    try sandbox.commit("counter", files: ["lib/counter.c": counter])
    let locked = counter.replacingOccurrences(
      of: "\tc->value++;\n",
      with: "\tspin_lock(&c->lock);\n\tc->value++;\n\tspin_unlock(&c->lock);\n")
    try sandbox.commit("counter: lock the bump", files: ["lib/counter.c": locked])
    let early = locked.replacingOccurrences(
      of: "\tc->value++;\n", with: "\tif (c->value < 0)\n\t\treturn -EINVAL;\n\tc->value++;\n")
    try sandbox.commit("counter: refuse a negative count", files: ["lib/counter.c": early])
    let mbox = sandbox.root.deletingLastPathComponent().appendingPathComponent(
      "series-\(UUID()).mbox")
    try Data(try sandbox.git("format-patch", "--stdout", "-n", "HEAD~2..HEAD").utf8).write(to: mbox)
    return (sandbox, mbox)
  }

  @Test func eachFindingNamesThePatchItIsAbout() throws {
    let (sandbox, mbox) = try Self.series()
    defer { try? FileManager.default.removeItem(at: mbox) }
    let result = try runCapturing(
      Paths.lockstep,
      ["analyze", mbox.path, "--tree", sandbox.path, "--base", "HEAD~2", "--json"])
    #expect(result.status == 1, "an error finding: \(result.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let patches = json["patches"] as? [[String: Any]] ?? []
    #expect(
      patches.compactMap { $0["subject"] as? String } == [
        "[PATCH 1/2] counter: lock the bump", "[PATCH 2/2] counter: refuse a negative count",
      ])
    let findings = json["findings"] as? [[String: Any]] ?? []
    let imbalance = try #require(findings.first { $0["rule"] as? String == "lock-imbalance" })
    #expect(imbalance["patch"] as? Int == 2)
    #expect(imbalance["severity"] as? String == "error")
  }

  @Test func theTextPutsFindingsUnderTheirPatch() throws {
    let (sandbox, mbox) = try Self.series()
    defer { try? FileManager.default.removeItem(at: mbox) }
    let result = try runCapturing(
      Paths.lockstep, ["analyze", mbox.path, "--tree", sandbox.path, "--base", "HEAD~2"])
    let heading = try #require(
      result.stdout.split(separator: "\n").first { $0.hasPrefix("== patch 2 of 2") })
    #expect(heading == "== patch 2 of 2: [PATCH 2/2] counter: refuse a negative count")
    #expect(result.stdout.contains("lib/counter.c:"))
  }

  @Test func analyzingASeriesDoesNotWriteToTheRepository() throws {
    let (sandbox, mbox) = try Self.series()
    defer { try? FileManager.default.removeItem(at: mbox) }
    let before = try TreeSnapshot(sandbox.root)
    for arguments in [
      ["analyze", mbox.path, "--tree", sandbox.path, "--base", "HEAD~2", "--json", "--paths"],
      ["analyze", mbox.path, "--tree", sandbox.path],
      ["simulate", "--patch", mbox.path, "--tree", sandbox.path, "--base", "HEAD~2", "--json"],
    ] {
      _ = try runCapturing(Paths.lockstep, arguments)
    }
    #expect(try TreeSnapshot(sandbox.root) == before)
  }

  /// An mbox with v1 and v2 of a one-patch series, both made from the same base with
  /// `git format-patch` (v2 locks the bump, v1 only adds a comment).
  static func twoVersions() throws -> (sandbox: GitSandbox, mbox: URL) {
    let sandbox = try GitSandbox()
    try sandbox.git("init", "-q")
    try sandbox.commit("counter", files: ["lib/counter.c": counter])
    try sandbox.git("checkout", "-q", "-b", "v1")
    try sandbox.commit(
      "counter: bump under the lock",
      files: [
        "lib/counter.c": counter.replacingOccurrences(
          of: "\tc->value++;\n", with: "\t/* TODO: lock */\n\tc->value++;\n")
      ])
    let v1 = try sandbox.git("format-patch", "--stdout", "-1")
    try sandbox.git("checkout", "-q", "master")
    try sandbox.git("checkout", "-q", "-b", "v2")
    try sandbox.commit(
      "counter: bump under the lock",
      files: [
        "lib/counter.c": counter.replacingOccurrences(
          of: "\tc->value++;\n",
          with: "\tspin_lock(&c->lock);\n\tc->value++;\n\tspin_unlock(&c->lock);\n")
      ])
    let v2 = try sandbox.git("format-patch", "--stdout", "-v2", "-1")
    let mbox = sandbox.root.deletingLastPathComponent().appendingPathComponent(
      "versions-\(UUID()).mbox")
    try Data((v1 + v2).utf8).write(to: mbox)
    return (sandbox, mbox)
  }

  @Test func ofTwoVersionsOfASeriesTheNewestIsAnalyzedAndTheOtherNamed() throws {
    let (sandbox, mbox) = try Self.twoVersions()
    defer { try? FileManager.default.removeItem(at: mbox) }
    let result = try runCapturing(
      Paths.lockstep,
      ["analyze", mbox.path, "--tree", sandbox.path, "--base", "master", "--json", "--paths"])
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let patches = json["patches"] as? [[String: Any]] ?? []
    #expect(
      patches.compactMap { $0["subject"] as? String } == [
        "[PATCH v2] counter: bump under the lock"
      ])
    let notes = json["notes"] as? [String] ?? []
    #expect(notes.contains { $0.contains("v2 analyzed") && $0.contains("left out") }, "\(notes)")
  }

  @Test func allVersionsAnalyzesEveryVersion() throws {
    let (sandbox, mbox) = try Self.twoVersions()
    defer { try? FileManager.default.removeItem(at: mbox) }
    let result = try runCapturing(
      Paths.lockstep,
      [
        "analyze", mbox.path, "--tree", sandbox.path, "--base", "master", "--json",
        "--all-versions",
      ])
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect((json["patches"] as? [[String: Any]])?.count == 2)
  }
}
