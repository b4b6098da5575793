import Foundation
import TestSupport
import Testing

private let trylockSubject = "mm/migrate: Trylock device page in do_swap_page"
private let fixSubject = "mm: Fix a hmm_range_fault() livelock / starvation problem"

private func sharedTree() throws -> BuiltTree {
  try BuiltTree.shared.get()
}

private func expectedPatch(_ name: String) -> String {
  BuiltTree.fixture.appendingPathComponent("expected/\(name)").path
}

@Test func buildingTheTreeTwiceGivesTheSameCommitAndTagIds() throws {
  let first = try sharedTree()
  let second = try BuiltTree.build()
  defer { second.remove() }
  let refs = "--format=%(refname) %(objectname)"
  let firstRefs = try first.git("for-each-ref", refs)
  #expect(try second.git("for-each-ref", refs) == firstRefs)
  #expect(firstRefs.contains("refs/heads/master"))
}

@Test func buildRefusesAFolderThatIsNotEmpty() throws {
  let tree = try sharedTree()
  #expect(throws: CommandFailure.self) {
    try run([BuiltTree.fixture.appendingPathComponent("build.sh").path, tree.path])
  }
}

@Test func everyReleaseTagAndStableBranchExistsWithItsMakefileVersion() throws {
  let tree = try sharedTree()
  let tags = try tree.git("tag", "--list").split(separator: "\n").map(String.init)
  let versions: [(tag: String, lines: [String])] = [
    ("v6.9", ["VERSION = 6", "PATCHLEVEL = 9", "SUBLEVEL = 0", "EXTRAVERSION ="]),
    ("v6.10", ["PATCHLEVEL = 10", "SUBLEVEL = 0"]),
    ("v6.11", ["PATCHLEVEL = 11"]),
    ("v6.12", ["PATCHLEVEL = 12", "SUBLEVEL = 0"]),
    ("v6.12.1", ["PATCHLEVEL = 12", "SUBLEVEL = 1"]),
    ("v6.12.2", ["PATCHLEVEL = 12", "SUBLEVEL = 2"]),
    ("v6.14", ["PATCHLEVEL = 14"]),
    ("v6.15-rc1", ["PATCHLEVEL = 15", "SUBLEVEL = 0", "EXTRAVERSION = -rc1"]),
    ("v6.15", ["PATCHLEVEL = 15", "EXTRAVERSION ="]),
    ("v6.15.1", ["PATCHLEVEL = 15", "SUBLEVEL = 1"]),
    ("v6.15.2", ["SUBLEVEL = 2"]),
    ("v6.18", ["PATCHLEVEL = 18"]),
    ("v6.18.1", ["PATCHLEVEL = 18", "SUBLEVEL = 1"]),
    ("v6.18.2", ["SUBLEVEL = 2"]),
    ("v6.19", ["PATCHLEVEL = 19"]),
    ("v6.19.1", ["PATCHLEVEL = 19", "SUBLEVEL = 1"]),
    ("v6.19.2", ["SUBLEVEL = 2"]),
    ("v7.0-rc1", ["VERSION = 7", "PATCHLEVEL = 0", "EXTRAVERSION = -rc1"]),
    ("v7.0", ["VERSION = 7", "PATCHLEVEL = 0", "SUBLEVEL = 0", "EXTRAVERSION ="]),
  ]
  for (tag, lines) in versions {
    #expect(tags.contains(tag), "missing tag \(tag)")
    let makefile = try tree.git("show", "\(tag):Makefile").split(separator: "\n").map(String.init)
    for line in lines {
      #expect(makefile.contains(line), "\(tag):Makefile lacks \"\(line)\"")
    }
    #expect(try tree.git("cat-file", "-t", tag) == "tag", "\(tag) is not annotated")
  }
  let branches = try tree.git("branch", "--format=%(refname:short)")
  #expect(
    branches.split(separator: "\n") == [
      "linux-6.12.y", "linux-6.15.y", "linux-6.18.y", "linux-6.19.y", "master",
    ])
}

@Test func mainlineTagsFollowEachOtherAlongMaster() throws {
  let tree = try sharedTree()
  let mainline = [
    "v6.9", "v6.10", "v6.11", "v6.12", "v6.14", "v6.15-rc1", "v6.15", "v6.18", "v6.19",
    "v7.0-rc1", "v7.0", "master",
  ]
  for (older, newer) in zip(mainline, mainline.dropFirst()) {
    #expect(
      tree.gitSucceeds("merge-base", "--is-ancestor", older, newer), "\(older) before \(newer)")
    // A release commit and at least one change before it.
    let commits = try tree.git("rev-list", "--count", "\(older)..\(newer)")
    #expect(
      newer == "master" || Int(commits) ?? 0 >= 2, "\(older)..\(newer) has \(commits) commits")
  }
  for (line, base) in [
    ("linux-6.12.y", "v6.12"), ("linux-6.15.y", "v6.15"), ("linux-6.18.y", "v6.18"),
    ("linux-6.19.y", "v6.19"),
  ] {
    #expect(try tree.git("merge-base", line, "master") == tree.git("rev-parse", "\(base)^{commit}"))
  }
}

@Test func seed002AppliesToV6_14Only() throws {
  let tree = try sharedTree()
  let patch = expectedPatch("seed002.patch")
  for (tag, applies) in [("v6.14", true), ("v6.15-rc1", false), ("v6.15", false), ("v6.19", false)]
  {
    #expect(try tree.applies(patch, to: tag) == applies, "seed 002 on \(tag)")
  }
}

@Test func seeds000And001ApplyToV6_19AndV7_0Rc1AndSeed000IsInV7_0() throws {
  let tree = try sharedTree()
  let fix = expectedPatch("seed000.patch")
  let proposal = expectedPatch("seed001.patch")
  for tag in ["v6.19", "v7.0-rc1"] {
    #expect(try tree.applies(fix, to: tag), "seed 000 on \(tag)")
    #expect(try tree.applies(proposal, to: tag), "seed 001 on \(tag)")
  }
  #expect(try !tree.applies(fix, to: "v7.0"))
  #expect(try tree.applies(fix, to: "v7.0", reverse: true))
  #expect(try tree.applies(fix, to: "linux-6.19.y", reverse: true))
  #expect(try !tree.applies(fix, to: "v6.18"))
  #expect(try !tree.applies(proposal, to: "v7.0"))
}

@Test func theTrylockCommitFirstShipsInV6_15WithUnlockBeforePut() throws {
  let tree = try sharedTree()
  let trylock = try tree.commit(subject: trylockSubject)
  #expect(
    try tree.git("log", "-1", "--format=%an <%ae>", trylock)
      == "Matthew Brost <matthew.brost@intel.com>")
  let containing = try tree.git("tag", "--contains", trylock, "--sort=v:refname")
  #expect(containing.split(separator: "\n").first == "v6.15")
  #expect(!tree.gitSucceeds("merge-base", "--is-ancestor", trylock, "v6.15-rc1"))

  let branch = try tree.git("show", "\(trylock):mm/memory.c")
  let unlock = try #require(
    branch.range(of: "\t\t\t\tunlock_page(vmf->page);\n\t\t\t\tput_page(vmf->page);"))
  #expect(branch[..<unlock.lowerBound].contains("if (trylock_page(vmf->page)) {"))
  #expect(
    try tree.git("show", "v6.14:mm/memory.c").contains(
      "ret = vmf->page->pgmap->ops->migrate_to_ram(vmf);"))
}

@Test func theFixNamesTheFixtureIdOfTheTrylockCommit() throws {
  let tree = try sharedTree()
  let trylock = try tree.commit(subject: trylockSubject)
  let fix = try tree.commit(subject: fixSubject)
  let message = try tree.git("log", "-1", "--format=%B", fix)
  #expect(message.contains("Fixes: \(trylock.prefix(12)) (\"\(trylockSubject)\")"))
  #expect(message.contains("Cc: <stable@vger.kernel.org> # v6.15+"))
  #expect(try tree.git("log", "-1", "--format=%an", fix) == "Thomas Hellström")
  #expect(
    try tree.git("tag", "--contains", fix, "--sort=v:refname").split(separator: "\n").first
      == "v7.0")
  let stub = try tree.git("show", "v7.0:include/linux/migrate.h")
  #expect(
    stub.contains(
      "static inline void migration_entry_wait_on_locked(softleaf_t entry, spinlock_t *ptl)\n\t__releases(ptl)\n"
    ))
  #expect(
    !(try tree.git("show", "v7.0-rc1:include/linux/migrate.h")).contains(
      "static inline void migration_entry_wait_on_locked"))
}

@Test func theFixReachesEachStableLineWithTheBugByADifferentRoute() throws {
  let tree = try sharedTree()
  let trylock = try tree.commit(subject: trylockSubject)
  let fix = try tree.commit(subject: fixSubject)

  // linux-6.15.y: Greg's "commit <sha> upstream." line, diff adapted to swp_entry_t.
  let on615 = try tree.commit(subject: fixSubject, on: "v6.15..linux-6.15.y")
  let message615 = try tree.git("log", "-1", "--format=%B", on615)
  #expect(message615.contains("\n\ncommit \(fix) upstream.\n\n"))
  #expect(message615.hasSuffix("Signed-off-by: Greg Kroah-Hartman <gregkh@linuxfoundation.org>\n"))
  #expect(
    try tree.git("show", "\(on615):include/linux/migrate.h").contains(
      "migration_entry_wait_on_locked(swp_entry_t entry, spinlock_t *ptl)\n\t__releases(ptl)\n{"))
  #expect(try tree.patchID(on615) != tree.patchID(fix))

  // linux-6.18.y: Sasha's "[ Upstream commit <sha> ]" line.
  let on618 = try tree.commit(subject: fixSubject, on: "v6.18..linux-6.18.y")
  #expect(
    try tree.git("log", "-1", "--format=%B", on618).contains("\n\n[ Upstream commit \(fix) ]\n\n"))
  #expect(try tree.git("log", "-1", "--format=%cn", on618) == "Sasha Levin")

  // linux-6.19.y: the identical diff and no upstream line: only the patch-id finds it.
  let on619 = try tree.commit(subject: fixSubject, on: "v6.19..linux-6.19.y")
  let message619 = try tree.git("log", "-1", "--format=%B", on619)
  #expect(!message619.contains(String(fix.prefix(12))))
  #expect(!message619.contains("upstream"))
  #expect(try tree.patchID(on619) == tree.patchID(fix))

  // linux-6.12.y never had the Trylock commit, and has no fix.
  #expect(!tree.gitSucceeds("merge-base", "--is-ancestor", trylock, "linux-6.12.y"))
  #expect(try !tree.git("log", "--format=%s", "linux-6.12.y").contains(fixSubject))
  for line in ["linux-6.15.y", "linux-6.18.y", "linux-6.19.y"] {
    #expect(tree.gitSucceeds("merge-base", "--is-ancestor", trylock, line))
    #expect(!tree.gitSucceeds("merge-base", "--is-ancestor", fix, line))
  }
}

@Test func linux6_12PicksAreFoundByUpstreamLineAndBySubject() throws {
  let tree = try sharedTree()
  let drain = try tree.commit(subject: "mm/swap: only wait for the CPUs that were asked to drain")
  let drainPick = try tree.commit(
    subject: "mm/swap: only wait for the CPUs that were asked to drain", on: "v6.12..linux-6.12.y")
  #expect(try tree.git("log", "-1", "--format=%B", drainPick).contains("commit \(drain) upstream."))

  let eperm = "mm/hmm: fail write faults on read-only vmas with -EPERM"
  let upstream = try tree.commit(subject: eperm)
  let pick = try tree.commit(subject: eperm, on: "v6.12..linux-6.12.y")
  let message = try tree.git("log", "-1", "--format=%B", pick)
  #expect(!message.contains("upstream") && !message.contains(String(upstream.prefix(12))))
  #expect(try tree.patchID(pick) != tree.patchID(upstream))
  #expect(
    try tree.git("log", "-1", "--format=%an", pick)
      == tree.git("log", "-1", "--format=%an", upstream))
}

@Test func testHmmTakesTheMmapLockAtTheLinesOfTheLockdepSplat() throws {
  let tree = try sharedTree()
  let lines = try tree.git("show", "master:lib/test_hmm.c").split(
    separator: "\n", omittingEmptySubsequences: false)
  #expect(lines[367].contains("mmap_read_lock(mm);"))
  #expect(lines[1266].contains("mmap_read_lock(mm);"))
  let owner = { (index: Int) in lines[..<index].last { $0.hasPrefix("static ") } ?? "" }
  #expect(owner(367).hasPrefix("static int dmirror_range_fault("))
  #expect(owner(1266).hasPrefix("static int dmirror_fault_and_migrate_to_device("))
  let test = try tree.commit(subject: "lib/test_hmm: add a new testcase for the migrate on fault")
  #expect(!tree.gitSucceeds("merge-base", "--is-ancestor", test, "v7.0"))
}
