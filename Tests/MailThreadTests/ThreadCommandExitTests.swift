import Foundation
import TestSupport
import Testing

@Test func threadExitsSixtyFiveWhenNothingCouldBeReadAsMail() throws {
  let result = try runCapturing(
    Paths.lockstep, ["thread", fixture("hostile/binary.bin")], in: Paths.packageRoot)
  let (status, output) = (result.status, result.stdout)
  #expect(status == 65)
  #expect(output.contains("binary data"))
}

@Test func threadExitsSeventyFourWhenTheFileCannotBeOpened() throws {
  let result = try runCapturing(
    Paths.lockstep, ["thread", "/nonexistent/lockstep.mbox"], in: Paths.packageRoot)
  let status = result.status
  #expect(status == 74)
  #expect(
    result.stderr == "lockstep: error: /nonexistent/lockstep.mbox: No such file or directory\n")
  let folder = try runCapturing(Paths.lockstep, ["thread", "/nonexistent"])
  #expect(folder.status == 74)
  #expect(folder.stderr == "lockstep: error: /nonexistent: No such file or directory\n")
}

@Test func threadExitsZeroAndNamesTheTruncatedMessage() throws {
  let result = try runCapturing(
    Paths.lockstep, ["thread", fixture("hostile/truncated.mbox"), "--json"], in: Paths.packageRoot)
  let (status, output) = (result.status, result.stdout)
  #expect(status == 0)
  let json = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
  let messages = json?["messages"] as? [[String: Any]]
  #expect(messages?.compactMap { $0["id"] as? String } == ["ok@x", "cut@x"])
  let problems = json?["problems"] as? [[String: Any]]
  #expect(
    problems?.contains { ($0["where"] as? String)?.hasSuffix("truncated.mbox:8") == true } == true)
}

@Test func threadJSONCarriesTheDocumentedKeys() throws {
  let result = try runCapturing(
    Paths.lockstep, ["thread", fixture("seeds/001_9c3082e7bf73a071.txt"), "--json"],
    in: Paths.packageRoot)
  let (status, output) = (result.status, result.stdout)
  #expect(status == 0)
  let json = try #require(
    try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
  #expect(Set(json.keys) == ["messages", "overview", "series", "patches", "splats", "problems"])
  let overview = try #require(json["overview"] as? [[String: Any]])
  #expect(overview.count == 30)
  #expect(Set(overview[0].keys) == ["date", "author", "depth", "current"])
  let message = try #require((json["messages"] as? [[String: Any]])?.last)
  #expect(
    Set(message.keys) == [
      "id", "parent", "from", "date", "subject", "depth", "attributions", "comments",
    ])
  #expect(message["date"] as? String == "2026-01-31T13:42:20-08:00")
  let patch = try #require((json["patches"] as? [[String: Any]])?.first)
  let files = try #require(patch["files"] as? [[String: Any]])
  #expect(files.map { $0["path"] as? String } == ["mm/memory.c"])
  #expect((files[0]["hunks"] as? [[String: Any]])?.count == 2)
}

@Test func statsWithJSONPrintsJSON() throws {
  let output = try run(
    Paths.lockstep, ["thread", fixture("mail/livelock-thread.mbox"), "--stats", "--json"])
  let json = try #require(
    try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Int])
  #expect(json["messages"] == 12)
  #expect(json["threads"] == 3)
  #expect(Set(json.keys) == ["messages", "threads", "placeholders", "bodyBytes", "problems"])
}

@Test func anErrorWithJSONPrintsNothingOnStandardOutput() throws {
  let cases: [[String]] = [
    ["thread", "/nonexistent/t.mbox", "--json"],
    ["analyze", "/nonexistent/p.patch", "--json"],
    [
      "analyze", fixture("mail/livelock-thread.mbox"), "--tree", Paths.fixtureTree.path, "--base",
      "v9.99", "--json",
    ],
  ]
  for arguments in cases {
    let result = try runCapturing(Paths.lockstep, arguments, in: Paths.packageRoot)
    #expect([65, 74].contains(result.status), "\(arguments)")
    #expect(result.stdout.isEmpty, "\(arguments)")
    #expect(result.stderr.hasPrefix("lockstep"), "\(arguments)")
  }
}
