import Foundation
import LockAnalysis
import PatchDiff

/// Settles "Add a stub X for the !CONFIG_Y case": the diff adds a `static inline` X, and —
/// with a tree — the patch without it (the version before, else this version with the stub's
/// hunk taken out) has the analyzer's `stub-gap` for X while the patch has none. Without a
/// tree, the hunk's own context must show the `#else` / `#endif /* CONFIG_Y */` around it.
///
/// ```swift
/// StubSettler(context: context).settle(name: "migration_entry_wait_on_locked",
///   option: "!CONFIG_MIGRATION", now: v3, before: v2, facts: DiffFacts(v3.patch), earlier: …)
/// // confirmed: include/linux/migrate.h:100 defines it; v2 has stub-gap at mm/memory.c:4688
/// ```
struct StubSettler {
  let context: SettlingContext

  func settle(
    name: String, option: String?, now: PostedVersion, before: PostedVersion?, facts: DiffFacts,
    earlier: DiffFacts?
  ) -> Settlement {
    let label = now.version ?? "the patch"
    guard let definition = facts.inlineDefinition(of: name) else {
      return DiffSettler(context: context).refutation(
        "\(label) adds no static inline \(name)()", name: name, facts: facts)
    }
    if let earlier, earlier.inlineDefinition(of: name) != nil {
      return .refuted([
        Evidence(
          .version, "\(before?.version ?? "the version before") already adds the stub \(name)()")
      ])
    }
    let defined = Evidence(
      .diff, file: definition.file, line: definition.number,
      "\(definition.shown) (\(label) adds the stub)")
    let branch = branchInHunk(of: definition, in: now.patch, option: option)
    guard context.input.sourceTree != nil else {
      if let branch { return .confirmed([defined, branch]) }
      return .unverifiable(
        needs: "--tree: the #if branch the stub sits in, and the stub-gap of the patch without it",
        [defined])
    }
    let without: PatchAnalysis
    let withoutName: String
    if let before {
      without = before.analysis
      withoutName = before.version ?? "the version before"
    } else {
      without = context.analyzer.analyze(Self.removing(definition, from: now.patch))
      withoutName = "\(label) without the stub's hunk"
    }
    let gapNow = Self.stubGaps(now.analysis, name: name)
    if let gap = gapNow.first {
      return .refuted([
        defined,
        Evidence(.finding, file: gap.file, line: gap.line, "\(label) still has: \(gap.message)"),
      ])
    }
    if let gap = Self.stubGaps(without, name: name).first {
      return .confirmed([
        defined,
        Evidence(
          .finding, file: gap.file, line: gap.line,
          "\(withoutName) has the stub-gap, \(label) not: \(gap.message)"),
      ])
    }
    if let branch { return .confirmed([defined, branch]) }
    return .unverifiable(
      needs: "a call of \(name)() from code built without \(option ?? "its option") "
        + "(no stub-gap either way)", [defined])
  }

  static func stubGaps(_ analysis: PatchAnalysis, name: String) -> [Finding] {
    analysis.findings.filter {
      $0.rule == .stubGap && $0.severity != .info && $0.message.contains("\(name)()")
    }
  }

  /// The `#else` before or `#endif /* CONFIG_Y */` after the stub in its hunk.
  private func branchInHunk(of definition: DiffFacts.Line, in patch: Patch, option: String?)
    -> Evidence?
  {
    guard let file = patch.files.first(where: { $0.path == definition.file }),
      let hunk = file.hunks.first(where: { Self.covers($0, definition.number) })
    else { return nil }
    let bare = option.map { $0.hasPrefix("!") ? String($0.dropFirst()) : $0 }
    var line = hunk.newStart
    for hunkLine in hunk.lines where hunkLine.kind != .removed {
      let text = hunkLine.text.trimmingCharacters(in: .whitespaces)
      let names = bare.map { text.contains($0) } ?? true
      if line > definition.number, text.hasPrefix("#endif"), names {
        return Evidence(.diff, file: file.path, line: line, "the stub is closed by \(text)")
      }
      if line < definition.number, text.hasPrefix("#else"), names {
        return Evidence(.diff, file: file.path, line: line, "the stub follows \(text)")
      }
      line += 1
    }
    return nil
  }

  private static func covers(_ hunk: Hunk, _ line: Int) -> Bool {
    line >= hunk.newStart && line < hunk.newStart + max(1, hunk.newCount)
  }

  /// The patch without the hunk that holds `line`.
  static func removing(_ line: DiffFacts.Line, from patch: Patch) -> Patch {
    var copy = patch
    for index in copy.files.indices where copy.files[index].path == line.file {
      copy.files[index].hunks.removeAll { covers($0, line.number) }
    }
    copy.files.removeAll { $0.hunks.isEmpty && !$0.isNew && !$0.isDeleted }
    return copy
  }
}
