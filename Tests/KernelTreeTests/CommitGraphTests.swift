import Foundation
import TestSupport
import Testing

@testable import KernelTree

/// A copy of the fixture tree with git's commit-graph written by `git commit-graph write`
/// (what `git gc` leaves in a user's clone), plus commits made after it: history answered
/// from the graph must be the answer libgit2 gives walking the commit objects.
private func graphedCopy(split: Bool = false) throws -> (TemporaryFolder, String) {
  let folder = try TemporaryFolder("lockstep-commit-graph")
  let copy = folder.url.appendingPathComponent("linux").path
  try run(["cp", "-a", Paths.fixtureTree.path, copy])
  if split {
    // Two layers: v6.12's history in the base file, the rest in a second one on top.
    let base = try run(["git", "-C", copy, "rev-parse", "v6.12^{commit}"])
    try run(
      ["git", "-C", copy, "commit-graph", "write", "--split=no-merge", "--stdin-commits"],
      input: base)
    try run(["git", "-C", copy, "commit-graph", "write", "--split=no-merge", "--reachable"])
    let chain = try String(
      contentsOfFile: copy + "/.git/objects/info/commit-graphs/commit-graph-chain", encoding: .utf8)
    #expect(chain.split(separator: "\n").count == 2, "a chain of two layers")
  } else {
    try run(["git", "-C", copy, "commit-graph", "write", "--reachable"])
  }
  return (folder, copy)
}

/// Every commit of the repository, as `git rev-list --all` lists them.
private func allCommits(_ path: String) throws -> [ObjectID] {
  try run(["git", "-C", path, "rev-list", "--all"]).split(separator: "\n").compactMap {
    ObjectID(hex: String($0))
  }
}

@Test func theCommitGraphHasEveryCommitAndItsParents() throws {
  let (folder, copy) = try graphedCopy()
  _ = folder
  let tree = try KernelRepository(path: copy, cache: false)
  let graph = try #require(tree.commitGraph, "git wrote objects/info/commit-graph")
  let commits = try allCommits(copy)
  #expect(graph.count == commits.count)
  for id in commits {
    let position = try #require(graph.position(of: id))
    #expect(graph.id(at: position) == id)
    #expect(
      graph.parents(of: position).map { graph.id(at: Int($0)) } == (try tree.commit(id).parents))
  }
}

@Test(arguments: [false, true])
func ancestryAndFirstReleasesFromTheGraphAreLibgit2s(split: Bool) throws {
  let (folder, copy) = try graphedCopy(split: split)
  _ = folder
  let plain = try KernelRepository(path: Paths.fixtureTree.path, cache: false)
  let graphed = try KernelRepository(path: copy, cache: false)
  #expect(graphed.commitGraph != nil && plain.commitGraph == nil)
  let commits = try allCommits(copy)
  for older in commits {
    #expect(try graphed.firstRelease(containing: older) == plain.firstRelease(containing: older))
    for newer in commits {
      #expect(try graphed.isAncestor(older, of: newer) == plain.isAncestor(older, of: newer))
    }
  }
  let index = try graphed.releaseIndex()
  let walked = try plain.releaseIndex()
  #expect(index.records == walked.records && index.isLinear == walked.isLinear)
}

@Test func commitsNewerThanTheGraphAreReadFromTheObjects() throws {
  let (folder, copy) = try graphedCopy()
  _ = folder
  let sandbox = ["-c", "user.name=Ada", "-c", "user.email=ada@example.org"]
  try run(["git", "-C", copy] + sandbox + ["checkout", "-q", "master"])
  try run(
    ["git", "-C", copy] + sandbox + ["commit", "-q", "--allow-empty", "-m", "after the graph"])
  try run(["git", "-C", copy] + sandbox + ["tag", "v7.1"])
  let newest = try #require(
    ObjectID(
      hex: try run(["git", "-C", copy, "rev-parse", "HEAD"]).trimmingCharacters(
        in: .whitespacesAndNewlines)))
  let graphed = try KernelRepository(path: copy, cache: false)
  let graph = try #require(graphed.commitGraph)
  #expect(graph.position(of: newest) == nil)
  #expect(try graphed.firstRelease(containing: newest)?.tag == "v7.1")
  let v70 = try graphed.resolve("v7.0")
  #expect(try graphed.firstRelease(containing: v70)?.tag == "v7.0")
  #expect(try graphed.isAncestor(v70, of: newest))
  #expect(try !graphed.isAncestor(newest, of: v70))
}

@Test func aDamagedCommitGraphIsNotUsedAndAnswersStayRight() throws {
  let (folder, copy) = try graphedCopy()
  _ = folder
  let file = URL(fileURLWithPath: copy + "/.git/objects/info/commit-graph")
  let bytes = try Data(contentsOf: file)
  try bytes.prefix(bytes.count / 2).write(to: file)
  let graphed = try KernelRepository(path: copy, cache: false)
  #expect(graphed.commitGraph == nil)
  let plain = try KernelRepository(path: Paths.fixtureTree.path, cache: false)
  #expect(try graphed.releaseIndex().records == plain.releaseIndex().records)
}
