import Foundation
import TestSupport
import Testing

@testable import KernelTree

@Test func aFolderThatIsNoRepositoryIsNamedInTheError() throws {
  let sandbox = try GitSandbox()
  #expect {
    try KernelRepository(path: sandbox.path)
  } throws: { error in
    guard case KernelTreeError.notARepository(let path, _) = error else { return false }
    return path == sandbox.path && "\(error)".contains(sandbox.path)
  }
  let result = try runCapturing(Paths.lockstep, ["tree", "lines", "--tree", sandbox.path])
  #expect(result.status == 65)
  #expect(result.stderr.contains("not a git repository: \(sandbox.path)"))
}

@Test func aPathThatDoesNotExistIsAnIOError() throws {
  let missing = "/nonexistent/lockstep/linux"
  #expect(throws: KernelTreeError.self) {
    try KernelRepository(path: missing)
  }
  let result = try runCapturing(Paths.lockstep, ["tree", "lines", "--tree", missing])
  #expect(result.status == 74)
  #expect(result.stderr.contains(missing))
}

@Test func aRevisionThatDoesNotExistIsNamedInTheError() throws {
  let sandbox = try GitSandbox()
  try sandbox.git("init", "-q")
  try sandbox.commit("mm: first", files: ["mm/memory.c": "int x;\n"])
  let tree = try KernelRepository(path: sandbox.path, cache: false)
  #expect {
    try tree.resolve("v9.99")
  } throws: { error in
    guard case KernelTreeError.unknownRevision(let revision, _, _) = error else { return false }
    return revision == "v9.99"
  }
  let result = try runCapturing(
    Paths.lockstep, ["tree", "contains", "deadbeefdead", "--tree", sandbox.path, "--no-cache"])
  #expect(result.status == 65)
  #expect(result.stderr.contains("unknown revision \"deadbeefdead\""))
  let bySubject = try runCapturing(
    Paths.lockstep, ["tree", "contains", "mm: no such subject", "--tree", sandbox.path])
  #expect(bySubject.status == 65)
  #expect(bySubject.stderr.contains("no commit with subject \"mm: no such subject\""))
}

@Test func aCorruptObjectIsReportedAsACorruptRepository() throws {
  let sandbox = try GitSandbox()
  try sandbox.git("init", "-q")
  try sandbox.commit("mm: first", files: ["mm/memory.c": "int x;\n"])
  let blob = try sandbox.git("rev-parse", "HEAD:mm/memory.c").trimmingCharacters(in: .newlines)
  let object = sandbox.root.appendingPathComponent(
    ".git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
  try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object.path)
  try Data("this is not zlib data".utf8).write(to: object)

  let tree = try KernelRepository(path: sandbox.path, cache: false)
  #expect {
    try tree.file(at: "HEAD", path: "mm/memory.c")
  } throws: { error in
    guard case KernelTreeError.corruptRepository(let path, let what, _) = error else {
      return false
    }
    return path == sandbox.path && what == "HEAD:mm/memory.c"
  }
}

@Test func aCorruptCommitMakesTheCommandExitWithDataError() throws {
  let sandbox = try GitSandbox()
  try sandbox.git("init", "-q")
  let head = try sandbox.commit("mm: first", files: ["mm/memory.c": "int x;\n"])
  try sandbox.git("tag", "v6.15")
  let object = sandbox.root.appendingPathComponent(
    ".git/objects/\(head.prefix(2))/\(head.dropFirst(2))")
  try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object.path)
  try Data([0x78, 0x9c, 0xff, 0x00]).write(to: object)
  let result = try runCapturing(Paths.lockstep, ["tree", "lines", "--tree", sandbox.path])
  #expect(result.status == 65)
  #expect(result.stderr.contains("corrupt repository \(sandbox.path)"))
}

/// A loose object cut short (a disk full, a copy interrupted): libgit2 1.5 loops forever
/// inflating it (its issue #7342); Lockstep names the object and exits 65. The runs go
/// through `timeout`, so a hang fails the test (status 124) instead of stalling the suite.
@Test func aTruncatedLooseObjectIsExit65NotAHang() throws {
  let sandbox = try GitSandbox()
  try sandbox.git("init", "-q")
  let body = (1...2000).map { "int x\($0);\n" }.joined()
  try sandbox.commit("mm: first", files: ["mm/memory.c": body])
  let head = try sandbox.commit("mm: second", files: ["mm/memory.c": body + "int y;\n"])
  try sandbox.git("tag", "v6.15")
  let blob = try sandbox.git("rev-parse", "HEAD:mm/memory.c").trimmingCharacters(in: .newlines)
  func truncate(_ id: String) throws {
    let object = sandbox.root.appendingPathComponent(
      ".git/objects/\(id.prefix(2))/\(id.dropFirst(2))")
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object.path)
    let data = try Data(contentsOf: object)
    try data.prefix(data.count / 2).write(to: object)
  }
  try truncate(blob)
  let folder = try TemporaryFolder("lockstep-truncated")
  let patch = try folder.write(
    "fix.patch",
    "diff --git a/mm/memory.c b/mm/memory.c\n--- a/mm/memory.c\n+++ b/mm/memory.c\n"
      + "@@ -1,2 +1,2 @@\n-int x1;\n+int y1;\n int x2;\n")
  let analyze = try runCapturing(
    "/usr/bin/timeout",
    ["120", Paths.lockstep, "analyze", patch.path, "--tree", sandbox.path, "--base", "v6.15"])
  #expect(analyze.status == 65)
  #expect(analyze.stderr.contains("loose object \(blob) is truncated or corrupt"))

  try truncate(head)
  for arguments in [
    ["tree", "lines", "--tree", sandbox.path],
    ["tree", "contains", String(head.prefix(12)), "--tree", sandbox.path, "--no-cache"],
  ] {
    let result = try runCapturing("/usr/bin/timeout", ["120", Paths.lockstep] + arguments)
    #expect(result.status == 65, "\(arguments): \(result.stderr)")
    #expect(result.stderr.contains("loose object \(head) is truncated or corrupt"))
  }
}
