import Backport
import Foundation
import KernelTree
import LockAnalysis
import PatchDiff
import TestSupport
import XCTest

/// Seed 000's fix as a mail, clones of the fixture tree whose lines a test changes, and
/// the git CLI answers the checks are compared with (always in a scratch clone).
enum BackportFixture {
  static let subject = "mm: Fix a hmm_range_fault() livelock / starvation problem"

  /// The fix as `git format-patch` would mail it: subject, message with trailers, diff.
  static var seed000Mail: String {
    let url = Paths.packageRoot.appendingPathComponent(
      "Fixtures/kernel-tree/expected/seed000.patch")
    let body = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    return "From: Thomas <t@example.org>\nSubject: [PATCH v3] \(subject)\n\n" + body
  }

  /// A request from mail text: the first recovered patch, the message before the diff.
  static func request(_ mail: String) throws -> BackportRequest {
    let patch = try XCTUnwrap(PatchFinder.patches(in: mail).first?.patch)
    let body = mail.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n")
    let message = body.components(separatedBy: "\n---\n").first ?? body
    let subjectLine = mail.split(separator: "\n").first { $0.hasPrefix("Subject: ") }
    return BackportRequest(
      subject: subjectLine.map { String($0.dropFirst("Subject: ".count)) } ?? "",
      message: message, patch: patch)
  }

  /// The report for `mail` against the repository at `path`, without the cache folder.
  static func report(
    _ mail: String, tree path: String, lines: String? = nil, depth: BackportDepth = .full
  ) throws -> BackportReport {
    let tree = try KernelRepository(path: path, cache: false)
    return try Backporter(repository: tree, table: try .builtin()).check(
      try request(mail), lines: lines, depth: depth)
  }

  /// A clone of the fixture tree in `sandbox` (folder `linux`), every stable line a local
  /// branch, so a test can move or extend lines.
  static func clone(in sandbox: GitSandbox) throws -> String {
    try sandbox.git("clone", "-q", Paths.fixtureTree.path, "linux")
    let path = sandbox.root.appendingPathComponent("linux").path
    for line in ["linux-6.12.y", "linux-6.15.y", "linux-6.18.y", "linux-6.19.y"] {
      try sandbox.git("-C", "linux", "branch", "-q", "-f", line, "origin/\(line)")
    }
    return path
  }

  /// Moves `line` of the clone in `sandbox` to `start` and commits there an edit of
  /// mm/memory.c; `false` when the edit changed nothing.
  static func commitMemoryEdit(
    in sandbox: GitSandbox, line: String, from start: String, message: String,
    edit: (String) -> String
  ) throws -> Bool {
    try sandbox.git("-C", "linux", "checkout", "-q", "-B", line, start)
    defer { _ = try? sandbox.git("-C", "linux", "checkout", "-q", "master") }
    let file = sandbox.root.appendingPathComponent("linux/mm/memory.c")
    let text = try String(contentsOf: file, encoding: .utf8)
    let changed = edit(text)
    guard changed != text else { return false }
    try Data(changed.utf8).write(to: file)
    try sandbox.git("-C", "linux", "commit", "-q", "-am", message)
    return true
  }

  /// What `git apply --check` and `patch --dry-run` say of seed 000's fix on `line`.
  static func gitAnswers(repository: String, line: String) throws -> (gitApply: Bool, patch: Bool) {
    let diff = try request(seed000Mail).patch.text
    return (
      try gitAccepts(diff, repository: repository, line: line),
      try gitAccepts(diff, repository: repository, line: line, usePatch: true)
    )
  }

  /// Whether `git apply --check` (or `patch --dry-run` with `usePatch`) accepts the diff on
  /// `line` of `repository`, asked in a fresh scratch clone.
  static func gitAccepts(_ diff: String, repository: String, line: String, usePatch: Bool = false)
    throws -> Bool
  {
    let scratch = try GitSandbox()
    try scratch.git("clone", "-q", "--branch", line, repository, "work")
    let work = scratch.root.appendingPathComponent("work")
    if usePatch {
      let result = try runCapturing(
        "/usr/bin/patch", ["-p1", "--dry-run", "--force"], in: work, input: diff)
      return result.status == 0
    }
    let result = try runCapturing("/usr/bin/git", ["apply", "--check"], in: work, input: diff)
    return result.status == 0
  }
}
