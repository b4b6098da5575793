import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What one run of a program did: its exit status (128 + the signal when one ended it),
/// what it printed, and the most memory it held (its own `getrusage`, through `wait4`).
public struct MeasuredRun: Sendable {
  public let status: Int32
  public let stdout: String
  public let stderr: String
  /// The child's peak resident set, in bytes (`ru_maxrss`).
  public let peakMemory: Int

  /// Runs `program` as a user would (standard output and error to files), with nothing on
  /// standard input, and waits for it with `wait4` so its own resource use is read, not
  /// that of every child this test process ran.
  ///
  /// ```swift
  /// let run = try MeasuredRun(Paths.lockstep, ["analyze", "--whole-file", path])
  /// #expect(run.peakMemory < 500 << 20)
  /// ```
  public init(_ program: String, _ arguments: [String]) throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "lockstep-measured-\(UUID().uuidString)")
    let outPath = scratch.appendingPathExtension("out").path
    let errPath = scratch.appendingPathExtension("err").path
    defer {
      try? FileManager.default.removeItem(atPath: outPath)
      try? FileManager.default.removeItem(atPath: errPath)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv = ([program] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, program, &actions, nil, argv, environ)
    guard spawned == 0 else {
      throw CommandFailure(command: program, message: "posix_spawn failed: \(spawned)")
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
      guard errno == EINTR else {
        throw CommandFailure(command: program, message: "wait4 failed: \(errno)")
      }
    }
    // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
    let signal = status & 0x7f
    self.status = signal == 0 ? (status >> 8) & 0xff : 128 + signal
    stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    peakMemory = usage.ru_maxrss * 1024
  }
}
