import KernelTree
import LockAnalysis
import PatchDiff

/// One stable line's row: reads the patched files at the line's tip, applies the hunks in
/// memory, decides affected and already-applied, lists what is missing, and analyzes
/// the patch as it would go in.
struct LineChecker {
  let context: RequestContext
  let line: StableLine
  let table: PrimitiveTable

  var tree: KernelRepository { context.tree }
  var patch: Patch { context.request.patch }

  func report() throws(KernelTreeError) -> LineReport {
    var texts: [String: String] = [:]
    for file in patch.files {
      let path = file.isNew ? file.newPath : file.oldPath
      if let text = try tree.file(at: line.tip.hex, path: path)?.text { texts[path] = text }
    }
    let applied = patch.files.map { file in
      FileApplyCheck(file, text: texts[file.isNew ? file.newPath : file.oldPath])
    }
    let missing = try needs()
    var respellings: [String: String] = [:]
    for item in missing { if let old = item.renamedFrom { respellings[item.identifier] = old } }
    let content = ContentCheck(
      patch: patch, files: texts.mapValues(FileLines.init), renames: respellings)
    var evidence: [String] = []
    let already = try alreadyApplied(content: content, evidence: &evidence)
    let (affected, affectedBy) = try affected(content: content, evidence: &evidence)
    let hunks = applied.flatMap(\.hunks)
    let libgit2Applies = try tree.applies(diff: patch.text, paths: context.paths, to: line.tip)
    let status: LineStatus =
      already
      ? .alreadyApplied
      : !affected ? .notAffected : Self.status(of: hunks)
    if let libgit2Applies, libgit2Applies != (Self.status(of: hunks) == .applies) {
      evidence.append(
        "libgit2's apply \(libgit2Applies ? "takes" : "refuses") the patch at its own lines")
    }
    var findings: [Finding] = []
    var builds: Bool?
    var notes: [String] = []
    let adapted = applied.compactMap(\.adapted)
    if adapted.count == applied.count, !already {
      let analysis = Analyzer(
        table: table, tree: GitSourceTree(repository: tree, revision: line.tip.hex)
      )
      .analyze(Patch(files: adapted))
      findings = analysis.findings
      notes = analysis.notes
      builds = !findings.contains { $0.rule == .stubGap }
    }
    return LineReport(
      line: line.name, tip: line.tip.hex, affected: affected, affectedBy: affectedBy,
      status: status, evidence: evidence, hunks: hunks, libgit2Applies: libgit2Applies,
      missing: missing,
      findings: findings,
      builds: builds, notes: notes)
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

  /// The fix or a copy of it on the line (upstream line, patch-id, subject), or its
  /// post-image in the files.
  func alreadyApplied(content: ContentCheck, evidence: inout [String]) throws(KernelTreeError)
    -> Bool
  {
    let presence =
      if let fix = context.fixCommit {
        try context.presence(of: fix, on: line)
      } else {
        try tree.presence(
          subject: context.request.subject, patchID: context.patchID, touching: context.paths,
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
    if content.postImagePresent {
      evidence.append("the lines the fix adds (its post-image) are already there")
      return true
    }
    return false
  }

  /// Whether the line has the bug, and how that was decided.
  func affected(content: ContentCheck, evidence: inout [String]) throws(KernelTreeError)
    -> (Bool, AffectedBy?)
  {
    if let target = context.target {
      let presence = try context.presence(of: target, on: line)
      if let copy = presence.copy, let method = presence.matchedBy {
        evidence.append(
          method == .ancestry
            ? "Fixes: target \(target.id.short) is in the line's history"
            : "Fixes: target \(target.id.short) is there as \(copy.short) (\(method.rawValue))")
        return (true, .fixesTarget)
      }
      evidence.append("Fixes: target \(target.id.short) is not in the line")
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
