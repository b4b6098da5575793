import Testing

@testable import MailThread

@Test func seed000QuotedPatchKeepsItsWrappedFixesTrailerAndStableRange() throws {
  let review = try seed(0)
  let trailers = review.trailers[0]
  let fixes = trailers.first { $0.name == "Fixes" }
  #expect(fixes?.value == "1afaeb8293c9 (\"mm/migrate: Trylock device page in do_swap_page\")")
  #expect(trailers.compactMap(\.stableRange) == ["v6.15+"])
}

@Test func seed000ChangelogGivesV2AndV3() throws {
  let review = try seed(0)
  let versions = review.series.flatMap(\.versions)
  #expect(versions.map(\.version) == ["v2", "v3"])
  #expect(
    versions[1].changes.first?.hasPrefix("Add a stub migration_entry_wait_on_locked()") == true)
}

@Test func seed000AttributionChainRunsThomasAlistairThomas() throws {
  let review = try seed(0)
  #expect(
    review.quotes[0].attributionChain == [
      "Thomas Hellström", "Alistair Popple", "Thomas Hellström",
    ])
}

@Test func seed000AlistairsCommentsAnchorToTheQuotedHunkLines() throws {
  let review = try seed(0)
  let comments = review.quotes[0].comments.filter { $0.author == "Alistair Popple" }
  #expect(comments.first?.anchor.text == "ry, vmf->ptl);")
  #expect(comments.first?.anchor.depth == 2)
  #expect(comments.first?.lines.first?.text.hasPrefix("Code wise this looks fine") == true)
}

@Test func seed001ArchivePageGivesHeadersAndThirtyEntryOverview() throws {
  let review = try seed(1)
  let message = review.archive.messages[0]
  #expect(message.from?.name == "John Hubbard")
  #expect(message.date?.description == "2026-01-31 13:42:20 -0800")
  #expect(message.id == "0025ee21-2a6c-4c6e-a49a-2df525d3faa1@nvidia.com")
  #expect(message.inReplyTo == ["aX5RQBxYB029/dkt@lstrano-desk.jf.intel.com"])
  let overview = review.archive.overview
  #expect(overview.count == 30)
  #expect(
    overview.map(\.depth) == [
      0, 1, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 6, 7, 8, 9, 7,
      8, 9,
    ])
  #expect(overview.filter(\.current).map(\.author) == ["John Hubbard"])
  #expect(overview.firstIndex(where: \.current) == 10)
  #expect(overview.last?.subject == "pincount vs refcount:")
}

@Test func seed001OverviewNamesTheMissingParent() throws {
  let review = try seed(1)
  let parent = review.tree.nodes.first { $0.id == "aX5RQBxYB029/dkt@lstrano-desk.jf.intel.com" }
  #expect(parent?.from == "Matthew Brost")
  #expect(parent?.message == nil)
}

@Test func seed002FlagsTheMisspeltSuggestedBy() throws {
  let review = try seed(2)
  let flagged = review.trailers[0].first { $0.name == "Suggessted-by" }
  #expect(flagged?.probablyMeant == "Suggested-by")
  #expect(review.problems.contains { $0.message.contains("Suggessted-by") })
}

@Test func seed003RecoversCollapsedHeadersAndReportsTheCutOffMessage() throws {
  let review = try seed(3)
  let message = review.archive.messages[0]
  #expect(message.from?.name == "Alistair Popple")
  #expect(message.date?.description == "2026-02-02 22:28:38 +1100")
  #expect(
    message.subject == "Re: [PATCH] mm/hmm: Fix a hmm_range_fault() livelock / starvation problem")
  #expect(message.id == "27rdfv2mw6ibphgqzrys4weeonqofo5mc2mzkomewqjsyk7kga@zuip5drbskpf")
  #expect(message.inReplyTo == ["6a6e054bb6efe76c439b3329702829dbc75b9060.camel@linux.intel.com"])
  #expect(message.references.count == 6)
  #expect(message.references.first == "20260130144529.79909-1-thomas.hellstrom@linux.intel.com")
  #expect(review.archive.messages.count == 2)
  #expect(review.archive.messages[1].isTruncated)
  #expect(review.problems.contains { $0.message.contains("cut off") })
}

@Test func seed004CoverLetterListsFivePatchesAndTenChangeLists() throws {
  let review = try seed(4)
  let series = try #require(review.series.first)
  let versions = series.versions
  #expect(versions.map(\.version) == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10"])
  let labels = Changelog.find(in: review.quotes[0]).map(\.label)
  #expect(
    labels == [
      "v9-v10", "v8-v9", "v7-v8", "v6-v7", "v5-v6", "v4-v5", "v3-v4", "v2-v3", "v1-v2", "RFC-v1",
    ])
  #expect(versions.last?.patches.count == 5)
  #expect(
    versions.last?.patches.first?.subject
      == "mm/Kconfig: changes for migrate on fault for device pages")
  #expect(versions.filter { !$0.changes.isEmpty }.count == 10)
  #expect(
    versions.last?.changes.first?.contains("forgotten pte_unmap() before migration_entry_wait()")
      == true)
}

@Test func seed004SplatIsBalbirsAndTheCoverLetterMikas() throws {
  let review = try seed(4)
  #expect(review.quotes[0].attributionChain == ["Balbir Singh", "Mika Penttilä"])
}

@Test func seed004LockdepSplatHasBothMmapLockSites() throws {
  let review = try seed(4)
  let splat = try #require(review.splats[0].first)
  #expect(splat.kind == .lockdep)
  #expect(splat.lockClass == "&mm->mmap_lock")
  let sites = splat.sites.compactMap { site in site.file.map { "\($0):\(site.line ?? 0)" } }
  #expect(sites.contains("lib/test_hmm.c:368"))
  #expect(sites.contains("lib/test_hmm.c:1267"))
  #expect(splat.callChain.contains("dmirror_range_fault"))
}

@Test func aTrailerPassedOnForSomeoneElseNamesWhoGaveItAndAnOwnTrailerDoesNot() {
  let passedOn = Trailer(
    name: "Tested-by", value: "Balbir Singh <balbirs@nvidia.com>", by: "Alistair Popple",
    depth: 0, line: 12, probablyMeant: nil)
  let own = Trailer(
    name: "Reviewed-by", value: "Alistair Popple <apopple@nvidia.com>", by: "alistair popple",
    depth: 0, line: 13, probablyMeant: nil)
  #expect(passedOn.givenOnBehalf == "Alistair Popple")
  #expect(own.by != nil)
  #expect(own.givenOnBehalf == nil)
}
