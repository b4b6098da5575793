import TestSupport
import Testing

@Test(arguments: [
  ["tree", "contains"],
  ["tree", "lines", "--no-such-option"],
  ["thread", "--bogus", "x"],
  ["no-such-command"],
])
func aUsageErrorExitsWithStatus2AndSaysWhy(arguments: [String]) throws {
  let result = try runCapturing(Paths.lockstep, arguments)
  #expect(result.status == 2)
  #expect(result.stderr.contains("Error:") && result.stderr.contains("Usage:"))
}

@Test func helpIsNoError() throws {
  let result = try runCapturing(Paths.lockstep, ["--help"])
  #expect(result.status == 0 && result.stdout.contains("Exit status: 0 nothing found"))
}
