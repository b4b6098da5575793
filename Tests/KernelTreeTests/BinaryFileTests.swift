import Foundation
import TestSupport
import Testing

@testable import KernelTree

@Test func aBinaryFileIsFlaggedAndHasNoText() throws {
  let sandbox = try GitSandbox()
  try sandbox.git("init", "-q")
  let bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x00, 0x00, 0x01, 0xFF]
  try Data(bytes).write(to: sandbox.root.appendingPathComponent("firmware.bin"))
  try sandbox.commit("add firmware", files: ["mm/memory.c": "int x;\n"])
  let tree = try KernelRepository(path: sandbox.path, cache: false)
  let firmware = try #require(try tree.file(at: "HEAD", path: "firmware.bin"))
  #expect(firmware.isBinary && firmware.text == nil && firmware.bytes == bytes)
  #expect(try tree.file(at: "HEAD", path: "mm/memory.c")?.text == "int x;\n")
}

@Test func aBareRepositoryOpensAndAnswersTheSame() throws {
  let sandbox = try GitSandbox()
  try sandbox.git("init", "-q")
  try sandbox.commit("mm: first", files: ["mm/memory.c": "int x;\n"])
  try sandbox.git("tag", "v6.15")
  try sandbox.git("clone", "-q", "--bare", sandbox.path, sandbox.path + "/bare.git")
  let bare = try KernelRepository(path: sandbox.path + "/bare.git", cache: false)
  #expect(bare.isBare)
  #expect(try bare.releases().map(\.tag) == ["v6.15"])
}

@Test func discoveryFindsTheRepositoryAroundASubfolder() throws {
  let sandbox = try GitSandbox()
  try sandbox.git("init", "-q")
  try sandbox.commit("mm: first", files: ["mm/memory.c": "int x;\n"])
  let found = try KernelRepository.discover(from: sandbox.path + "/mm", cache: false)
  #expect(try found.file(at: "HEAD", path: "mm/memory.c") != nil)
  #expect(throws: KernelTreeError.self) { try KernelRepository(path: sandbox.path + "/mm") }
}

@Test func stableTagsFormLinesWhereNoBranchesExist() throws {
  let sandbox = try GitSandbox()
  try sandbox.git("init", "-q")
  try sandbox.commit("Linux 6.12", files: ["Makefile": "PATCHLEVEL = 12\n"])
  try sandbox.git("tag", "v6.12")
  try sandbox.commit("Linux 6.12.1", files: ["Makefile": "PATCHLEVEL = 12\nSUBLEVEL = 1\n"])
  try sandbox.git("tag", "v6.12.1")
  try sandbox.commit("Linux 6.12.10", files: ["Makefile": "PATCHLEVEL = 12\nSUBLEVEL = 10\n"])
  try sandbox.git("tag", "v6.12.10")
  let lines = try KernelRepository(path: sandbox.path, cache: false).stableLines()
  #expect(lines.map(\.name) == ["linux-6.12.y"])
  #expect(lines.first?.newestTag == "v6.12.10" && lines.first?.reference == "refs/tags/v6.12.10")
}
