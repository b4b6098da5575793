import TestSupport
import Testing

@Test(arguments: [
  ["tree", "contains"],
  ["tree", "lines", "--no-such-option"],
  ["thread", "--bogus", "x"],
  ["no-such-command"],
  ["analyze"],
  ["analyze", "fix.patch", "--terse", "--json"],
])
func aUsageErrorExitsWithStatus2AndSaysWhy(arguments: [String]) throws {
  let result = try runCapturing(Paths.lockstep, arguments)
  #expect(result.status == 2)
  // The one error style of every failure (`lockstep: error: …`), the usage kept below.
  #expect(result.stderr.hasPrefix("lockstep: error: ") && result.stderr.contains("Usage:"))
}

@Test func helpIsNoError() throws {
  let result = try runCapturing(Paths.lockstep, ["--help"])
  #expect(result.status == 0 && result.stdout.contains("Exit status: 0 nothing found"))
}

@Test(arguments: ["analyze", "simulate", "thread", "tree"])
func aSubcommandsHelpIsNoError(command: String) throws {
  let result = try runCapturing(Paths.lockstep, [command, "--help"])
  #expect(result.status == 0)
  #expect(result.stderr.isEmpty, "help printed an error: \(result.stderr)")
  #expect(result.stdout.contains("USAGE: lockstep \(command)"))
}
