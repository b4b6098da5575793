import Foundation
import LockAnalysis

/// The reply mails of a report, one per patch mail that has findings (the first patch's
/// when none has): headers that thread it under the patch, then the patch quoted in the
/// list's convention, only the hunks with findings, at most five quoted lines directly
/// above each comment, longer gaps as `[ ... ]`, the comments below what they answer.
///
/// ```text
/// On 2026-02-03 15:34:10 +0100, Thomas Hellström wrote:
/// > @@ -4684,7 +4684,8 @@ vm_fault_t do_swap_page(struct vm_fault *vmf)
/// > +				migration_entry_wait_on_locked(entry, vmf->ptl);
///
/// [info: callee-releases] migration_entry_wait_on_locked() releases …
/// ```
struct ReplyMail {
  /// The body as the `mbox/reply.mustache` template reads it.
  struct Body {
    var attribution: String
    var blocks: [Block]
    var elsewhere: [String]
    var claims: [String]
    var races: [String]
    var backport: [String]
    var hasClosing: Bool
    var generator: String
  }

  /// Quoted lines, or a gap, then the comment below them.
  struct Block {
    var quoted: [String]
    var comment: [String]
  }

  static let quoteLimit = 5

  /// The mbox: every reply, each starting with its `From ` line.
  static func mbox(_ report: AnnotatedThread, templates: TemplateSet, generator: String)
    throws(ReportError) -> String
  {
    var chosen = report.patches.filter { !$0.allFindings.isEmpty }
    if chosen.isEmpty, let first = report.patches.first { chosen = [first] }
    var out = ""
    for (index, patch) in chosen.enumerated() {
      var body = Body(
        attribution: attribution(patch), blocks: blocks(patch),
        elsewhere: patch.elsewhere.flatMap { comment($0) + [""] }, claims: [], races: [],
        backport: [], hasClosing: false, generator: generator)
      if index == 0 { addSeriesParts(report, to: &body) }
      body.hasClosing =
        !body.elsewhere.isEmpty || !body.claims.isEmpty || !body.races.isEmpty
        || !body.backport.isEmpty
      let text = try templates.render(body, "reply")
      out += headers(patch, fallbackSubject: report.title) + "\n" + escapedFromLines(text)
      if !out.hasSuffix("\n") { out += "\n" }
      out += "\n"
    }
    return out
  }

  /// ` (v3, Thomas Hellström)`, or nothing when there is nothing to say.
  static func parenthesized(_ parts: [String]) -> String {
    parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
  }

  /// The claims, the simulator's verdicts and the stable table, told once per series.
  static func addSeriesParts(_ report: AnnotatedThread, to body: inout Body) {
    body.claims = report.claims.flatMap { claim in
      TextWrap.lines(
        "[\(claim.verdict.rawValue)] \(claim.statement)"
          + Self.parenthesized([claim.version, claim.by].compactMap { $0 }), indent: "  ")
        + claim.evidence.flatMap {
          // Two columns of indent come after the wrap: wrap two narrower.
          TextWrap.lines(
            "- \($0.text)" + ($0.location.map { " (\($0))" } ?? ""),
            width: TextWrap.width - 2, indent: "    "
          )
          .map { "  " + $0 }
        } + [""]
    }
    for (index, race) in report.races.enumerated() {
      body.races += TextWrap.lines(
        race.headline + ", " + race.side + " the patch, in "
          + race.configurations.joined(separator: ", ") + ".")
      if index == 0 {
        // The first counterexample step by step; the others are in the HTML report.
        body.races.append("")
        for step in race.steps {
          if step.step == race.cycleStart {
            body.races.append("  -- cycle, repeats forever without progress --")
          }
          let location = step.file.map { step.op.contains($0) ? "" : " \($0):\(step.line ?? 0)" }
          body.races += TextWrap.lines(
            "\(step.step). cpu\(step.cpu) \(step.thread): \(step.op)\(location ?? "")",
            width: TextWrap.width - 2, indent: "    "
          ).map { "  " + $0 }
        }
        body.races += race.starved.flatMap {
          TextWrap.lines("starved: \($0)", width: TextWrap.width - 2, indent: "    ").map {
            "  " + $0
          }
        }
      }
      body.races.append("")
    }
    if let table = report.backport {
      body.backport = table.rows.flatMap { row in
        TextWrap.lines(
          "\(row.line): \(row.status.rawValue)"
            + (row.needs.isEmpty ? "" : "; needs " + row.needs.joined(separator: "; ")),
          indent: "  ")
      }
    }
  }

  static func attribution(_ patch: AnnotatedPatch) -> String {
    let who = patch.replyTo?.authorName ?? "the patch's author"
    let when = patch.replyTo?.date.map { "On \($0), " } ?? ""
    return TextWrap.lines("\(when)\(who) wrote:").joined(separator: "\n")
  }

  /// The quoted hunks with findings and the comments, in the order of the diff.
  static func blocks(_ patch: AnnotatedPatch) -> [Block] {
    var blocks: [Block] = []
    var pending: [String] = []
    var skipped = false
    func gap() {
      if !pending.isEmpty || !blocks.isEmpty || skipped { pending.append("[ ... ]") }
    }
    for file in patch.files {
      var fileHeader = ["> diff --git a/\(file.path) b/\(file.path)"]
      for shown in file.hunks {
        let hunk = postedLines(shown)
        let marked = hunk.lines.indices.filter { !hunk.lines[$0].findings.isEmpty }
        guard !marked.isEmpty else {
          skipped = true
          continue
        }
        if skipped, !(blocks.isEmpty && pending.isEmpty) { gap() }
        skipped = false
        var headers = fileHeader + ["> " + hunk.header]
        fileHeader = []
        var next = 0
        for index in marked {
          var start = max(next, index - (quoteLimit - 1))
          if start == 0, index + 1 + headers.count > quoteLimit {
            start = index + 1 - (quoteLimit - headers.count)
          }
          pending += headers
          headers = []
          if start > next { gap() }
          pending += hunk.lines[start...index].map { "> " + $0.marker + $0.text }
          blocks.append(
            Block(
              quoted: pending, comment: hunk.lines[index].findings.flatMap { comment($0) + [""] }))
          pending = []
          next = index + 1
        }
        if next < hunk.lines.count { skipped = true }
      }
    }
    return blocks
  }

  /// The hunk as posted: context read from the tree is not quoted (the patch does not have
  /// it), its findings go under the nearest posted line and name their own line.
  static func postedLines(_ hunk: HunkView) -> HunkView {
    var posted = hunk
    posted.lines = hunk.lines.filter { !$0.fromTree }
    guard !posted.lines.isEmpty else { return posted }
    var seenPosted = false
    for line in hunk.lines {
      if !line.fromTree {
        seenPosted = true
        continue
      }
      let notes = line.findings.map { note in
        var note = note
        note.sourceText = note.sourceText ?? line.text
        return note
      }
      if seenPosted {
        posted.lines[posted.lines.count - 1].findings += notes
      } else {
        posted.lines[0].findings.insert(contentsOf: notes, at: 0)
      }
    }
    return posted
  }

  /// A finding as the comment under its line, wrapped at 72 columns.
  static func comment(_ note: FindingNote) -> [String] {
    var lines = TextWrap.lines(
      "[\(note.severity.rawValue): \(note.rule.rawValue)] \(note.function)(): \(note.message)")
    if let text = note.sourceText {
      lines =
        TextWrap.lines("\(note.file):\(note.line): \(text.trimmingCharacters(in: .whitespaces))")
        + lines
    }
    if !note.path.isEmpty {
      lines += TextWrap.lines("Path: " + note.path.joined(separator: " -> "), indent: "  ")
    }
    return lines
  }

  /// The header block: threaded under the patch mail, to its author, copying its To and Cc.
  static func headers(_ patch: AnnotatedPatch, fallbackSubject: String) -> String {
    let target = patch.replyTo
    let original =
      [target?.subject ?? "", patch.subject, fallbackSubject].first { !$0.isEmpty } ?? ""
    let subject = original.lowercased().hasPrefix("re:") ? original : "Re: \(original)"
    var lines = ["From lockstep Mon Sep 17 00:00:00 2001"]
    lines.append(MailHeader.field("Subject", MailHeader.encoded(subject)))
    if let target {
      if let id = target.messageID {
        lines.append(MailHeader.field("In-Reply-To", "<\(id)>"))
        lines.append(
          MailHeader.list("References", (target.references + [id]).map { "<\($0)>" }, comma: false))
      }
      if let from = target.from {
        lines.append(MailHeader.list("To", [from].map(MailHeader.address)))
      }
      let copied = target.cc.filter { $0 != target.from }
      if !copied.isEmpty { lines.append(MailHeader.list("Cc", copied.map(MailHeader.address))) }
    }
    lines += [
      "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
      "Content-Transfer-Encoding: 8bit",
    ]
    return lines.joined(separator: "\n") + "\n"
  }

  /// Body lines starting `From ` written `>From ` (mboxrd), so readers do not split there.
  static func escapedFromLines(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      line.drop { $0 == ">" }.hasPrefix("From ") ? ">" + line : line
    }.joined(separator: "\n")
  }
}
