import LockAnalysis
import MailThread
import PatchDiff

/// What a reviewer re-reads a series for: between consecutive versions of each patch, the
/// hunks added, removed and changed (a range-diff), the findings fixed and introduced, and
/// the reviewers' comments on the earlier version that a change answers (a comment anchored
/// in a hunk the new version changes or drops).
///
/// ```swift
/// VersionDeltas(context: context).all().map { "\($0.from) → \($0.to): \($0.fixed)" }
/// // ["v1 → v2: []", "v2 → v3: [\"stub-gap in do_swap_page() at mm/memory.c:4688\"]"]
/// ```
struct VersionDeltas {
  let context: SettlingContext

  func all() -> [VersionDelta] {
    var deltas: [VersionDelta] = []
    let versions = context.versions.sorted {
      ($0.series ?? 0, $0.order) < ($1.series ?? 0, $1.order)
    }
    for now in versions {
      guard let before = now.previous(in: context.versions), let from = before.version,
        let to = now.version
      else { continue }
      let comparison = PatchComparison(from: before.patch, to: now.patch)
      deltas.append(
        VersionDelta(
          series: now.seriesTitle, from: from, to: to, changes: Self.changes(comparison),
          fixed: Self.difference(before.analysis, minus: now.analysis),
          introduced: Self.difference(now.analysis, minus: before.analysis),
          answers: answers(to: before, comparison: comparison)))
    }
    return deltas
  }

  /// One line per file and hunk that differs: `+ include/linux/migrate.h @@ -97,6 +97,12 @@`.
  static func changes(_ comparison: PatchComparison) -> [String] {
    var lines = comparison.filesAdded.map { "+ \($0): newly changed" }
    lines += comparison.filesRemoved.map { "- \($0): no longer changed" }
    for file in comparison.files {
      lines += file.hunksAdded.map { "+ \(file.path) \(header($0))" }
      lines += file.hunksRemoved.map { "- \(file.path) \(header($0))" }
      lines += file.hunksChanged.map { "~ \(file.path) \(header($0.old)) → \(header($0.new))" }
      if file.isIdentical { lines.append("= \(file.path): unchanged") }
    }
    return lines
  }

  static func header(_ hunk: Hunk) -> String {
    "@@ -\(hunk.oldStart),\(hunk.oldCount) +\(hunk.newStart),\(hunk.newCount) @@"
  }

  /// The findings of `analysis` (warnings and errors) that `other` does not have (same rule
  /// in the same function and file).
  static func difference(_ analysis: PatchAnalysis, minus other: PatchAnalysis) -> [String] {
    let theirs = Set(
      other.findings.filter { $0.severity != .info }.map { "\($0.rule) \($0.function) \($0.file)" })
    var seen: Set<String> = []
    return analysis.findings.filter {
      $0.severity != .info && !theirs.contains("\($0.rule) \($0.function) \($0.file)")
    }.compactMap {
      let text = "\($0.rule) in \($0.function)() at \($0.file):\($0.line)"
      return seen.insert(text).inserted ? text : nil
    }
  }

  /// Comments in replies to `before` anchored in a hunk that the next version changes or drops.
  private func answers(to before: PostedVersion, comparison: PatchComparison)
    -> [VersionDelta.Answer]
  {
    guard let series = before.series, let label = before.version else { return [] }
    let thread = context.input.thread
    var answers: [VersionDelta.Answer] = []
    for message in thread.quotes.indices
    where thread.role(ofDiffIn: message, quoteDepth: 1) == .quoted(series: series, version: label) {
      let authors = thread.quotes[message].authors
      var commented: Set<String> = []
      for found in PatchFinder.patches(in: context.input.archive.messages[message].body)
      where found.quoteDepth > 0 {
        for comment in found.comments {
          commented.formUnion(comment.text.map(\.trimmedBlanks))
          guard let change = Self.change(at: comment, in: before.patch, comparison: comparison)
          else { continue }
          let text = comment.text.joined(separator: " ")
          answers.append(
            VersionDelta.Answer(
              comment: text.count > 240 ? String(text.prefix(239)) + "…" : text,
              by: comment.quoteDepth < authors.count ? authors[comment.quoteDepth] : nil,
              change: change))
        }
      }
      // What the reply says in its own prose, about a name the next version changes there
      // ("Instead of a cond_resched() in hmm_range_fault(), …" → mm/hmm.c no longer changed).
      for paragraph in Self.prose(thread.quotes[message])
      where !paragraph.contains(where: { commented.contains($0.trimmedBlanks) }) {
        let names = Set(paragraph.flatMap(IdentifierLinks.names(in:)))
        guard let change = Self.change(naming: names, in: before.patch, comparison: comparison)
        else { continue }
        let text = paragraph.joined(separator: " ")
        answers.append(
          VersionDelta.Answer(
            comment: text.count > 240 ? String(text.prefix(239)) + "…" : text,
            by: authors.first ?? nil, change: change))
      }
    }
    return answers
  }

  /// The paragraphs a message writes itself (quote depth 0), without code.
  static func prose(_ quoted: QuotedText) -> [[String]] {
    var paragraphs: [[String]] = []
    var previous: Int?
    for line in quoted.lines {
      let text = line.text
      guard line.depth == 0, !text.trimmedBlanks.isEmpty, !ClaimFinder.isCode(text) else {
        previous = nil
        continue
      }
      if let previous, previous + 1 == line.number {
        paragraphs[paragraphs.count - 1].append(text)
      } else {
        paragraphs.append([text])
      }
      previous = line.number
    }
    return paragraphs
  }

  /// The change the next version makes to a hunk (or a file) of `patch` that holds one of
  /// `names`, if it makes one.
  static func change(naming names: Set<String>, in patch: Patch, comparison: PatchComparison)
    -> String?
  {
    guard !names.isEmpty else { return nil }
    // A name in the hunk's lines, or the function it is in (its section).
    func holds(_ hunk: Hunk) -> Bool {
      names.contains { name in
        hunk.section.contains("\(name)(") || hunk.lines.contains { $0.text.contains(name) }
      }
    }
    for file in patch.files where comparison.filesRemoved.contains(file.path) {
      if file.hunks.contains(where: holds) { return "- \(file.path): no longer changed" }
    }
    for file in comparison.files {
      if let removed = file.hunksRemoved.first(where: holds) {
        return "- \(file.path) \(header(removed))"
      }
      if let changed = file.hunksChanged.first(where: { holds($0.old) }) {
        return "~ \(file.path) \(header(changed.old)) → \(header(changed.new))"
      }
    }
    return nil
  }

  /// The change the next version makes where `comment` points, if it makes one.
  static func change(at comment: InlineComment, in patch: Patch, comparison: PatchComparison)
    -> String?
  {
    if comparison.filesRemoved.contains(comment.file) {
      return "- \(comment.file): no longer changed"
    }
    guard let file = comparison.files.first(where: { $0.path == comment.file }) else { return nil }
    let anchor = TrailerSettler.squeezed(String(comment.anchorText.dropFirst()))
    func holds(_ hunk: Hunk) -> Bool {
      hunk.lines.contains { TrailerSettler.squeezed($0.text) == anchor }
    }
    if let removed = file.hunksRemoved.first(where: holds) {
      return "- \(file.path) \(header(removed))"
    }
    if let changed = file.hunksChanged.first(where: { holds($0.old) }) {
      return "~ \(file.path) \(header(changed.old)) → \(header(changed.new))"
    }
    return nil
  }
}
