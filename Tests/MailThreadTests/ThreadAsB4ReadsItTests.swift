import Foundation
import TestSupport
import Testing

// `lockstep thread` on a real multi-version thread written for the tests
// (Fixtures/mail/livelock-thread.mbox: v1 → v3, a reviewer's proposal, a build robot,
// reviews, mm-commits notices carrying v3) and real stable mails (stable.mbox), run as a
// user runs the binary.

private func threadJSON(_ file: String, _ extra: [String] = []) throws -> [String: Any] {
  let result = try runCapturing(
    Paths.lockstep, ["thread", fixture(file), "--json"] + extra, in: Paths.packageRoot)
  #expect(result.status == 0, "\(result.stderr)")
  return try #require(
    try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
}

private func versions(_ json: [String: Any]) throws -> [[String: Any]] {
  let series = try #require(json["series"] as? [[String: Any]])
  #expect(series.count == 1)
  return try #require(series.first?["versions"] as? [[String: Any]])
}

private func trailers(of version: [String: Any]) -> [String] {
  let patches = version["patches"] as? [[String: Any]] ?? []
  return (patches.first?["trailers"] as? [[String: Any]] ?? []).map {
    "\($0["name"] as? String ?? ""): \($0["value"] as? String ?? "")"
  }
}

@Test func eachVersionIsOneEntryAndProposalsAndNoticesAreNotVersions() throws {
  let json = try threadJSON("mail/livelock-thread.mbox")
  let list = try versions(json)
  #expect(list.map { $0["version"] as? String } == ["v1", "v2", "v3"])
  for version in list { #expect((version["patches"] as? [[String: Any]])?.count == 1) }
  let patches = try #require(json["patches"] as? [[String: Any]])
  let roles = patches.map { "\($0["role"] as? String ?? "") \($0["version"] as? String ?? "-")" }
  #expect(
    roles == [
      "posted v1", "proposal v1", "posted v2", "posted v3", "notice-copy -", "notice-copy -",
    ])
  // The proposal was written in Alistair Popple's reply to v1, inside the diff it quotes.
  let proposal = try #require(patches.first { $0["role"] as? String == "proposal" })
  #expect(proposal["message"] as? String == "87v1review.fsf@nvdebian.thelocal")
  #expect(((proposal["files"] as? [[String: Any]])?.first?["path"] as? String) == "mm/memory.c")
}

@Test func aMaintainersNoticeIsMatchedToTheVersionItCarriesByPatchID() throws {
  let json = try threadJSON("mail/livelock-thread.mbox")
  let series = try #require((json["series"] as? [[String: Any]])?.first)
  let events = try #require(series["events"] as? [[String: Any]])
  #expect(events.map { $0["kind"] as? String } == ["added-to-mm", "merged"])
  #expect(events.map { $0["copyOf"] as? String } == ["v3", "v3"])
  let v3 = try #require(try versions(json).last?["patches"] as? [[String: Any]])
  let copies = (json["patches"] as? [[String: Any]] ?? []).filter {
    $0["role"] as? String == "notice-copy"
  }
  #expect(copies.count == 2)
  for copy in copies {
    #expect(copy["copyOf"] as? String == "v3")
    #expect(copy["patchId"] as? String == v3.first?["patchId"] as? String)
  }
}

@Test func stableMailsAreVersionsForTheirLineWithTheUpstreamCommit() throws {
  let json = try threadJSON("mail/stable.mbox")
  let list = try versions(json)
  #expect(list.map { $0["version"] as? String } == ["6.18.y", "6.19.y"])
  #expect(list.map { $0["stableLine"] as? String } == ["6.18", "6.19"])
  #expect(
    list.map { $0["upstreamCommit"] as? String }
      == Array(
        repeating: "5c2e7f1a9b3d4e6f8a0b1c2d3e4f5a6b7c8d9e0f", count: 2))
  let series = try #require((json["series"] as? [[String: Any]])?.first)
  let events = try #require(series["events"] as? [[String: Any]])
  #expect(events.map { $0["kind"] as? String } == ["failed-to-apply"])
  let roles = (json["patches"] as? [[String: Any]] ?? []).map { $0["role"] as? String }
  #expect(roles == ["notice-copy", "posted", "posted"])
  let text = try run(Paths.lockstep, ["thread", fixture("mail/stable.mbox")])
  #expect(
    text.contains("6.18.y (stable 6.18, commit 5c2e7f1a9b3d4e6f8a0b1c2d3e4f5a6b7c8d9e0f upstream)"))
}

@Test func quotedCopiesCollapseIntoTheVersionAndRepliesShowOnlyTheirNewComments() throws {
  let text = try run(Paths.lockstep, ["thread", fixture("mail/livelock-thread.mbox")])
  // v3 once, with the review that quotes it folded in.
  #expect(text.components(separatedBy: "v3 as posted in").count == 2)
  #expect(text.contains("quoted in 1 more: <87v3review.fsf@nvdebian.thelocal>"))
  // Thomas's answer quotes Alistair's comment: it is Alistair's, not new in Thomas's mail.
  let answer = try #require(
    text.components(separatedBy: "Quoted authors in a1b2c3d4e5f60718293a4b5c6d7e8f90").last?
      .components(separatedBy: "\n\n").first)
  #expect(answer.contains("Thomas Hellström after"))
  #expect(!answer.contains("Alistair Popple after"))
  #expect(!answer.contains("/Thomas"))
  // Elisions and sign-offs are not comments; comments are cut at a word.
  #expect(!text.contains("\": [...]"))
  #expect(!text.contains("\": ..."))
  #expect(!text.contains("- Alistair\n"))
  #expect(text.contains("with…\n") || !text.contains(" wit\n"))
  // Changelog entries that differ only in wrapping and a non-breaking space are one.
  #expect(text.components(separatedBy: "change: Instead of a cond_resched()").count == 2)
  #expect(text.contains("range-diff v2 → v3: + include/linux/migrate.h, mm/memory.c unchanged"))
  // The author's own trailers are not marked with the author's name.
  #expect(!text.contains("(by Thomas Hellström)"))
  // Nor is a reviewer's own trailer: the name is already in it.
  #expect(text.contains("Reviewed-by: Alistair Popple <apopple@nvidia.com>\n"))
  #expect(!text.contains("(by Alistair Popple)"))
}

@Test func aBodyLabelledLatin1WhoseBytesAreUTF8IsReadAsUTF8() throws {
  let json = try threadJSON("mail/livelock-thread.mbox")
  let messages = try #require(json["messages"] as? [[String: Any]])
  let andrew = try #require(
    messages.first { $0["id"] as? String == "20260130161500.ab12cd34ef56@linux-foundation.org" })
  #expect(andrew["attributions"] as? [String] == ["Alistair Popple", "Thomas Hellström"])
}

@Test func aBuildRobotReportKeepsItsConfigTestedPatchAndFunction() throws {
  let json = try threadJSON("mail/livelock-thread.mbox")
  let robot = try #require((json["splats"] as? [[String: Any]])?.first)
  #expect(robot["config"] as? String == "alpha-allnoconfig")
  #expect(
    robot["testedPatch"] as? String
      == "[PATCH v2] mm: Fix a hmm_range_fault() livelock / starvation problem")
  let site = try #require((robot["sites"] as? [[String: Any]])?.first)
  #expect(site["function"] as? String == "do_swap_page")
  #expect(site["file"] as? String == "mm/memory.c")
  #expect(site["line"] as? Int == 4690)
  #expect(robot["message"] as? String == "202602011800.Kx3QmP7a-lkp@intel.com")
}

@Test func aBuildRobotsCompilerLinesAreItsSplatNotReviewerComments() throws {
  let json = try threadJSON("mail/livelock-thread.mbox")
  let messages = try #require(json["messages"] as? [[String: Any]])
  let robot = try #require(
    messages.first { $0["id"] as? String == "202602011800.Kx3QmP7a-lkp@intel.com" })
  // The report was read (its splat names the error) ...
  #expect(
    (json["splats"] as? [[String: Any]])?.first?["message"] as? String == robot["id"] as? String)
  // ... and its `>>` error line and `>` source line are the robot's markers, not quotes.
  #expect((robot["comments"] as? [[String: Any]])?.isEmpty == true)
  // Reviewers' comments are still read.
  let review = try #require(
    messages.first { $0["id"] as? String == "87v3review.fsf@nvdebian.thelocal" })
  #expect((review["comments"] as? [[String: Any]])?.isEmpty == false)
}

@Test func idsJoinAcrossMessagesPatchesAndSplats() throws {
  let json = try threadJSON("mail/livelock-thread.mbox")
  let ids = Set((json["messages"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
  #expect(ids.count == 12)
  for key in ["patches", "splats"] {
    for element in json[key] as? [[String: Any]] ?? [] {
      #expect(ids.contains(element["message"] as? String ?? "?"), "\(key)")
    }
  }
  for series in json["series"] as? [[String: Any]] ?? [] {
    for event in series["events"] as? [[String: Any]] ?? [] {
      #expect(ids.contains(event["message"] as? String ?? "?"))
    }
  }
}

@Test func patchesOutWritesWhatGitAmTakes() throws {
  let folder = FileManager.default.temporaryDirectory
    .appendingPathComponent("lockstep-patches-\(getpid())")
  try? FileManager.default.removeItem(at: folder)
  defer { try? FileManager.default.removeItem(at: folder) }
  try run(
    Paths.lockstep,
    ["thread", fixture("mail/livelock-thread.mbox"), "--patches-out", folder.path])
  let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
  #expect(
    names == [
      "0001-v1-mm-hmm-Fix-a-hmm_range_fault-livelock-starvation-pro.patch",
      "0002-v2-mm-Fix-a-hmm_range_fault-livelock-starvation-problem.patch",
      "0003-v3-mm-Fix-a-hmm_range_fault-livelock-starvation-problem.patch",
    ])
  let v3 = folder.appendingPathComponent(names[2]).path
  let text = try String(contentsOfFile: v3, encoding: .utf8)
  #expect(text.contains("\n+\t__releases(ptl)\n"))
  // git am takes it on the fixture tree at the release the patch was written for.
  let clone = try GitSandbox()
  try clone.git("clone", "-q", Paths.fixtureTree.path, "linux")
  let linux = clone.root.appendingPathComponent("linux").path
  try run(["git", "-C", linux, "checkout", "-q", "v7.0-rc1"])
  try run(["git", "-C", linux, "-c", "user.name=T", "-c", "user.email=t@example.org", "am", v3])
  let log = try run(["git", "-C", linux, "log", "-1", "--format=%an <%ae>|%aI|%s"])
  #expect(
    log
      == "Thomas Hellström <thomas.hellstrom@linux.intel.com>|2026-02-03T15:34:00+01:00|"
      + "mm: Fix a hmm_range_fault() livelock / starvation problem\n")
  let body = try run(["git", "-C", linux, "log", "-1", "--format=%b"])
  #expect(body.contains("Signed-off-by: Thomas Hellström <thomas.hellstrom@linux.intel.com>"))
  #expect(!body.contains("include/linux/migrate.h | 6"))
}

@Test func aFailedReadLeavesNoPatchesFolder() throws {
  let folder = FileManager.default.temporaryDirectory
    .appendingPathComponent("lockstep-nopatches-\(getpid())")
  try? FileManager.default.removeItem(at: folder)
  for input in ["/nonexistent/thread.mbox", fixture("hostile/binary.bin")] {
    let result = try runCapturing(
      Paths.lockstep, ["thread", input, "--patches-out", folder.path])
    #expect(result.status != 0)
    #expect(!FileManager.default.fileExists(atPath: folder.path))
  }
}

@Test func aReviewWhoseMailIsMissingIsListedWhereItIsFirstQuoted() throws {
  // Seed 000 is Thomas's answer to Alistair's review; the review itself is not in the input.
  let text = try run(Paths.lockstep, ["thread", fixture("seeds/000_28e554185c54152d.txt")])
  let quoted = try #require(
    text.components(separatedBy: "Quoted authors in #1:").last?.components(separatedBy: "\n\n")
      .first)
  #expect(quoted.contains("Alistair Popple after line 102"))
  #expect(quoted.contains("Thomas Hellström after line 134"))
  // Thomas's own trailers carry no "(by …)": they are the patch's.
  #expect(!text.contains("(by Thomas Hellström)"))
}

@Test func aFailedMailNamesTheUpstreamCommitTheStableVersionsName() throws {
  let json = try threadJSON("mail/stable.mbox")
  let series = try #require((json["series"] as? [[String: Any]])?.first)
  // Thomas's answer to the FAILED mail quotes the commit's trailers: no series of its own.
  #expect((json["series"] as? [[String: Any]])?.count == 1)
  let failed = try #require((series["events"] as? [[String: Any]])?.first)
  #expect(failed["commit"] as? String == "5c2e7f1a9b3d4e6f8a0b1c2d3e4f5a6b7c8d9e0f")
  // The review patch is Greg's mail, Thomas's patch (its in-body From).
  let review = try #require(try versions(json).last?["patches"] as? [[String: Any]])
  #expect(review.first?["author"] as? String == "Thomas Hellström")
  let text = try run(Paths.lockstep, ["thread", fixture("mail/stable.mbox")])
  #expect(
    text.contains(
      "upstream commit 5c2e7f1a9b3d4e6f8a0b1c2d3e4f5a6b7c8d9e0f, as 6.18.y, 6.19.y name it"))
}

@Test func analyzeOfStableMailTakesTheNewestLinesVersion() throws {
  let result = try runCapturing(
    Paths.lockstep, ["analyze", fixture("mail/stable.mbox"), "--json"], in: Paths.packageRoot)
  let json = try #require(
    try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
  let patches = try #require(json["patches"] as? [[String: Any]])
  #expect(
    patches.map { $0["subject"] as? String } == [
      "[PATCH 6.19 212/378] mm: Fix a hmm_range_fault() livelock / starvation problem"
    ])
  let notes = json["notes"] as? [String] ?? []
  #expect(notes.contains { $0.contains("6.19.y analyzed, 6.18.y left out") })
  #expect(notes.contains { $0.contains("1 copies in maintainers' notices") })
}

@Test func stableVersionsAreWrittenForGitAmWithTheirUpstreamLine() throws {
  let folder = FileManager.default.temporaryDirectory
    .appendingPathComponent("lockstep-stable-patches-\(getpid())")
  try? FileManager.default.removeItem(at: folder)
  defer { try? FileManager.default.removeItem(at: folder) }
  try run(Paths.lockstep, ["thread", fixture("mail/stable.mbox"), "--patches-out", folder.path])
  let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
  #expect(
    names == [
      "0001-6.18.y-mm-Fix-a-hmm_range_fault-livelock-starvation-problem.patch",
      "0002-6.19.y-mm-Fix-a-hmm_range_fault-livelock-starvation-problem.patch",
    ])
  let clone = try GitSandbox()
  try clone.git("clone", "-q", Paths.fixtureTree.path, "linux")
  let linux = clone.root.appendingPathComponent("linux").path
  // Each on the release of its line; the review patch's author is its in-body From.
  for (release, name) in zip(["v6.18", "v6.19"], names) {
    try run(["git", "-C", linux, "checkout", "-q", release])
    try run([
      "git", "-C", linux, "-c", "user.name=T", "-c", "user.email=t@example.org", "am",
      folder.appendingPathComponent(name).path,
    ])
    let log = try run(["git", "-C", linux, "log", "-1", "--format=%an|%b"])
    #expect(
      log.hasPrefix("Thomas Hellström|commit 5c2e7f1a9b3d4e6f8a0b1c2d3e4f5a6b7c8d9e0f upstream."))
  }
}

@Test func aCommentOfSeveralLinesIsShownWholeNotByItsFirstLine() throws {
  let json = try threadJSON("mail/livelock-thread.mbox")
  let messages = json["messages"] as? [[String: Any]] ?? []
  let comments = messages.flatMap { $0["comments"] as? [[String: Any]] ?? [] }
  let alistair = try #require(
    comments.first { ($0["text"] as? String)?.hasPrefix("A cond_resched() only helps") == true })
  let text = try #require(alistair["text"] as? String)
  // The review's four lines, joined; past 200 characters cut at a word, with "…".
  #expect(text.contains("voluntary preemption; with PREEMPT_NONE configurations the drain work"))
  #expect(text.count <= 201)
  #expect(text.hasSuffix("…"))
}
