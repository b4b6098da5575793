import Foundation
import Testing

/// The `lockstep` executable SwiftPM built beside this test bundle.
func lockstepExecutable() throws -> String {
  var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  if folder.lastPathComponent.hasSuffix(".xctest") { folder.deleteLastPathComponent() }
  let path = folder.appendingPathComponent("lockstep").path
  try #require(FileManager.default.isExecutableFile(atPath: path), "build lockstep first")
  return path
}

@Test func threadExitsSixtyFiveWhenNothingCouldBeReadAsMail() throws {
  let (status, output) = try run(
    [try lockstepExecutable(), "thread", fixture("hostile/binary.bin")], in: packageRoot.path)
  #expect(status == 65)
  #expect(output.contains("binary data"))
}

@Test func threadExitsSeventyFourWhenTheFileCannotBeOpened() throws {
  let (status, _) = try run(
    [try lockstepExecutable(), "thread", "/nonexistent/lockstep.mbox"], in: packageRoot.path)
  #expect(status == 74)
}

@Test func threadExitsZeroAndNamesTheTruncatedMessage() throws {
  let (status, output) = try run(
    [try lockstepExecutable(), "thread", fixture("hostile/truncated.mbox"), "--json"],
    in: packageRoot.path)
  #expect(status == 0)
  let json = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
  let messages = json?["messages"] as? [[String: Any]]
  #expect(messages?.compactMap { $0["id"] as? String } == ["ok@x", "cut@x"])
  let problems = json?["problems"] as? [[String: Any]]
  #expect(
    problems?.contains { ($0["where"] as? String)?.hasSuffix("truncated.mbox:8") == true } == true)
}

@Test func threadJSONCarriesTheDocumentedKeys() throws {
  let (status, output) = try run(
    [try lockstepExecutable(), "thread", fixture("seeds/001_9c3082e7bf73a071.txt"), "--json"],
    in: packageRoot.path)
  #expect(status == 0)
  let json = try #require(
    try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
  #expect(Set(json.keys) == ["messages", "overview", "series", "patches", "splats", "problems"])
  let overview = try #require(json["overview"] as? [[String: Any]])
  #expect(overview.count == 30)
  #expect(Set(overview[0].keys) == ["date", "author", "depth", "current"])
  let message = try #require((json["messages"] as? [[String: Any]])?.last)
  #expect(Set(message.keys) == ["id", "parent", "from", "date", "subject", "depth"])
  #expect(message["date"] as? String == "2026-01-31T13:42:20-08:00")
  let patch = try #require((json["patches"] as? [[String: Any]])?.first)
  let files = try #require(patch["files"] as? [[String: Any]])
  #expect(files.map { $0["path"] as? String } == ["mm/memory.c"])
  #expect((files[0]["hunks"] as? [[String: Any]])?.count == 2)
}
