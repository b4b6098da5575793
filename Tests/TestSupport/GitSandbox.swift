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
) throws -> String {
  let result = try runCapturing(
    program, arguments, in: folder, input: input, environment: environment)
  guard result.status == 0 else {
    throw CommandFailure(command: ([program] + arguments).joined(separator: " "), result: result)
  }
  return result.stdout
}

public struct CommandResult: Sendable {
  public let status: Int32
  public let stdout: String
  public let stderr: String
}

public struct CommandFailure: Error, CustomStringConvertible {
  public let command: String
  public let result: CommandResult
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
