import Foundation
import TestSupport
import Testing

@testable import KernelTree

/// A private copy of the fixture tree, so its snapshot is not disturbed by other tests.
private func privateFixtureCopy() throws -> URL {
  let copy = FileManager.default.temporaryDirectory
    .appendingPathComponent("lockstep-readonly-\(UUID().uuidString)")
  try run("/bin/cp", ["-a", Paths.fixtureTree.path, copy.path])
  return copy
}

@Test func noKernelTreeOperationWritesToTheRepository() throws {
  let root = try privateFixtureCopy()
  defer { try? FileManager.default.removeItem(at: root) }
  let cache = FileManager.default.temporaryDirectory.appendingPathComponent(
    "lockstep-cache-\(UUID())")
  defer { try? FileManager.default.removeItem(at: cache) }
  let before = try TreeSnapshot(root)

  // The cache goes to its own folder, without touching the process environment.
  let tree = try KernelRepository(
    path: root.path, discover: false, store: TreeCache(directory: cache))
  let fix = try tree.containment(of: "mm: Fix a hmm_range_fault() livelock / starvation problem")
  _ = try tree.releases()
  _ = try tree.stableLines()
  _ = try tree.tags(matching: "v*")
  _ = try tree.branches(matching: "*")
  _ = try tree.firstRelease(containing: fix.commit.id)
  _ = try tree.file(at: "v6.15", path: "mm/memory.c")
  _ = try tree.commit(try tree.resolve("HEAD~2"))
  _ = try tree.patchID(of: fix.commit.id)
  _ = try tree.resolveFixes(
    id: "1afaeb8293c9", subject: "mm/migrate: Trylock device page in do_swap_page")
  _ = try? tree.resolve("no-such-revision")
  _ = try KernelRepository(
    path: root.appendingPathComponent("mm").path, discover: true, store: TreeCache(directory: cache)
  ).releases()

  #expect(try TreeSnapshot(root) == before)
  #expect(FileManager.default.fileExists(atPath: cache.path), "the cache went elsewhere")
}

@Test func noLockstepTreeCommandWritesToTheRepository() throws {
  let root = try privateFixtureCopy()
  defer { try? FileManager.default.removeItem(at: root) }
  let cache = FileManager.default.temporaryDirectory.appendingPathComponent(
    "lockstep-cache-\(UUID())")
  defer { try? FileManager.default.removeItem(at: cache) }
  let before = try TreeSnapshot(root)
  let environment = ["LOCKSTEP_CACHE_DIR": cache.path]
  let commands: [[String]] = [
    ["tree", "lines"],
    ["tree", "lines", "--json"],
    ["tree", "contains", "mm/migrate: Trylock device page in do_swap_page"],
    [
      "tree", "contains", "--json", "v6.15~1",
      "mm: Fix a hmm_range_fault() livelock / starvation problem",
    ],
    ["tree", "contains", "--no-cache", "v6.10"],
    ["tree", "contains", "no-such-revision"],
  ]
  for arguments in commands {
    _ = try runCapturing(Paths.lockstep, arguments, in: root, environment: environment)
    _ = try runCapturing(
      Paths.lockstep, arguments + ["--tree", root.path], environment: environment)
  }
  #expect(try TreeSnapshot(root) == before)
}

@Test func aSecondQueryReadsTheLineScanFromTheCache() throws {
  let cache = FileManager.default.temporaryDirectory.appendingPathComponent(
    "lockstep-cache-\(UUID())")
  defer { try? FileManager.default.removeItem(at: cache) }
  let store = TreeCache(directory: cache)
  let first = try KernelRepository(path: Paths.fixtureTree.path, cache: false)
  let line = try #require(try first.stableLines().first { $0.name == "linux-6.19.y" })
  #expect(store.load(tip: line.tip) == nil)

  var scan = try first.lineScan(line)
  store.save(scan)
  let stored = try #require(store.load(tip: line.tip))
  #expect(stored.entries.map(\.id) == scan.entries.map(\.id))
  #expect(stored.entries.map(\.upstream) == scan.entries.map(\.upstream))

  // Patch-ids found by one run are kept for the next.
  let fix = try #require(
    try first.commit(withSubject: "mm: Fix a hmm_range_fault() livelock / starvation problem"))
  let pick = try #require(try first.pickWithSamePatch(as: fix, in: &scan))
  store.save(scan)
  let reloaded = try #require(store.load(tip: line.tip))
  #expect(reloaded.entries.first { $0.id == pick }?.patchID == (try first.patchID(of: fix)))
}

@Test func cliAnswersMatchWithAndWithoutTheCache() throws {
  let cache = FileManager.default.temporaryDirectory.appendingPathComponent(
    "lockstep-cache-\(UUID())")
  defer { try? FileManager.default.removeItem(at: cache) }
  let arguments = [
    "tree", "contains", "--json", "--tree", Paths.fixtureTree.path,
    "mm: Fix a hmm_range_fault() livelock / starvation problem",
  ]
  let cold = try run(Paths.lockstep, arguments + ["--no-cache"])
  let first = try run(Paths.lockstep, arguments, environment: ["LOCKSTEP_CACHE_DIR": cache.path])
  let warm = try run(Paths.lockstep, arguments, environment: ["LOCKSTEP_CACHE_DIR": cache.path])
  #expect(cold == first && first == warm)
  let json = (try JSONSerialization.jsonObject(with: Data(warm.utf8)) as? [[String: Any]])?.first
  #expect(json?["firstRelease"] as? String == "v7.0")
  let lines = json?["lines"] as? [[String: Any]] ?? []
  #expect(
    lines.map { $0["matchedBy"] as? String } == [nil, "upstream-line", "upstream-line", "patch-id"])
  #expect(Set(lines.flatMap(\.keys)) == ["line", "tip", "present", "as", "matchedBy"])
}
