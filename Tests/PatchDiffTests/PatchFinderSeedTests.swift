import Testing

@testable import PatchDiff

private func ranges(_ patch: Patch) -> [String] {
  patch.files.flatMap { file in
    file.hunks.map { "\(file.path) -\($0.oldStart),\($0.oldCount) +\($0.newStart),\($0.newCount)" }
  }
}

@Test func aQuotedPatchInterruptedByAReviewIsRecoveredAtDepthTwo() throws {
  let found = PatchFinder.patches(in: try Seeds.text("000"))
  try #require(found.count == 1)
  let recovered = found[0]
  #expect(recovered.quoteDepth == 2)
  #expect(
    ranges(recovered.patch) == [
      "include/linux/migrate.h -97,6 +97,12", "mm/memory.c -4684,7 +4684,8",
    ])
  #expect(recovered.problems.isEmpty)
  #expect(recovered.patch.files.allSatisfy { $0.hunks.allSatisfy { $0.countsSatisfied } })
  let memory = recovered.patch.files[1].hunks[0]
  #expect(
    memory.lines[3] == HunkLine(.removed, " pte_unmap_unlock(vmf->pte, vmf->ptl);", sourceLine: 98))
  #expect(memory.lines[5].text == " migration_entry_wait_on_locked(entry, vmf->ptl);")
  let header = recovered.patch.files[0].hunks[0]
  #expect(
    header.section
      == "static inline int set_movable_ops(const struct movable_operations *ops, enum pag")
  #expect(
    header.lines[3].text
      == "static inline void migration_entry_wait_on_locked(softleaf_t entry, spinlock_t *ptl)")
  #expect(recovered.repairs.filter { $0.kind == .joinedWrappedLine }.map(\.line) == [81, 99, 102])
  #expect(recovered.repairs.contains { $0.kind == .joinedWrappedHunkHeader && $0.line == 76 })
  #expect(recovered.comments.map(\.quoteDepth) == [1, 0])
  #expect(recovered.comments.allSatisfy { $0.file == "mm/memory.c" && $0.afterLine == 5 })
  #expect(recovered.comments[0].anchorText == "+ migration_entry_wait_on_locked(entry, vmf->ptl);")
  #expect(
    recovered.comments[0].text.first
      == "Code wise this looks fine to me, although it's confusing to see")
  #expect(
    recovered.comments[1].text == [
      "Thanks for reviewing. Let me respin this for a v4 addressing the above.", "/Thomas",
    ])
}

@Test func anUnquotedDiffInAnArchivePageIsFoundUnrepaired() throws {
  let found = PatchFinder.patches(in: try Seeds.text("001"))
  try #require(found.count == 1)
  #expect(found[0].quoteDepth == 0)
  #expect(!found[0].repaired)
  #expect(
    ranges(found[0].patch) == ["mm/memory.c -4652,6 +4652,8", "mm/memory.c -4674,18 +4676,13"])
  #expect(found[0].problems.isEmpty)
}

@Test func aDiffWhoseLineBreaksWereLostIsCutBackIntoTwelveHunks() throws {
  let found = PatchFinder.patches(in: try Seeds.text("002"))
  try #require(found.count == 1)
  let recovered = found[0]
  #expect(recovered.quoteDepth == 1)
  #expect(recovered.patch.files.map(\.path) == ["mm/memory.c", "mm/migrate_device.c"])
  #expect(
    ranges(recovered.patch) == [
      "mm/memory.c -4046,10 +4046,15", "mm/migrate_device.c -60,6 +60,8",
      "mm/migrate_device.c -88,11 +90,13", "mm/migrate_device.c -192,7 +196,7",
      "mm/migrate_device.c -204,7 +208,8", "mm/migrate_device.c -363,6 +368,8",
      "mm/migrate_device.c -427,7 +434,8", "mm/migrate_device.c -536,6 +544,8",
      "mm/migrate_device.c -799,19 +809,13", "mm/migrate_device.c -838,7 +842,8",
      "mm/migrate_device.c -854,6 +859,22", "mm/migrate_device.c -869,7 +890,8",
    ])
  #expect(recovered.problems.isEmpty)
  #expect(recovered.patch.files.allSatisfy { $0.hunks.allSatisfy { $0.countsSatisfied } })
  #expect(recovered.repairs.contains { $0.kind == .resegmentedFlattenedText })
  #expect(recovered.repairs.contains { $0.kind == .restoredTrailingBlankContext })
  try #require(recovered.comments.count == 1)
  #expect(recovered.comments[0].anchorText == "+ pte_unmap_unlock(vmf->pte, vmf->ptl);")
  #expect(recovered.comments[0].text[0].hasPrefix("This is all beginning to look a lot like"))
  #expect(
    recovered.comments[0].text[0].hasSuffix("This would eliminate the whole fault_page ugliness."))
}
