import Testing

@testable import MailThread

@Test func maintainerNoticesBecomeStatusEventsOfTheSeries() throws {
  let review = ThreadReview(try MailArchive.read(path: fixture("mail/notices.mbox")))
  let series = try #require(
    review.series.first { $0.title == "mm: Fix a hmm_range_fault() livelock / starvation problem" })
  #expect(
    series.events.map { "\($0.kind.rawValue) \($0.detail)" } == [
      "added-to-mm mm-hotfixes-unstable branch", "merged mm-hotfixes-stable",
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

@Test func aReplyQuotingARobotReportKeepsItsOwnCommentAndNotTheRobotsLines() throws {
  let body = """
    On Sun, Feb 01, 2026 at 06:00:00PM +0800, kernel test robot wrote:
    > kernel test robot noticed the following build errors:
    >
    > All errors (new ones prefixed by >>):
    >
    >    mm/memory.c: In function 'do_swap_page':
    > >> mm/memory.c:4690:33: error: implicit declaration of function 'migration_entry_wait_on_locked'
    >     4690 |                                 migration_entry_wait_on_locked(entry, vmf->ptl);
    >    cc1: some warnings being treated as errors

    Right, the stub for !CONFIG_MIGRATION is missing; v3 adds it.

    Thomas
    """
  var message = Message(location: "reply.eml:1", form: .mail)
  (message.id, message.subject, message.body) = (
    "reply@example.org", "Re: [PATCH v2] mm: Fix it", body
  )
  message.from = Mailbox(parsing: "Thomas Hellström <t@example.org>")
  var archive = MailArchive()
  archive.messages = [message]
  let review = ThreadReview(archive)
  #expect(review.splats[0].first?.kind == .buildRobot)
  let comments = review.quotes[0].comments
  #expect(
    comments.map { $0.lines.first?.text } == [
      "Right, the stub for !CONFIG_MIGRATION is missing; v3 adds it."
    ])
}

@Test func thePatchesOfASeriesAreOneVersionUnderTheirCoverLetterWhateverTheirTitles() throws {
  func mail(_ id: String, _ subject: String, replyTo: String?, _ body: String) -> Message {
    var message = Message(location: "\(id).eml:1", form: .mail)
    (message.id, message.subject, message.body) = (id, subject, body)
    message.from = Mailbox(parsing: "Dev <dev@example.org>")
    message.inReplyTo = replyTo.map { [$0] } ?? []
    return message
  }
  var archive = MailArchive()
  archive.messages = [
    mail("c@x", "[PATCH v2 0/2] mm: two fixes", replyTo: nil, "Two fixes.\n"),
    mail(
      "p1@x", "[PATCH v2 1/2] mm/hmm: fix one", replyTo: "c@x",
      "Fix.\n\nSigned-off-by: Dev <dev@example.org>\n"),
    mail(
      "p2@x", "[PATCH v2 2/2] mm/memory: fix two", replyTo: "c@x",
      "Fix.\n\nSigned-off-by: Dev <dev@example.org>\n"),
    mail(
      "r@x", "Re: [PATCH v2 2/2] mm/memory: fix two", replyTo: "p2@x",
      "Reviewed-by: Rev <rev@example.org>\n"),
  ]
  let review = ThreadReview(archive)
  #expect(review.series.map(\.title) == ["mm: two fixes"])
  let version = try #require(review.series.first?.versions.first)
  #expect(version.version == "v2")
  #expect(version.coverLetter == 0)
  #expect(version.patches.map(\.subject) == ["mm/hmm: fix one", "mm/memory: fix two"])
  #expect(version.patches.map(\.message) == [1, 2])
  #expect(version.patches[1].trailers.map(\.name) == ["Signed-off-by", "Reviewed-by"])
}
