import LockAnalysis

extension PageView {
  /// The view of `report`, for the page and Markdown templates.
  ///
  /// - Complexity: O(n) in the size of the report.
  init(_ report: AnnotatedThread, generator: String) {
    title = report.title
    input = report.input
    tree = report.tree.map { "\($0.path) at \($0.base)" }
    let counts = report.findingCounts
    summary =
      "\(report.patches.count) patch(es), \(counts.errors) error(s), \(counts.warnings) "
      + "warning(s), \(counts.info) info; \(report.claims.count) claim(s); "
      + "\(report.races.count) race trace(s)"
    verdict =
      report.needsWork
      ? "needs work"
      : report.incomplete.isEmpty ? "nothing that needs work found" : "incomplete"
    verdictClass = report.needsWork ? "bad" : report.incomplete.isEmpty ? "good" : "neutral"
    let patchesOf = Dictionary(grouping: report.patches.filter { $0.message != nil }) {
      $0.message!
    }
    func links(_ anchor: String) -> [Link] {
      (patchesOf[anchor] ?? []).map { Link(anchor: $0.anchor, label: "patch \($0.number)") }
    }
    threadRows = report.messages.map { entry in
      TreeRow(
        anchor: entry.anchor, indent: "\(Double(entry.depth) * 1.25)em", depth: entry.depth,
        prefix: String(repeating: "  ", count: entry.depth) + "- ",
        from: entry.from ?? "?", date: entry.date ?? "",
        subject: entry.inInput
          ? (entry.subject.isEmpty ? "(no subject)" : entry.subject)
          : "(not in the input) \(entry.subject)",
        inInput: entry.inInput, patches: links(entry.anchor))
    }
    messages = report.messages.filter(\.inInput).map { entry in
      MessageView(
        anchor: entry.anchor, from: entry.from ?? "?", date: entry.date ?? "date unknown",
        subject: entry.subject.isEmpty ? "(no subject)" : entry.subject,
        location: entry.location ?? "", messageID: entry.messageID ?? "",
        body: entry.body.map(Self.segment), patches: links(entry.anchor))
    }
    patches = report.patches.map(Self.patch)
    claims = report.claims.map {
      ClaimView(
        statement: $0.statement, by: $0.by, kind: $0.kind, verdict: $0.verdict.rawValue,
        evidence: $0.evidence)
    }
    hasClaims = !claims.isEmpty
    races = report.races.map(TraceDrawing.init)
    replaySummary = report.replaySummary
    backport = report.backport.map(Self.backport)
    notes = report.notes
    problems = report.problems
    incomplete = report.incomplete
    self.generator = generator
  }

  static func segment(_ segment: QuoteSegment) -> SegmentView {
    let own = segment.parts.reduce(0) { count, part in
      if case .text(let lines) = part { return count + lines.count }
      return count
    }
    let who = segment.author.map { "\($0) wrote" } ?? "quoted"
    return SegmentView(
      depth: segment.depth, quoted: segment.depth > 0,
      open: segment.depth == 0 || (segment.depth == 1 && own <= 40),
      summary: "\(who): \(segment.lineCount) line(s)",
      parts: segment.parts.map { part in
        switch part {
        case .text(let lines):
          PartView(text: lines.joined(separator: "\n"), lines: lines, quote: [])
        case .quote(let inner): PartView(text: nil, lines: [], quote: [Self.segment(inner)])
        }
      },
      mdPrefix: String(repeating: "> ", count: segment.depth))
  }

  static func finding(_ note: FindingNote) -> FindingView {
    FindingView(
      anchor: note.anchor, rule: note.rule.rawValue, severity: note.severity.rawValue,
      file: note.file, line: note.line, function: note.function, message: note.message,
      path: note.path.joined(separator: " → "), sourceText: note.sourceText)
  }

  static func patch(_ patch: AnnotatedPatch) -> PatchView {
    let files = patch.files.map { file in
      FileView(
        title: file.title,
        hunks: file.hunks.map { hunk in
          let rows = hunk.lines.map { line in
            RowView(
              cls: line.fromTree ? "tree" : line.kind.rawValue, marker: line.marker,
              old: line.oldNumber.map(String.init) ?? "",
              new: line.newNumber.map(String.init) ?? "",
              text: line.text, fromTree: line.fromTree,
              lineID: "\(patch.anchor)-\(file.path)-\(line.newNumber ?? line.oldNumber ?? 0)",
              findings: line.findings.map(Self.finding))
          }
          return HunkV(header: hunk.header, rows: rows, mdBlocks: Self.markdown(hunk))
        })
    }
    let all = patch.allFindings
    let bySeverity = [Finding.Severity.error, .warning, .info].compactMap { severity in
      let count = all.filter { $0.severity == severity }.count
      return count == 0 ? nil : "\(count) \(severity.rawValue)"
    }
    return PatchView(
      anchor: patch.anchor, number: patch.number,
      subject: patch.subject.isEmpty ? "(no subject)" : patch.subject, message: patch.message,
      files: files, elsewhere: patch.elsewhere.map(Self.finding), notes: patch.notes,
      findingSummary: bySeverity.isEmpty ? "no findings" : bySeverity.joined(separator: ", "))
  }

  /// A hunk as fenced diff blocks, a finding between the block that ends at its line and the next.
  static func markdown(_ hunk: HunkView) -> [MarkdownBlock] {
    var blocks: [MarkdownBlock] = []
    var text = hunk.header
    for line in hunk.lines {
      text += "\n" + line.marker + line.text
      guard !line.findings.isEmpty else { continue }
      blocks.append(MarkdownBlock(diff: text, finding: nil))
      blocks += line.findings.map { MarkdownBlock(diff: nil, finding: Self.finding($0)) }
      text = ""
    }
    if !text.isEmpty { blocks.append(MarkdownBlock(diff: text, finding: nil)) }
    return blocks
  }

  static func backport(_ table: BackportTable) -> BackportView {
    BackportView(
      subject: table.subject, fixes: table.fixes, statedRange: table.statedRange,
      rows: table.rows.map { row in
        BackportRowView(
          line: row.line, affected: row.affected ? "yes" : "no", status: row.status.rawValue,
          statusClass: row.needsWork ? "bad" : row.status.applies ? "good" : "neutral",
          hunks: row.hunks.isEmpty ? "–" : row.hunks,
          needs: row.needs.isEmpty ? "–" : row.needs.joined(separator: "; "),
          builds: row.builds ?? "–", findings: row.findings, evidence: row.evidence)
      }, notes: table.notes)
  }
}
