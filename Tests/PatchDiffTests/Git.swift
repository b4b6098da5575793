import Foundation
import TestSupport

/// A throwaway git repository built with the git CLI for a test.
struct ScratchRepository {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "patchdiff-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    try git("init", "-q", "-b", "main")
    try git("config", "user.name", "Test")
    try git("config", "user.email", "test@example.org")
  }

  func write(_ path: String, _ text: String) throws {
    let file = url.appendingPathComponent(path)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: file, atomically: true, encoding: .utf8)
  }

  func commit(_ message: String) throws {
    try git("add", "-A")
    try git("commit", "-q", "-m", message)
  }

  /// Runs git in the repository; standard input optional; returns standard output.
  @discardableResult
  func git(_ arguments: String..., input: String? = nil) throws -> String {
    try run(["git", "-C", url.path] + arguments, input: input)
  }

  func remove() {
    try? FileManager.default.removeItem(at: url)
  }
}
