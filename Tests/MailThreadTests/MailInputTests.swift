import Foundation
import Testing

@testable import MailThread

@Test func anMboxThreadDecodesEncodedWordsQuotedPrintableBase64AndMultipart() throws {
  let archive = try MailArchive.read(path: fixture("mail/series.mbox"))
  #expect(archive.messages.count == 4)
  #expect(archive.messages[0].from?.name == "Thomas Hellström")
  #expect(archive.messages[0].subject.hasSuffix("livelock / starvation problem"))
  #expect(archive.messages[0].body.contains("Signed-off-by: Thomas Hellström"))
  #expect(archive.messages[0].body.contains("\nFrom the lock holder's side"))
  #expect(archive.messages[1].body.contains("Reviewed-by: Alistair Popple"))
  #expect(!archive.messages[1].body.contains("ignored"))
  #expect(archive.messages[2].from?.name == "Thomas Hellström")
  #expect(archive.messages[2].body.contains("unlocked if the folio_trylock() fails"))
}

@Test func versionsLinkAcrossThreadsWhenTheSubsystemPrefixChanges() throws {
  let review = ThreadReview(try MailArchive.read(path: fixture("mail/series.mbox")))
  #expect(review.series.count == 1)
  let versions = review.series[0].versions
  #expect(versions.map(\.version) == ["v1", "v2", "v3"])
  let v3 = versions[2].patches[0]
  #expect(v3.trailers.contains { $0.name == "Reviewed-by" && $0.by == "Alistair Popple" })
  #expect(versions[0].patches[0].trailers.contains { $0.name == "Reviewed-by" })
}

@Test func aGzipMboxReadsLikeThePlainOne() throws {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: folder) }
  let target = folder.appendingPathComponent("t.mbox").path
  try FileManager.default.copyItem(atPath: fixture("mail/series.mbox"), toPath: target)
  let gzip = Process()
  gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  gzip.arguments = ["gzip", target]
  try gzip.run()
  gzip.waitUntilExit()
  let archive = try MailArchive.read(path: target + ".gz")
  #expect(
    archive.messages.map(\.id) == [
      "v1-1@linux.intel.com", "r1@nvidia.com", "v3-1@linux.intel.com", "r3@nvidia.com",
    ])
  #expect(archive.problems.isEmpty)
}

@Test func aFolderOfEmlFilesThreadsLikeTheMbox() throws {
  let review = ThreadReview(try MailArchive.read(path: fixture("mail/eml")))
  #expect(review.archive.messages.count == 4)
  #expect(review.tree.nodes.map(\.depth) == [0, 1, 0, 1])
}

@Test func repliesWithoutHeadersFallBackToTheSubject() {
  let text = """
    From a@x Mon Jan 05 10:00:00 2026
    From: A <a@x>
    Subject: [PATCH] mm: thing

    body

    From b@x Mon Jan 05 11:00:00 2026
    From: B <b@x>
    Subject: Re: [PATCH] mm: thing

    reply

    """
  let tree = ThreadTree(MailArchive.read(bytes: Array(text.utf8), name: "t").messages)
  #expect(tree.nodes.map(\.depth) == [0, 1])
}
