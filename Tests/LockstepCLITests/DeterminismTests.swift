import Foundation
import TestSupport
import Testing

/// The walk joins paths while iterating dictionaries and sets, whose order changes with each
/// process's hash seed: two runs on the same files must still say the same, byte for byte,
/// paths included (a reviewer diffs two runs, and CI compares them).
@Test func twoRunsOverTheSameFilesSayTheSameByteForByte() throws {
  let mm = Paths.fixtureTree.appendingPathComponent("mm")
  let files = try FileManager.default.contentsOfDirectory(atPath: mm.path)
    .filter { $0.hasSuffix(".c") }.sorted()
  #expect(files.count >= 3)
  let arguments =
    ["analyze", "--json", "--paths"] + files.flatMap { ["--whole-file", "mm/\($0)"] }
  let first = try runCapturing(Paths.lockstep, arguments, in: Paths.fixtureTree)
  let second = try runCapturing(Paths.lockstep, arguments, in: Paths.fixtureTree)
  let functions =
    (try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])?[
      "functions"] as? [[String: Any]] ?? []
  #expect(functions.count > 20)
  #expect(first.stdout == second.stdout)
}
