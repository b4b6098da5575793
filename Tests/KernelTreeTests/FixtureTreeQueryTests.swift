import Foundation
import TestSupport
import Testing

@testable import KernelTree

/// Questions a stable maintainer asks, answered on the fixture kernel tree
/// (Fixtures/kernel-tree/build.sh): mainline v6.9 … v7.0, lines 6.12/6.15/6.18/6.19.
private let trylockSubject = "mm/migrate: Trylock device page in do_swap_page"
private let fixSubject = "mm: Fix a hmm_range_fault() livelock / starvation problem"

private func fixtureTree() throws -> KernelRepository {
  try KernelRepository(path: Paths.fixtureTree.path, cache: false)
}

@Test func mainlineReleasesAreOrderedByVersion() throws {
  let tags = try fixtureTree().releases().map(\.tag)
  #expect(
    tags == [
      "v6.9", "v6.10", "v6.11", "v6.12", "v6.14", "v6.15-rc1", "v6.15", "v6.18", "v6.19",
      "v7.0-rc1", "v7.0",
    ])
}

@Test func stableLinesAreTheLinuxYBranchesWithTheirNewestTags() throws {
  let lines = try fixtureTree().stableLines()
  #expect(lines.map(\.name) == ["linux-6.12.y", "linux-6.15.y", "linux-6.18.y", "linux-6.19.y"])
  for line in lines {
    #expect(line.reference == "refs/heads/\(line.name)")
    let newest = try #require(line.newestTag.flatMap(KernelVersion.init))
    #expect(newest.series == line.series.series && !newest.isMainline)
  }
}

@Test func theTrylockCommitFirstShipsInV6_15() throws {
  let tree = try fixtureTree()
  let trylock = try #require(try tree.commit(withSubject: trylockSubject))
  #expect(try tree.firstRelease(containing: trylock)?.tag == "v6.15")
  #expect(try tree.isAncestor(trylock, of: try tree.resolve("v6.15")))
  #expect(try !tree.isAncestor(trylock, of: try tree.resolve("v6.14")))
}

@Test func theFixIsOnEveryLineWithTheBugAndSaysHow() throws {
  let answer = try fixtureTree().containment(of: fixSubject)
  #expect(answer.firstRelease?.tag == "v7.0")
  let byLine = Dictionary(uniqueKeysWithValues: answer.lines.map { ($0.line.name, $0) })
  #expect(byLine["linux-6.12.y"]?.isPresent == false)
  #expect(byLine["linux-6.15.y"]?.matchedBy == .upstreamLine)
  #expect(byLine["linux-6.18.y"]?.matchedBy == .upstreamLine)
  #expect(byLine["linux-6.19.y"]?.matchedBy == .patchID)
  for line in ["linux-6.15.y", "linux-6.18.y", "linux-6.19.y"] {
    let copy = try #require(byLine[line]?.copy)
    #expect(copy != answer.commit.id)
    #expect(try fixtureTree().commit(copy).subject == fixSubject)
  }
}

@Test func aPickWithAnotherDiffAndNoUpstreamLineIsFoundBySubject() throws {
  let tree = try fixtureTree()
  let line = try #require(try tree.stableLines().first { $0.name == "linux-6.12.y" })
  let scan = try tree.lineScan(line)
  let bySubject = scan.entries.filter { entry in
    entry.upstream == nil && (try? tree.commit(withSubject: entry.subject)) != nil
      && (try? tree.commit(withSubject: entry.subject)) != entry.id
  }
  let pick = try #require(bySubject.first)
  let upstream = try #require(try tree.commit(withSubject: pick.subject))
  let presence = try tree.presence(of: try tree.commit(upstream), on: line)
  #expect(presence.matchedBy == .subject && presence.copy == pick.id)
}

@Test func oldMainlineCommitsAreOnEveryLineByAncestry() throws {
  let tree = try fixtureTree()
  let old = try tree.resolve("v6.10")
  for line in try tree.stableLines() {
    let presence = try tree.presence(of: try tree.commit(old), on: line)
    #expect(presence.matchedBy == .ancestry && presence.copy == old)
  }
}

@Test func aFixesReferenceResolvesByIdOrElseBySubject() throws {
  let tree = try fixtureTree()
  let trylock = try #require(try tree.commit(withSubject: trylockSubject))
  let byID = try tree.resolveFixes(id: trylock.short, subject: trylockSubject)
  #expect(byID.commit == trylock && byID.matchedBy == .id && byID.subjectMismatch == nil)
  // The real upstream id from the seed does not exist in this tree: the subject decides.
  let bySubject = try tree.resolveFixes(id: "1afaeb8293c9", subject: trylockSubject)
  #expect(bySubject.commit == trylock && bySubject.matchedBy == .subject)
  #expect(throws: KernelTreeError.self) { try tree.resolveFixes(id: "1afaeb8293c9", subject: nil) }
}

@Test func revisionsResolveInEveryFormGitAccepts() throws {
  let tree = try fixtureTree()
  let tag = try tree.resolve("v6.15")
  #expect(try tree.resolve(tag.hex) == tag)
  #expect(try tree.resolve(String(tag.hex.prefix(7))) == tag)
  #expect(try tree.resolve("linux-6.15.y~0") == tree.resolve("linux-6.15.y"))
  let parent = try tree.resolve("v6.15~1")
  #expect(try tree.commit(tag).parents.first == parent)
  #expect(
    try tree.tags(matching: "v6.1?").sorted() == [
      "v6.10", "v6.11", "v6.12", "v6.14", "v6.15", "v6.18", "v6.19",
    ])
  #expect(try tree.branches(matching: "linux-*.y").count == 4)
}

@Test func aFileIsReadAtARevisionAndAbsentFilesAreNil() throws {
  let tree = try fixtureTree()
  let old = try #require(try tree.file(at: "v6.14", path: "mm/memory.c")?.text)
  let new = try #require(try tree.file(at: "v6.15", path: "mm/memory.c")?.text)
  #expect(!old.contains("trylock_page(vmf->page)") && new.contains("trylock_page(vmf->page)"))
  #expect(try tree.file(at: "v6.14", path: "include/linux/leafops.h") == nil)
  #expect(try tree.file(at: "v6.19", path: "include/linux/leafops.h") != nil)
  #expect(try tree.file(at: "v6.19", path: "mm") == nil)
}

@Test func commitInfoCarriesAuthorDateAndTrailers() throws {
  let tree = try fixtureTree()
  let fix = try tree.commit(try #require(try tree.commit(withSubject: fixSubject)))
  #expect(fix.authorName == "Thomas Hellström")
  let fixes = try #require(fix.trailers.first { $0.name == "Fixes" })
  #expect(fixes.value.hasSuffix("(\"\(trylockSubject)\")"))
  #expect(fix.trailers.contains { $0.name == "Cc" && $0.value.hasSuffix("# v6.15+") })
}
