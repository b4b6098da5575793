import Testing

@testable import MailThread

@Test func maintainerNoticesBecomeStatusEventsOfTheSeries() throws {
  let review = ThreadReview(try MailArchive.read(path: fixture("mail/notices.mbox")))
  let series = try #require(
    review.series.first { $0.title == "mm: Fix a hmm_range_fault() livelock / starvation problem" })
  #expect(
    series.events.map { "\($0.kind.rawValue) \($0.detail)" } == [
      "added-to-mm mm-hotfixes-unstable branch", "merged merged mm-hotfixes-stable",
      "failed-to-apply 6.12-stable tree",
    ])
  // A stable review patch is the 6.18 line's version of the patch, not a notice.
  #expect(series.versions.map(\.version) == ["v2", "6.18.y"])
  #expect(series.versions.last?.stableLine == "6.18")
}

@Test func aBuildRobotReportGivesTheFailingFileAndLine() throws {
  let review = ThreadReview(try MailArchive.read(path: fixture("mail/notices.mbox")))
  let robot = try #require(review.splats.flatMap { $0 }.first { $0.kind == .buildRobot })
  #expect(robot.sites.map { "\($0.file ?? ""):\($0.line ?? 0)" } == ["mm/memory.c:4690"])
  #expect(
    robot.title.hasPrefix("error: call to undeclared function 'migration_entry_wait_on_locked'"))
}
