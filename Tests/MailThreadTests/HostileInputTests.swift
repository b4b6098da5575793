import Foundation
import Testing

@testable import MailThread

@Test func aTruncatedMboxKeepsTheCompleteMessageAndNamesTheCutOne() throws {
  let archive = try MailArchive.read(path: fixture("hostile/truncated.mbox"))
  #expect(archive.messages.map(\.id) == ["ok@x", "cut@x"])
  #expect(archive.messages[1].isTruncated)
  #expect(
    archive.problems.contains {
      $0.location.hasSuffix("truncated.mbox:8") && $0.message.contains("truncated")
    })
}

@Test func binaryJunkIsRefusedWithItsOffset() throws {
  let archive = try MailArchive.read(path: fixture("hostile/binary.bin"))
  #expect(archive.messages.isEmpty)
  #expect(archive.problems.contains { $0.location.contains("binary.bin byte") })
}

@Test func invalidUTF8IsReadAsLatin1AndReported() throws {
  let archive = try MailArchive.read(path: fixture("hostile/invalid-utf8.mbox"))
  #expect(archive.messages[0].body.contains("Björn"))
  #expect(archive.problems.contains { $0.message.contains("not valid UTF-8") })
}

@Test func anUnterminatedBoundaryKeepsEveryPartAndSaysSo() throws {
  let archive = try MailArchive.read(path: fixture("hostile/unterminated-boundary.eml"))
  #expect(archive.messages[0].body.contains("first part survives"))
  #expect(archive.messages[0].body.contains("second part never clos"))
  #expect(archive.problems.contains { $0.message.contains("never closed") })
}

@Test func aTenMegabyteLineIsReadInOnePass() {
  var bytes = Array("From: A <a@x>\nSubject: long\nMessage-ID: <long@x>\n\n".utf8)
  bytes.append(contentsOf: [UInt8](repeating: UInt8(ascii: "a"), count: 10 << 20))
  bytes.append(0x0A)
  let archive = MailArchive.read(bytes: bytes, name: "long")
  #expect(archive.messages.count == 1)
  #expect(archive.messages[0].body.utf8.count > 10 << 20)
}

@Test func quoteDepthOfOneHundredThousandIsCountedNotRecursed() {
  var body = "From: A <a@x>\nSubject: deep\n\n"
  body += String(repeating: "> ", count: 100_000) + "bottom\n"
  body += "On Mon, 5 Jan 2026 10:00:00 +0000, B wrote:\nreply\n"
  let archive = MailArchive.read(bytes: Array(body.utf8), name: "deep")
  let quoted = QuotedText(archive.messages[0].body)
  #expect(quoted.lines[0].depth == 100_000)
  #expect(quoted.lines[0].text == "bottom")
}

@Test func aDiffWithDotDotPathsIsReadAsMailWithoutTouchingFiles() throws {
  let archive = try MailArchive.read(path: fixture("hostile/dotdot-paths.eml"))
  #expect(archive.messages.count == 1)
  #expect(archive.messages[0].body.contains("../../etc/passwd"))
}
