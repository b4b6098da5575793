import Foundation
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
        statement: $0.statement, by: $0.by, kind: $0.kind, claimVersion: $0.version,
        verdict: $0.verdict.rawValue, evidence: $0.evidence)
    }
    hasClaims = !claims.isEmpty
    races = report.races.enumerated().map { index, race in
      var drawing = TraceDrawing(race)
      drawing.open = index == 0 || race.kind.isRegression
      return drawing
    }
    replaySummary = report.replaySummary
    backport = report.backport.map(Self.backport)
    notes = report.notes
    problems = report.problems
    incomplete = report.incomplete
    self.generator = generator
    glance = Self.glance(report)
  }

  /// The summary lines: each patch's findings, the claims, what the simulator says the
  /// patches change, and the stable lines.
  static func glance(_ report: AnnotatedThread) -> [GlanceItem] {
    var items: [GlanceItem] = report.patches.map { patch in
      let all = patch.allFindings
      let worst = all.map(\.severity).max()
      let rules = Array(Set(all.map(\.rule.rawValue))).sorted()
      return GlanceItem(
        label: "Patch \(patch.number)",
        text: Self.patch(patch).findingSummary
          + (rules.isEmpty ? "" : " (\(rules.joined(separator: ", ")))"),
        anchor: patch.anchor,
        cls: worst == .error ? "bad" : worst == .warning ? "warn" : "good")
    }
    if !report.claims.isEmpty {
      let counts = ClaimVerdict.allCases.compactMap { verdict in
        let count = report.claims.filter { $0.verdict == verdict }.count
        return count == 0 ? nil : "\(count) \(verdict.rawValue)"
      }
      items.append(
        GlanceItem(
          label: "Claims", text: counts.joined(separator: ", "), anchor: "claims",
          cls: report.claims.contains { $0.verdict == .refuted } ? "bad" : "good"))
    }
    if !report.races.isEmpty {
      var byOutcome: [String: [String]] = [:]
      var order: [String] = []
      for race in report.races {
        let outcome = "\(race.function)() \(race.kind.rawValue)"
        if byOutcome[outcome] == nil { order.append(outcome) }
        if !byOutcome[outcome, default: []].contains(race.contender) {
          byOutcome[outcome, default: []].append(race.contender)
        }
      }
      items.append(
        GlanceItem(
          label: "Simulator",
          text: order.map { "\($0) against \(byOutcome[$0]!.joined(separator: ", "))" }
            .joined(separator: "; "),
          anchor: "simulator", cls: report.races.contains { $0.kind.isRegression } ? "bad" : "good"
        ))
    }
    if let table = report.backport {
      items.append(
        GlanceItem(
          label: "Stable",
          text: table.rows.map { "\($0.line) \($0.status.rawValue)" }.joined(separator: " · "),
          anchor: "stable", cls: table.needsWork ? "bad" : "good"))
    }
    return items
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
      parts: segment.parts.flatMap { part in
        switch part {
        case .text(let lines): Self.textParts(lines)
        case .quote(let inner): [PartView(text: nil, lines: [], quote: [Self.segment(inner)])]
        }
      },
      mdPrefix: String(repeating: "> ", count: segment.depth))
  }

  /// Lines of one level; from a `diff --git` line on, folded (the patches are shown above).
  static func textParts(_ lines: [String]) -> [PartView] {
    guard let start = lines.firstIndex(where: { $0.hasPrefix("diff --git ") }) else {
      return [PartView(text: lines.joined(separator: "\n"), lines: lines, quote: [])]
    }
    var end = lines[start...].firstIndex { $0 == "-- " } ?? lines.endIndex
    if end == start { end = lines.endIndex }
    let before = Array(lines[..<start])
    let diff = Array(lines[start..<end])
    let after = Array(lines[end...])
    var parts: [PartView] = []
    if !before.isEmpty {
      parts.append(PartView(text: before.joined(separator: "\n"), lines: before, quote: []))
    }
    let files = diff.filter { $0.hasPrefix("diff --git ") }.count
    parts.append(
      PartView(
        text: nil, lines: diff, quote: [],
        diff: FoldView(
          summary: "the diff: \(files) file(s), \(diff.count) lines",
          text: diff.joined(separator: "\n"))))
    if !after.isEmpty {
      parts.append(PartView(text: after.joined(separator: "\n"), lines: after, quote: []))
    }
    return parts
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
      findingSummary: bySeverity.isEmpty ? "no findings" : bySeverity.joined(separator: ", "),
      hasTreeContext: patch.files.contains {
        $0.hunks.contains { $0.lines.contains { $0.fromTree } }
      })
  }

  /// A hunk as fenced diff blocks, a finding between the block that ends at its line and the
  /// next. Context read from the tree is not in the patch: its findings quote their line.
  static func markdown(_ hunk: HunkView) -> [MarkdownBlock] {
    var blocks: [MarkdownBlock] = []
    var text = [hunk.header]
    for line in hunk.lines {
      if !line.fromTree { text.append(line.marker + line.text) }
      guard !line.findings.isEmpty else { continue }
      if !text.isEmpty { blocks.append(MarkdownBlock(diff: text.joined(separator: "\n"))) }
      blocks += line.findings.map { note in
        var view = Self.finding(note)
        if line.fromTree { view.sourceText = line.text.trimmingCharacters(in: .whitespaces) }
        return MarkdownBlock(finding: view)
      }
      text = []
    }
    if !text.isEmpty { blocks.append(MarkdownBlock(diff: text.joined(separator: "\n"))) }
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
