import Backport
import MailThread
import PathSimulator

extension AnnotatedThread {
  /// Builds the report from the stage results.
  ///
  /// - Complexity: O(m·l + p·(d + f·h)) for m messages of l lines, p patches of d diff lines
  ///   and f findings over h hunks.
  public init(_ input: ReportInput) {
    self.input = input.name
    tree = input.tree
    claims = input.claims
    notes = input.notes
    problems = input.problems
    let thread = input.thread
    messages = thread.map(Self.messages) ?? []
    var anchorOfMessage: [Int: String] = [:]
    for (entry, node) in zip(messages.indices, thread?.tree.nodes ?? []) {
      if let message = node.message { anchorOfMessage[message] = messages[entry].anchor }
    }
    var placer = FindingPlacer(baseFile: input.baseFile)
    patches = input.patches.enumerated().map { offset, item in
      let anchor = "p\(offset + 1)"
      let target = item.message.flatMap { index in
        thread.map { ReplyTarget($0.archive.messages[index]) }
      }
      var patch = placer.annotate(item.patch, findings: item.analysis.findings)
      patch.anchor = anchor
      patch.number = offset + 1
      patch.subject = item.subject
      patch.message = item.message.flatMap { anchorOfMessage[$0] }
      patch.replyTo = target
      patch.notes = item.analysis.notes
      return patch
    }
    for patch in patches {
      guard let message = patch.message,
        let slot = messages.firstIndex(where: { $0.anchor == message })
      else { continue }
      messages[slot].posts.append(patch.anchor)
    }
    // The patch reviewed (the newest version) names the page, else the thread's first mail.
    let subjects =
      patches.map(\.subject) + messages.filter(\.inInput).map(\.subject)
      + (thread?.series.map(\.title) ?? [])
    title = subjects.first { !$0.isEmpty } ?? input.name
    (races, replaySummary) = input.replay.map(Self.races) ?? ([], nil)
    incomplete = []
    if let replay = input.replay {
      incomplete += replay.problems.map { "not replayed: \($0)" }
      let undecided = replay.changes.filter { $0.kind == .undecided }
      if !undecided.isEmpty {
        incomplete.append(
          "\(undecided.count) configuration(s) not decided: a search bound was reached "
            + "(\(Set(undecided.map(\.contender)).sorted().joined(separator: ", ")))")
      }
    }
    backport = input.backport.map(BackportTable.init)
  }

  /// The reply tree in display order, each message's body cut into quote segments.
  static func messages(_ thread: ThreadReview) -> [MessageEntry] {
    thread.tree.nodes.enumerated().map { offset, node in
      guard let index = node.message else {
        return MessageEntry(
          anchor: "m\(offset + 1)", depth: node.depth, messageID: node.id, from: node.from,
          date: node.date?.utcMinute, subject: node.subject, inInput: false, location: nil,
          body: [], posts: [])
      }
      let message = thread.archive.messages[index]
      let quotes = thread.quotes[index]
      return MessageEntry(
        anchor: "m\(offset + 1)", depth: node.depth, messageID: message.id,
        from: message.from?.displayName ?? quotes.authors.first ?? nil,
        date: message.date.map { "\($0.utcMinute) UTC" }, subject: message.subject,
        inInput: true, location: message.location,
        body: QuoteSegment.segments(quotes), posts: [])
    }
  }

  /// The changes the patch makes to races, one entry per race and outcome, regressions first.
  static func races(_ replay: PatchReplay) -> ([RaceTrace], String) {
    var order: [String] = []
    var byKey: [String: RaceTrace] = [:]
    let shown = replay.changes.filter { $0.kind != .unchanged && $0.kind != .undecided }
    for change in shown.sorted(by: { $0.kind.isRegression && !$1.kind.isRegression }) {
      let configuration = "preempt \(change.preempt.rawValue) / \(change.cpus) cpu"
      // One entry per race and outcome: the first (smallest) configuration's trace drawn,
      // every configuration with the same outcome named.
      let key = [change.function, change.kind.rawValue, change.contender, change.contenderSource]
        .joined(separator: "\u{0}")
      if byKey[key] != nil {
        if !byKey[key]!.configurations.contains(configuration) {
          byKey[key]!.configurations.append(configuration)
        }
        continue
      }
      order.append(key)
      byKey[key] = RaceTrace(
        anchor: "r\(order.count)", function: change.function, kind: change.kind,
        contender: change.contender, contenderSource: change.contenderSource,
        side: change.variant, configurations: [configuration],
        cpus: max(change.cpus, (change.trace.map(\.cpu).max() ?? 0) + 1),
        steps: change.trace, cycleStart: change.cycleStart, starved: change.starved)
    }
    var counts: [ChangeKind: Int] = [:]
    for change in replay.changes { counts[change.kind, default: 0] += 1 }
    let tally = ChangeKind.allCases.compactMap { kind in
      counts[kind].map { "\($0) \(kind.rawValue)" }
    }
    let summary =
      "\(replay.composed.count) race(s) composed, \(replay.changes.count) configuration(s)"
      + (tally.isEmpty ? "" : ": " + tally.joined(separator: ", "))
    return (order.compactMap { byKey[$0] }, summary)
  }
}

extension ReplyTarget {
  /// The headers a reply to `message` needs.
  init(_ message: Message) {
    messageID = message.id
    references = message.references
    subject = message.subject
    from = message.from.map(\.description)
    cc = (message.to + message.cc).map(\.description).filter { !$0.isEmpty }
    // A patch quoted in a body without headers is by the deepest quoted author.
    authorName = message.from?.displayName ?? QuotedText(message.body).authors.last ?? nil
    date = message.date?.description
  }
}

extension BackportTable {
  init(_ report: BackportReport) {
    subject = report.patch.subject
    fixes = report.fixes.map { fixes in
      "Fixes: \(fixes.commit.prefix(12)) (\"\(fixes.subject ?? "?")\")"
        + (fixes.firstRelease.map { ", first in \($0)" } ?? "") + ", matched by \(fixes.matchedBy)"
    }
    statedRange = report.statedRange.map { range in
      "\(range.text) → \(range.lines.isEmpty ? "no line" : range.lines.joined(separator: ", "))"
        + (range.mismatch.map { "; mismatch: \($0)" } ?? " (agrees with the tree)")
    }
    let numbered = report.series != nil
    rows = report.lines.map { line in
      Row(
        line: line.line, affected: line.affected, status: line.status,
        hunks: line.hunks.map { hunk in
          (numbered ? "\(hunk.patch):" : "")
            + (hunk.status == .offset ? "offset \(hunk.offset)" : hunk.status.rawValue)
        }.joined(separator: ", "),
        needs: line.missing.map(\.need),
        builds: line.builds.map { $0 ? "ok" : "stub-gap" },
        findings: line.findings.filter { $0.severity != .info }.count,
        needsWork: line.needsWork, evidence: line.evidence)
    }
    notes = report.notes
    needsWork = report.needsWork
  }
}

extension MissingIdentifier {
  /// `softleaf_t (type), from 2b2b53626f3e in v6.19; use `swp_entry_t` here`.
  fileprivate var need: String {
    var out = "\(identifier) (\(kind.rawValue))"
    if let commit = introducedBy?.commit { out += ", from \(commit.prefix(12))" }
    if let release = introducedBy?.release { out += " in \(release)" }
    return out + (advice.map { "; \($0)" } ?? "")
  }
}
