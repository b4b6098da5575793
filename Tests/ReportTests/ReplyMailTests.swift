import Foundation
import TestSupport
import Testing

/// The reply of `annotate --format mbox`, read back by the tools that will carry it:
/// Python's `email` package and `git mailinfo`.
@Suite struct ReplyMailTests {
  /// The first reply of the mbox, without its `From ` separator line.
  static func firstMail(_ mbox: String) -> String {
    let lines = mbox.split(separator: "\n", omittingEmptySubsequences: false)
    let body = lines.dropFirst().prefix { !$0.hasPrefix("From lockstep ") }
    return body.joined(separator: "\n")
  }

  @Test func replyThreadsUnderTheV3PostingAndGoesToItsAuthorAndList() throws {
    let annotated = try Annotation(livelockThread, base: "v7.0-rc1", format: "mbox")
    #expect(annotated.status == 0)
    let script = """
      import email, email.policy, json, sys
      m = email.message_from_string(sys.stdin.read(), policy=email.policy.default)
      print(json.dumps({k: str(m[k]) for k in ["Subject", "In-Reply-To", "References", "To", "Cc"]}
        | {"body": m.get_content(), "defects": len(m.defects)}))
      """
    let parsed = try TestSupport.run(
      ["python3", "-c", script], input: Self.firstMail(annotated.text))
    let fields = try #require(
      JSONSerialization.jsonObject(with: Data(parsed.utf8)) as? [String: Any])
    let v3 = "<20260203143400.6231-1-thomas.hellstrom@linux.intel.com>"
    #expect(
      fields["Subject"] as? String
        == "Re: [PATCH v3] mm: Fix a hmm_range_fault() livelock / starvation problem")
    #expect(fields["In-Reply-To"] as? String == v3)
    let references = (fields["References"] as? String ?? "").split(separator: " ").map(String.init)
    #expect(references.last == v3)
    #expect(references.first == "<20260130102200.4121-1-thomas.hellstrom@linux.intel.com>")
    #expect(fields["To"] as? String == "Thomas Hellström <thomas.hellstrom@linux.intel.com>")
    #expect((fields["Cc"] as? String)?.contains("linux-mm@kvack.org") == true)
    #expect(fields["defects"] as? Int == 0)
    let body = fields["body"] as? String ?? ""
    #expect(body.contains("[info: callee-releases] do_swap_page():"))
  }

  @Test func replyQuotesOnlyTheHunkWithFindingsFiveLinesAboveEachCommentNoTopPosting() throws {
    let annotated = try Annotation(livelockThread, base: "v7.0-rc1", format: "mbox")
    let mail = Self.firstMail(annotated.text)
    let body = mail.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n")
    let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Not top-posted: the attribution, then the quoted patch, before any comment.
    #expect(lines.first == "On 2026-02-03 15:34:00 +0100, Thomas Hellström wrote:")
    #expect(lines[1].hasPrefix("> diff --git a/mm/memory.c"))
    // Only mm/memory.c has findings: include/linux/migrate.h's hunk is not quoted.
    #expect(!body.contains("migrate.h b/include"))
    #expect(body.contains("> +\t\t\t\tmigration_entry_wait_on_locked(entry, vmf->ptl);"))
    var run5 = 0
    var comments = 0
    for (index, line) in lines.enumerated() {
      if line.hasPrefix(">") {
        run5 += 1
        continue
      }
      if line.hasPrefix("[info:") || line.hasPrefix("[warning:") || line.hasPrefix("[error:") {
        comments += 1
        // Directly above: a blank line, then at most five quoted lines.
        #expect(lines[index - 1].isEmpty || lines[index - 1].hasPrefix("mm/"))
      }
      if !line.isEmpty { run5 = 0 }
      #expect(run5 <= 5)
    }
    #expect(comments == 2)
    // Prose at 72 columns; quoted patch lines stay as posted.
    for line in lines where !line.hasPrefix(">") {
      #expect(line.count <= 72, "\(line)")
    }
  }

  @Test func gitMailinfoReadsTheReplyAsAMailWithItsSubjectAndComments() throws {
    let annotated = try Annotation(livelockThread, base: "v7.0-rc1", format: "mbox")
    let folder = try TemporaryFolder("mailinfo")
    let message = folder.url.appendingPathComponent("msg").path
    let patch = folder.url.appendingPathComponent("patch").path
    let info = try TestSupport.run(
      ["git", "mailinfo", "-u", message, patch], input: Self.firstMail(annotated.text))
    #expect(info.contains("Subject: mm: Fix a hmm_range_fault() livelock / starvation problem"))
    let text = try String(contentsOfFile: message, encoding: .utf8)
    #expect(
      text.contains("[info: callee-releases] do_swap_page(): migration_entry_wait_on_locked()"))
    #expect(text.trimmingCharacters(in: .newlines).hasSuffix("-- \nlockstep annotate"))
    // The quoted diff is a quote, not a patch to apply.
    #expect(try String(contentsOfFile: patch, encoding: .utf8).isEmpty)
  }

  @Test func aFragmentWithoutHeadersStillGetsAReplyAndANoteAboutInReplyTo() throws {
    let annotated = try Annotation(seed000, base: "v7.0-rc1", format: "mbox")
    #expect(annotated.status == 0)
    #expect(annotated.result.stderr.contains("came without a Message-ID"))
    #expect(!annotated.text.contains("In-Reply-To:"))
    #expect(annotated.text.contains("Thomas Hellström wrote:"))
    #expect(annotated.text.contains("[info: trylock-retry] do_swap_page():"))
  }
}
