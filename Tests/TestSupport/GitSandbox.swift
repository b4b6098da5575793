import Foundation

/// A real git repository in a temporary folder, made with the git CLI for one test.
///
/// Commits get fixed authors and dates, so ids are the same on every run.
public final class GitSandbox {
  public let root: URL
  private var clock = 1_740_000_000

  public init() throws {
    root = FileManager.default.temporaryDirectory
      .appendingPathComponent("lockstep-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: root) }

  public var path: String { root.path }

  /// Runs git in the sandbox with a fixed identity and clock; returns standard output.
  @discardableResult
  public func git(_ arguments: String..., input: String? = nil) throws -> String {
    clock += 60
    return try run(
      "/usr/bin/git",
      ["-c", "init.defaultBranch=master", "-c", "commit.gpgsign=false"] + arguments,
      in: root, input: input,
      environment: [
        "GIT_AUTHOR_NAME": "Ada Reviewer", "GIT_AUTHOR_EMAIL": "ada@example.org",
        "GIT_COMMITTER_NAME": "Ada Reviewer", "GIT_COMMITTER_EMAIL": "ada@example.org",
        "GIT_AUTHOR_DATE": "\(clock) +0000", "GIT_COMMITTER_DATE": "\(clock) +0000",
        "GIT_CONFIG_NOSYSTEM": "1", "HOME": root.path,
      ])
  }

  /// Writes a file (creating folders) relative to the sandbox.
  public func write(_ relativePath: String, _ text: String) throws {
    let url = root.appendingPathComponent(relativePath)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  /// Writes files and commits them with `message`; returns the new commit id.
  @discardableResult
  public func commit(_ message: String, files: [String: String]) throws -> String {
    for (path, text) in files { try write(path, text) }
    try git("add", "-A")
    try git("commit", "-q", "-m", message)
    return try git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
  }
}

/// Runs a program and returns its standard output; throws on a non-zero exit.
@discardableResult
public func run(
  _ program: String, _ arguments: [String], in folder: URL? = nil, input: String? = nil,
  environment: [String: String] = [:]
) throws(CommandFailure) -> String {
  let command = ([program] + arguments).joined(separator: " ")
  let result: CommandResult
  do {
    result = try runCapturing(
      program, arguments, in: folder, input: input, environment: environment)
  } catch {
    throw CommandFailure(command: command, message: "\(error)")
  }
  guard result.status == 0 else { throw CommandFailure(command: command, result: result) }
  return result.stdout
}

/// Runs a command found on the PATH (`["git", "-C", path, "rev-parse", "HEAD"]`) with
/// the user's and the system's git configuration ignored; returns standard output.
@discardableResult
public func run(
  _ command: [String], input: String? = nil, environment: [String: String] = [:]
) throws(CommandFailure) -> String {
  let isolated = ["GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "LC_ALL": "C"]
  return try run(
    "/usr/bin/env", command, input: input, environment: isolated.merging(environment) { $1 })
}

/// Whether a command succeeds, for commands whose exit status is the answer
/// (`git apply --check`, `git merge-base --is-ancestor`).
public func succeeds(_ command: [String], environment: [String: String] = [:]) -> Bool {
  (try? run(command, environment: environment)) != nil
}

/// How a command ended: its exit status and what it printed.
public struct CommandResult: Sendable {
  public let status: Int32
  public let stdout: String
  public let stderr: String

  public init(status: Int32, stdout: String, stderr: String) {
    self.status = status
    self.stdout = stdout
    self.stderr = stderr
  }
}

/// A command that failed, with what it printed on standard error.
public struct CommandFailure: Error, CustomStringConvertible, Sendable {
  public let command: String
  public let result: CommandResult

  public init(command: String, result: CommandResult) {
    self.command = command
    self.result = result
  }

  /// A failure that is not the command's own exit status (it could not start, say).
  public init(command: String, message: String) {
    self.init(command: command, result: CommandResult(status: -1, stdout: "", stderr: message))
  }

  public var description: String { "\(command) exited \(result.status): \(result.stderr)" }
}

/// Runs a program, capturing status, standard output and standard error.
public func runCapturing(
  _ program: String, _ arguments: [String], in folder: URL? = nil, input: String? = nil,
  environment: [String: String] = [:]
) throws -> CommandResult {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: program)
  process.arguments = arguments
  if let folder { process.currentDirectoryURL = folder }
  process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  // Standard input and error go through files, so no pipe can fill up and block.
  let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
    "lockstep-run-\(UUID().uuidString)")
  try Data((input ?? "").utf8).write(to: scratch.appendingPathExtension("in"))
  _ = FileManager.default.createFile(
    atPath: scratch.appendingPathExtension("err").path, contents: nil)
  defer {
    try? FileManager.default.removeItem(at: scratch.appendingPathExtension("in"))
    try? FileManager.default.removeItem(at: scratch.appendingPathExtension("err"))
  }
  let output = Pipe()
  process.standardOutput = output
  process.standardInput = try FileHandle(forReadingFrom: scratch.appendingPathExtension("in"))
  process.standardError = try FileHandle(forWritingTo: scratch.appendingPathExtension("err"))
  try process.run()
  let outputData = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  let errorData = try Data(contentsOf: scratch.appendingPathExtension("err"))
  return CommandResult(
    status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
    stderr: String(decoding: errorData, as: UTF8.self))
}
