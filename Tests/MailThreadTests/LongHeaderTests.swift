import Foundation
import TestSupport
import Testing

@testable import MailThread

/// A reply deep in a long thread carries a `References:` header of 2,000 ids (over 64 KiB of
/// headers): its body, patch and trailers must still be read, with no false "cut off" problem.
@Suite struct LongHeaderTests {
  static func message(folded: Bool) -> String {
    let ids = (0..<2000).map { "<msg-\($0)-abcdefghijklmnop@kernel.example.org>" }
    return """
      From: Ada Reviewer <ada@example.org>
      Subject: [PATCH] mm: fix a
      Date: Mon, 2 Feb 2026 11:33:10 +0000
      Message-ID: <fix@example.org>
      In-Reply-To: <msg-1999-abcdefghijklmnop@kernel.example.org>
      References: \(ids.joined(separator: folded ? "\n " : " "))

      Fix it.

      Signed-off-by: Ada Reviewer <ada@example.org>
      Reviewed-by: Bob Maintainer <bob@example.org>
      ---
      \(SampleDiff.sleepUnderSpinlock)
      """
  }

  @Test(arguments: [(true, false), (false, false), (true, true), (false, true)])
  func aMessageWith2000ReferencesKeepsItsBody(folded: Bool, asMbox: Bool) throws {
    let text =
      (asMbox ? "From ada@example.org Mon Feb  2 11:33:10 2026\n" : "")
      + Self.message(folded: folded)
    #expect(text.utf8.count > 1 << 16)
    let archive = MailArchive.read(bytes: Array(text.utf8), name: "long.eml")
    #expect(archive.problems.isEmpty, "\(archive.problems)")
    let message = try #require(archive.messages.first)
    #expect(archive.messages.count == 1)
    #expect(message.subject == "[PATCH] mm: fix a")
    #expect(message.references.count == 2000)
    #expect(message.body.contains("+\tmight_sleep();"))
    let review = ThreadReview(archive)
    let patch = try #require(review.series.first?.versions.first?.patches.first)
    #expect(patch.trailers.map(\.name) == ["Signed-off-by", "Reviewed-by"])
  }
}
