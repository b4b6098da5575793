import Foundation
import TestSupport
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
  try run(["gzip", target])
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

@Test func aLargeMboxKeepsItsMessagesInInputOrder() throws {
  var text = ""
  let filler = String(
    repeating: "body line of a message that makes it about a kilobyte\n", count: 20)
  for number in 1...3000 {
    text += "From x@y Mon Jan 05 10:00:00 2026\nFrom: A <a@x>\nSubject: [PATCH] n\n"
    text += "Message-ID: <m\(number)@x>\n"
    if number > 1 { text += "In-Reply-To: <m\(number - 1)@x>\n" }
    text += "\n" + filler + "\n"
  }
  let file = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
  try text.write(toFile: file, atomically: true, encoding: .utf8)
  defer { try? FileManager.default.removeItem(atPath: file) }
  let archive = try MailArchive.read(path: file)
  #expect(archive.messages.map(\.id) == (1...3000).map { "m\($0)@x" })
  // 26 lines in the first message, 27 in each after it (In-Reply-To).
  #expect(archive.messages[2999].location == "\(file):\(1 + 26 + 27 * 2998)")
}

@Test func encodedWordsDecodeInEveryCharsetAndJoinAcrossWhiteSpace() {
  #expect(EncodedWord.decode("=?windows-1252?Q?=93quoted=94?= =?utf-8?B?w7Y=?=") == "“quoted”ö")
  #expect(
    EncodedWord.decode("Thomas =?iso-8859-1?Q?Hellstr=F6m?= <t@x>") == "Thomas Hellström <t@x>")
  #expect(EncodedWord.decode("broken =?utf-8?Q?no end") == "broken =?utf-8?Q?no end")
}

@Test func obfuscatedAddressesAreKeptAndMarked() {
  #expect(Mailbox(parsing: "Matthew Brost <matthew.brost@xxxxxxxxx>").isObfuscated)
  #expect(Mailbox(parsing: "<[email protected]>").isObfuscated)
  #expect(!Mailbox(parsing: "John Hubbard <jhubbard@nvidia.com>").isObfuscated)
  #expect(Mailbox(parsing: "\"Liam R. Howlett\" <liam@x.org>").name == "Liam R. Howlett")
}

@Test func formatFlowedJoinsSoftBreaksPerQuoteDepth() {
  let text = "Hello \nworld\n> quoted \n> more\n-- \nsig"
  #expect(FlowedText.unflow(text, deleteSpace: false) == "Hello world\n> quoted more\n-- \nsig")
  #expect(FlowedText.unflow("a \nb", deleteSpace: true) == "ab")
}

@Test func utf8LabelledLatin1IsReadAsUTF8InHeadersAndBodies() throws {
  let mail = """
    From: =?iso-8859-1?Q?Thomas_Hellstr=C3=B6m?= <t@example.org>
    Subject: Re: [PATCH] mm: x
    Message-ID: <latin@x>
    Content-Type: text/plain; charset=iso-8859-1
    Content-Transfer-Encoding: quoted-printable

    On Tue, 3 Feb 2026, Thomas Hellstr=C3=B6m wrote:
    > text

    Real latin-1 stays latin-1: Hellstr=F6m.

    """
  let archive = MailArchive.read(bytes: Array(mail.utf8), name: "latin.eml")
  let message = try #require(archive.messages.first)
  #expect(message.from?.name == "Thomas Hellström")
  #expect(message.body.contains("On Tue, 3 Feb 2026, Thomas Hellström wrote:"))
  // A body with a byte that is not UTF-8 is the charset it says it is.
  let latin = mail.replacingOccurrences(of: "Hellstr=C3=B6m wrote", with: "Hellstr=F6m wrote")
  let other = try #require(
    MailArchive.read(bytes: Array(latin.utf8), name: "latin.eml").messages.first)
  #expect(other.body.contains("Thomas Hellström wrote:"))
  #expect(other.body.contains("stays latin-1: Hellström."))
}
