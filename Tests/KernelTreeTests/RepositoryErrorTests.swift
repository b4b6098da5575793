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
