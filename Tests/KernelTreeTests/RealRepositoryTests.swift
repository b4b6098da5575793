import Foundation
import TestSupport
import Testing

@testable import KernelTree

/// Linus's `linux.git` has `v2.6.11` and `v2.6.11-tree`: annotated tags of a tree, not of
/// a commit. They are left out of the releases (and named with `--verbose`), never fatal.
@Test func aTagOfATreeIsSkippedNotFatal() throws {
  let sandbox = try GitSandbox()
  try sandbox.git("init", "-q")
  try sandbox.commit("Linux 6.14", files: ["mm/memory.c": "int x;\n"])
  try sandbox.git("tag", "-a", "-m", "Linux 6.14", "v6.14")
  let fix = try sandbox.commit("mm: fix", files: ["mm/memory.c": "int y;\n"])
  try sandbox.git("tag", "-a", "-m", "Linux 6.15", "v6.15")
  let tree = try sandbox.git("rev-parse", "HEAD^{tree}").trimmingCharacters(in: .newlines)
  try sandbox.git("tag", "-a", "-m", "the tree of 2.6.11", "v2.6.11", tree)
  try sandbox.git("tag", "-a", "-m", "the tree of 2.6.11", "v2.6.11-tree", tree)

  let repository = try KernelRepository(path: sandbox.path, cache: false)
  #expect(try repository.releases().map(\.tag) == ["v6.14", "v6.15"])
  #expect(repository.skippedTags.map(\.tag).contains("v2.6.11"))

  let lines = try runCapturing(Paths.lockstep, ["tree", "lines", "--tree", sandbox.path])
  #expect(lines.status == 0, "\(lines.stderr)")
  #expect(lines.stderr.isEmpty)
  let verbose = try runCapturing(
    Paths.lockstep, ["tree", "lines", "--tree", sandbox.path, "--verbose"])
  #expect(verbose.status == 0)
  #expect(verbose.stderr.components(separatedBy: "tag v2.6.11 skipped").count == 2)
  let contains = try runCapturing(
    Paths.lockstep, ["tree", "contains", fix, "--tree", sandbox.path, "--no-cache", "--json"])
  #expect(contains.status == 0, "\(contains.stderr)")
  #expect(contains.stdout.contains("\"firstRelease\" : \"v6.15\""))
}

/// A `$HOME` that does not exist is not created for the cache: it falls back to a
/// temporary folder.
@Test func theCacheNeverCreatesAMissingHome() {
  let missing = "/nonexistent-home-\(UUID().uuidString)"
  let folder = TreeCache.standardDirectory(["HOME": missing])
  #expect(!folder.path.hasPrefix(missing))
  #expect(folder.path.hasPrefix(FileManager.default.temporaryDirectory.path))
  #expect(
    TreeCache.standardDirectory(["HOME": NSTemporaryDirectory()]).path.hasSuffix(
      ".cache/lockstep"))
  #expect(
    TreeCache.standardDirectory(["XDG_CACHE_HOME": missing + "/a/b", "HOME": missing]).path
      .hasPrefix(FileManager.default.temporaryDirectory.path))
}
