import Foundation
import TestSupport
import Testing

/// Input Lockstep can only partly read: the rest is analyzed and printed, what could not be
/// read is named in the output and on standard error, and the exit status is 65 — never a
/// silent "0 function(s)".
@Suite struct PartlyReadableInputTests {
  /// A patch whose one hunk adds a sleep under a spinlock: an error finding when read.
  static let goodFile = SampleDiff.sleepUnderSpinlock

  static func analyze(_ patch: String, _ arguments: [String] = []) throws -> (
    CommandResult, [String: Any]
  ) {
    let folder = try TemporaryFolder("lockstep-partly")
    let file = try folder.write("input.patch", patch)
    let result = try runCapturing(Paths.lockstep, ["analyze", file.path, "--json"] + arguments)
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
      "not JSON: \(result.stderr)")
    return (result, json)
  }

  static func rules(_ json: [String: Any]) -> [String] {
    (json["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
  }

  @Test func aLineOf9000CharactersIsALongLine() throws {
    let long = Self.goodFile.replacingOccurrences(
      of: "+\tmight_sleep();",
      with: "+\tmight_sleep(); /* \(String(repeating: "x", count: 9000)) */")
    let (result, json) = try Self.analyze(long)
    #expect(result.status == 1)
    #expect(Self.rules(json) == ["sleep-under-spinlock"])
  }

  @Test(arguments: [
    "@@ -1,99999999999999999999999 +1,2 @@\n-x\n+y\n+z\n",
    "@@ -1,-3 +1,2 @@\n-x\n+y\n+z\n",
    "@@ -0,0 +0,0 @@\n+y\n+z\n",
  ])
  func aMalformedHunkIsExit65AndTheRestIsAnalyzed(hunk: String) throws {
    let patch = "diff --git a/mm/b.c b/mm/b.c\n--- a/mm/b.c\n+++ b/mm/b.c\n" + hunk + Self.goodFile
    let (result, json) = try Self.analyze(patch)
    #expect(result.status == 65)
    let problems = json["problems"] as? [String] ?? []
    #expect(problems.count == 1 && problems[0].contains("line 4: mm/b.c: "))
    #expect(result.stderr.hasPrefix("lockstep: error: "))
    #expect(Self.rules(json) == ["sleep-under-spinlock"], "the good file is still analyzed")
  }

  @Test func crOnlyLineEndsAreReadAndSaid() throws {
    let (result, json) = try Self.analyze(Self.goodFile.replacingOccurrences(of: "\n", with: "\r"))
    #expect(result.status == 65)
    #expect(
      (json["problems"] as? [String])?.first?.hasSuffix(
        "line ends are CR only; read as line breaks") == true)
    #expect(Self.rules(json) == ["sleep-under-spinlock"])
  }

  /// A repository whose blob at `--base` is gone, or holds other bytes than its id says.
  @Test(arguments: [false, true])
  func aDamagedBlobAtTheBaseIsExit65NamingIt(wrongContent: Bool) throws {
    let sandbox = try GitSandbox()
    try sandbox.git("init", "-q")
    let source = "void a(spinlock_t *l)\n{\n\tspin_lock(l);\n\tx = 1;\n\tspin_unlock(l);\n}\n"
    try sandbox.commit("base", files: ["mm/a.c": source])
    try sandbox.write(
      "mm/a.c", source.replacingOccurrences(of: "\tx = 1;\n", with: "\tx = 1;\n\tmight_sleep();\n"))
    let patch = try sandbox.git("diff")
    try sandbox.git("checkout", "--", "mm/a.c")
    let blob = try sandbox.git("rev-parse", "HEAD:mm/a.c").trimmingCharacters(in: .newlines)
    let object = sandbox.root.appendingPathComponent(
      ".git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
    try FileManager.default.removeItem(at: object)
    if wrongContent {
      // A valid loose object of other bytes, stored under the blob's id.
      let other = try sandbox.git("hash-object", "-w", "--stdin", input: "int other;\n")
        .trimmingCharacters(in: .newlines)
      try FileManager.default.copyItem(
        at: sandbox.root.appendingPathComponent(
          ".git/objects/\(other.prefix(2))/\(other.dropFirst(2))"),
        to: object)
    }
    let (result, json) = try Self.analyze(patch, ["--tree", sandbox.path])
    #expect(result.status == 65)
    #expect(result.stderr.contains("lockstep: error: corrupt repository \(sandbox.path)"))
    #expect(result.stderr.contains(blob))
    #expect(!(json["notes"] as? [String] ?? []).contains { $0.contains("not in") })
  }
}
