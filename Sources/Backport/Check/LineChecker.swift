import KernelTree
import LockAnalysis
import PatchDiff

/// One stable line's row for one patch, in two steps. `read()` takes what the line's
/// files say: where each hunk lands, the identifiers the line lacks, whether the fix's
/// pre- and post-image are there. `report(_:fix:target:)` adds what history says (the fix
/// and the `Fixes:` target on the line), decides affected and already-applied, and
/// analyzes the patch as it would go in.
///
/// Between the two, the caller asks history about every line at once, and only where the
/// files leave the answer open (see ``Backporter``).
struct LineChecker {
  let context: RequestContext
  let line: StableLine
  let table: PrimitiveTable
  /// The patches of the series before this one, as they land on the line.
  let earlier: EarlierPatches

  var tree: KernelRepository { context.tree }
  var patch: Patch { context.request.patch }

  /// What the line's files say about the patch.
  func read() throws(KernelTreeError) -> LineReading {
    var texts: [String: String] = [:]
    for file in patch.files {
      let path = file.isNew ? file.newPath : file.oldPath
      if let patched = earlier.texts[path] {
        if let patched { texts[path] = patched }
      } else if let text = try tree.file(at: line.tip.hex, path: path)?.text {
        texts[path] = text
      }
    }
    let applied = patch.files.map { file in
      FileApplyCheck(file, text: texts[file.isNew ? file.newPath : file.oldPath])
    }
    let missing = context.depth == .full ? try needs() : []
    var respellings: [String: String] = [:]
    for item in missing { if let old = item.renamedFrom { respellings[item.identifier] = old } }
    if context.depth == .affected { respellings = olderSpellings(in: texts) }
    let content = ContentCheck(
      patch: patch, files: texts.mapValues(FileLines.init), renames: respellings)
    return LineReading(applied: applied, missing: missing, content: content)
  }

  /// The row, from what was read and what history says of the fix (`nil`: the fix is no
  /// commit of the tree) and of the `Fixes:` target (`nil`: none resolved).
  func report(_ reading: LineReading, fix: LinePresence?, target: LinePresence?)
    throws(KernelTreeError) -> LineReport
  {
    var evidence: [String] = []
    let already = try alreadyApplied(reading, fix: fix, evidence: &evidence)
    let (affected, affectedBy) = affected(
      reading, target: target, evidence: &evidence)
    let hunks = reading.applied.flatMap(\.hunks).map { hunk in
      var numbered = hunk
      numbered.patch = earlier.count + 1
      return numbered
    }
    let landing = reading.landing
    var libgit2Applies: Bool?
    let touched = Set(context.paths)
    let full = context.depth == .full
    if full, earlier.changedFiles.isDisjoint(with: touched) {
      libgit2Applies = try tree.applies(diff: patch.text, paths: context.paths, to: line.tip)
      if let libgit2Applies, libgit2Applies != (landing == .applies) {
        evidence.append(
          "libgit2's apply \(libgit2Applies ? "takes" : "refuses") the patch at its own lines")
      }
    }
    let status: LineStatus = already ? .alreadyApplied : !affected ? .notAffected : landing
    var findings: [Finding] = []
    var builds: Bool?
    var notes: [String] = []
    let adapted = reading.applied.compactMap(\.adapted)
    if full, adapted.count == reading.applied.count, !already {
      let base = GitSourceTree(repository: tree, revision: line.tip.hex)
      let source = OverlaySourceTree(
        base: base, files: earlier.texts, earlierPatches: earlier.count)
      let analysis = Analyzer(table: table, tree: source).analyze(Patch(files: adapted))
      findings = analysis.findings
      notes = analysis.notes
      builds = !findings.contains { $0.rule == .stubGap }
    }
    let dependencies = try DependencyOrder(tree: tree).dependencies(of: reading.missing)
    return LineReport(
      line: line.name, tip: line.tip.hex, affected: affected, affectedBy: affectedBy,
      status: status, evidence: evidence, hunks: hunks, libgit2Applies: libgit2Applies,
      missing: reading.missing, dependencies: dependencies, findings: findings, builds: builds,
      notes: notes)
  }

  /// The worst landing: conflict, else fuzz, else offset, else clean.
  static func status(of hunks: [HunkCheck]) -> LineStatus {
    if hunks.contains(where: { $0.status == .conflict || $0.status == .missingFile }) {
      return .conflict
    }
    if hunks.contains(where: { $0.status == .fuzz }) { return .appliesWithFuzz }
    if hunks.contains(where: { $0.status == .offset }) { return .appliesWithOffset }
    return .applies
  }

  /// The fix or a copy of it on the line (ancestry, upstream line, patch-id, subject), or
  /// its post-image in the files.
  func alreadyApplied(_ reading: LineReading, fix: LinePresence?, evidence: inout [String])
    throws(KernelTreeError) -> Bool
  {
    let presence =
      if let fix {
        fix
      } else {
        try tree.presence(
          subject: context.request.subject,
          patchID: reading.searchesPatchID ? context.patchID : nil, touching: context.paths,
          on: line)
      }
    if let copy = presence.copy, let method = presence.matchedBy {
      let what = context.fixCommit.map { "the fix \($0.id.short)" } ?? "the fix"
      evidence.append(
        method == .ancestry
          ? "\(what) is in the line's history"
          : "\(what) is there as \(copy.short) (\(method.rawValue))")
      return true
    }
    if reading.content.postImagePresent {
      evidence.append("the lines the fix adds (its post-image) are already there")
      return true
    }
    if !reading.searchesPatchID {
      evidence.append(
        "the patch applies at its own lines: no copy of it is in effect (line commits not "
          + "compared by patch-id)")
    }
    return false
  }

  /// Whether the line has the bug, and how that was decided.
  func affected(_ reading: LineReading, target: LinePresence?, evidence: inout [String])
    -> (Bool, AffectedBy?)
  {
    let content = reading.content
    if let targetCommit = context.target, let target {
      let short = targetCommit.id.short
      if let copy = target.copy, let method = target.matchedBy {
        evidence.append(
          method == .ancestry
            ? "Fixes: target \(short) is in the line's history"
            : "Fixes: target \(short) is there as \(copy.short) (\(method.rawValue))")
        return (true, .fixesTarget)
      }
      evidence.append(
        reading.searchesTargetPatchID
          ? "Fixes: target \(short) is not in the line"
          : "Fixes: target \(short) is not in the line by ancestry, upstream line or subject "
            + "(not compared by patch-id: the line's files show the bug)")
      return byContent(content, evidence: &evidence)
    }
    if context.request.fixes == nil, let range = context.request.statedRange {
      let inside = range.includes(line.series)
      evidence.append(
        "no Fixes: trailer; the line is \(inside ? "inside" : "outside") the stated range \(range.text)"
      )
      return (inside, .statedRange)
    }
    return byContent(content, evidence: &evidence)
  }

  private func byContent(_ content: ContentCheck, evidence: inout [String]) -> (Bool, AffectedBy?) {
    if content.preImagePresent {
      evidence.append("the lines the fix changes (its pre-image) are there")
      return (true, .preImage)
    }
    evidence += content.evidence
    return (false, .preImage)
  }
}

/// What `LineChecker.read()` found in a line's files for one patch.
struct LineReading {
  let applied: [FileApplyCheck]
  let missing: [MissingIdentifier]
  let content: ContentCheck

  /// Where the patch lands as a whole.
  var landing: LineStatus { LineChecker.status(of: applied.flatMap(\.hunks)) }

  /// Whether the line's commits must be compared by patch-id to learn if the fix is
  /// there: not when the patch applies at its own lines (its post-image is not there, so
  /// no copy of it is in effect — one that was reverted or rewritten does not count).
  var searchesPatchID: Bool { landing != .applies }

  /// Whether the line's commits must be compared by patch-id to learn if the `Fixes:`
  /// target is there: only when its files do not show the bug (the fix's pre-image).
  var searchesTargetPatchID: Bool { !content.preImagePresent }

  /// The files with the patch applied (path → text, `nil` for a deleted file), when every
  /// hunk lands and the fix is not there already.
  var patchedTexts: [String: String?]? {
    guard !content.postImagePresent, applied.allSatisfy({ $0.adapted != nil }) else {
      return nil
    }
    var texts: [String: String?] = [:]
    for check in applied { if let file = check.adapted { texts[file.path] = check.patchedText } }
    return texts
  }
}

/// The patches of a series before the one checked, as they land on one line: the files
/// they leave (path → text, `nil` when deleted) and the identifiers their added lines bring.
struct EarlierPatches {
  var count = 0
  var texts: [String: String?] = [:]
  var provided: Set<String> = []
  var changedFiles: Set<String> = []

  /// With `reading`'s patch added (its files only when it lands).
  mutating func add(_ reading: LineReading, of context: RequestContext) {
    count += 1
    provided.formUnion(context.identifiers.added)
    guard let patched = reading.patchedTexts else { return }
    texts.merge(patched) { $1 }
    changedFiles.formUnion(context.paths)
  }
}
