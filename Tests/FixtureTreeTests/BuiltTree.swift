import Foundation
import TestSupport

/// A fixture kernel tree built by `Fixtures/kernel-tree/build.sh` into a
/// fresh temporary folder.
///
///     let tree = try BuiltTree.build()
///     let tip = try tree.git("rev-parse", "master")
struct BuiltTree: Sendable {
  /// The folder holding Package.swift, found from this file's path.
  static let packageRoot: URL = {
    var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while !FileManager.default.fileExists(
      atPath: folder.appendingPathComponent("Package.swift").path)
    {
      folder = folder.deletingLastPathComponent()
    }
    return folder
  }()

  static let fixture = packageRoot.appendingPathComponent("Fixtures/kernel-tree")

  /// One tree shared by the tests that only read it.
  static let shared: Result<BuiltTree, CommandFailure> = Result { () throws(CommandFailure) in
    try build()
  }

  let path: String

  /// Builds a new tree and returns it.
  static func build() throws(CommandFailure) -> BuiltTree {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("lockstep-fixture-tree-\(UUID().uuidString)")
    try run([fixture.appendingPathComponent("build.sh").path, folder.path])
    return BuiltTree(path: folder.path)
  }

  /// Runs git in the tree and returns its output without the final newline.
  func git(_ arguments: String...) throws(CommandFailure) -> String {
    var output = try run(["git", "-C", path] + arguments)
    if output.hasSuffix("\n") { output.removeLast() }
    return output
  }

  /// Whether a git command succeeds in the tree.
  func gitSucceeds(_ arguments: String...) -> Bool {
    succeeds(["git", "-C", path] + arguments)
  }

  /// The id of the one commit reachable from `revision` whose subject is
  /// exactly `subject`.
  func commit(subject: String, on revision: String = "master") throws(CommandFailure) -> String {
    let lines = try git("log", "--format=%H %s", revision).split(separator: "\n")
    let matches = lines.filter { $0.dropFirst(41) == subject }
    guard matches.count == 1, let match = matches.first else {
      throw CommandFailure(
        command: "find \"\(subject)\" on \(revision)",
        message: "\(matches.count) commits have that subject")
    }
    return String(match.prefix(40))
  }

  /// `git patch-id --stable` of a commit.
  func patchID(_ commit: String) throws(CommandFailure) -> String {
    let diff = try run(["git", "-C", path, "show", commit])
    let line = try run(["git", "-C", path, "patch-id", "--stable"], input: diff)
    return String(line.prefix(40))
  }

  /// Whether `git apply --check` (with `-R` when `reverse`) accepts the
  /// patch file on the files of `revision`.  Uses an index of its own in a
  /// temporary file, so that checks of several revisions can run at once.
  func applies(_ patch: String, to revision: String, reverse: Bool = false) throws(CommandFailure)
    -> Bool
  {
    let index = FileManager.default.temporaryDirectory
      .appendingPathComponent("lockstep-fixture-index-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: index) }
    let environment = ["GIT_INDEX_FILE": index]
    try run(["git", "-C", path, "read-tree", revision], environment: environment)
    let check = ["git", "-C", path, "apply", "--cached", "--check"] + (reverse ? ["-R"] : [])
    return succeeds(check + [patch], environment: environment)
  }

  /// Removes the tree.
  func remove() {
    try? FileManager.default.removeItem(atPath: path)
  }
}
