import Foundation

/// A failure of `build.sh` or of a git command run by these tests, with the
/// command and what it printed on standard error.
struct CommandFailure: Error, CustomStringConvertible, Sendable {
  let command: String
  let status: Int32
  let standardError: String

  var description: String { "\(command) exited with \(status): \(standardError)" }
}

/// Runs a program and returns its standard output.
///
///     let head = try run(["git", "-C", path, "rev-parse", "HEAD"])
///
/// The user's and the system's git configuration are ignored, so that the
/// tests see the fixture tree as `build.sh` made it.
@discardableResult
func run(
  _ arguments: [String], input: String? = nil, environment extra: [String: String] = [:]
) throws(CommandFailure) -> String {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = arguments
  var environment = ProcessInfo.processInfo.environment
  environment["GIT_CONFIG_NOSYSTEM"] = "1"
  environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
  environment["LC_ALL"] = "C"
  environment.merge(extra) { _, new in new }
  process.environment = environment
  let output = Pipe()
  let errors = Pipe()
  let stdin = Pipe()
  process.standardOutput = output
  process.standardError = errors
  process.standardInput = stdin
  let command = arguments.joined(separator: " ")
  do {
    try process.run()
  } catch {
    throw CommandFailure(command: command, status: -1, standardError: "\(error)")
  }
  if let input {
    stdin.fileHandleForWriting.write(Data(input.utf8))
  }
  try? stdin.fileHandleForWriting.close()
  // The commands print little on standard error; reading standard output
  // to its end first cannot block on a full error pipe.
  let data = output.fileHandleForReading.readDataToEndOfFile()
  let errorData = errors.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  guard process.terminationStatus == 0 else {
    throw CommandFailure(
      command: command, status: process.terminationStatus,
      standardError: String(decoding: errorData, as: UTF8.self))
  }
  return String(decoding: data, as: UTF8.self)
}

/// Whether a command succeeds, for commands whose exit status is the answer
/// (`git apply --check`, `git merge-base --is-ancestor`).
func succeeds(_ arguments: [String], environment: [String: String] = [:]) -> Bool {
  (try? run(arguments, environment: environment)) != nil
}
