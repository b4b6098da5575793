import Foundation
import TestSupport
import Testing

/// `lockstep analyze SERIES.mbox --tree --base`: each patch on top of the ones before it,
/// its findings under its own number, and the reviewed repository left as it was.
@Suite struct AnalyzeSeriesTests {
  static let counter = CounterSeries.counter

  /// The counter series (TestSupport) and an mbox of it made by `git format-patch`.
  static func series() throws -> (sandbox: GitSandbox, mbox: URL) {
    let series = try CounterSeries()
    let mbox = series.sandbox.root.deletingLastPathComponent().appendingPathComponent(
      "series-\(UUID()).mbox")
    try Data(try series.sandbox.git("format-patch", "--stdout", "-n", "HEAD~2..HEAD").utf8)
      .write(to: mbox)
    return (series.sandbox, mbox)
  }

  /// `lockstep analyze ARGUMENTS… --json`: its exit status and its JSON object.
  static func analyzeJSON(_ arguments: [String]) throws -> (status: Int32, json: [String: Any]) {
    let result = try runCapturing(Paths.lockstep, ["analyze"] + arguments + ["--json"])
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
      "not JSON: \(result.stderr)")
    return (result.status, json)
  }

  @Test func eachFindingNamesThePatchItIsAbout() throws {
    let (sandbox, mbox) = try Self.series()
    defer { try? FileManager.default.removeItem(at: mbox) }
    let (status, json) = try Self.analyzeJSON(
      [mbox.path, "--tree", sandbox.path, "--base", "HEAD~2"])
    #expect(status == 1, "an error finding")
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
    let json = try Self.analyzeJSON([mbox.path, "--tree", sandbox.path, "--base", "master"]).json
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
    let json = try Self.analyzeJSON(
      [mbox.path, "--tree", sandbox.path, "--base", "master", "--all-versions"]
    ).json
    #expect((json["patches"] as? [[String: Any]])?.count == 2)
  }
}
