import KernelTree
import PatchDiff

/// What is worked out once per request and shared by every line: the `Fixes:` target,
/// the fix's own commit where mainline has it, the patch-id, the identifiers it uses and
/// where history brings each.
final class RequestContext {
  let request: BackportRequest
  let tree: KernelRepository
  let renames: RenameTable
  /// The `Fixes:` target, when the tree has it (by id or subject).
  let target: CommitInfo?
  /// The fix as a mainline commit, found by subject.
  let fixCommit: CommitInfo?
  let patchID: PatchID?
  /// The files the patch changes, sorted (as a commit's changed paths are).
  let paths: [String]
  let identifiers: PatchIdentifiers
  let index: IdentifierIndex
  /// How much of each line's row is worked out.
  let depth: BackportDepth
  /// Folders searched for identifiers: `include/` and those of the files the patch changes.
  let scope: [String]
  /// The `Fixes:` target as the report gives it; its first release is filled in by
  /// ``fixesSummary()`` once the release index is built (alongside the line scans).
  private let fixesTarget: BackportReport.FixesTarget?
  private(set) var notes: [String] = []
  private var knownHistory: IdentifierHistory?

  init(
    request: BackportRequest, tree: KernelRepository, renames: RenameTable, depth: BackportDepth
  ) throws(KernelTreeError) {
    self.request = request
    self.tree = tree
    self.renames = renames
    self.depth = depth
    var summary: BackportReport.FixesTarget?
    var target: CommitInfo?
    if let fixes = request.fixes {
      if let resolved = try? tree.resolveFixes(id: fixes.id, subject: fixes.subject) {
        let info = try tree.commit(resolved.commit)
        target = info
        summary = .init(
          commit: info.id.hex, subject: info.subject, firstRelease: nil,
          matchedBy: resolved.matchedBy.rawValue)
      } else {
        summary = .init(
          commit: fixes.id, subject: fixes.subject, firstRelease: nil, matchedBy: "unknown")
        notes.append(
          "Fixes: \(fixes.id) is not in \(tree.path): lines are judged by the fix's pre-image")
      }
    } else if request.statedRange != nil {
      notes.append("no Fixes: trailer: lines are judged by the Cc: stable range")
    } else {
      notes.append("no Fixes: trailer and no stable range: lines are judged by the pre-image")
    }
    self.target = target
    fixesTarget = summary
    patchID = PatchID(diff: request.patch.text)
    paths = Set(request.patch.files.flatMap { [$0.oldPath, $0.newPath] })
      .subtracting(["/dev/null"]).sorted()
    var fix: ObjectID?
    if !request.subject.isEmpty {
      fix = try tree.recentCommit(withSubject: request.subject, limit: Self.subjectLimit)
    }
    if fix == nil, let patchID {
      fix = try Self.mainlineCommit(
        withPatchID: patchID, touching: paths, after: target?.id, in: tree)
    }
    fixCommit = try fix.map { id throws(KernelTreeError) in try tree.commit(id) }
    if fix == nil {
      notes.append(
        "the fix is not among the newest \(Self.subjectLimit) mainline commits by subject, nor "
          + "the newest \(Self.searchLimit) by patch-id: lines are searched for a copy of the patch"
      )
    }
    identifiers = PatchIdentifiers(request.patch)
    let folders = request.patch.files.map { file in
      file.path.split(separator: "/").dropLast().joined(separator: "/") + "/"
    }
    scope = Array(Set(["include/"] + folders.filter { $0 != "/" })).sorted()
    let used = identifiers.uses.map(\.name)
    let older = used.compactMap { renames.older[$0] }.filter { !used.contains($0) }
    index = IdentifierIndex(names: used + Array(Set(older)).sorted())
    if depth == .affected {
      notes.append(
        "which lines have the bug and the fix only: what the patch needs on each line, "
          + "libgit2's apply and the analysis there were not worked out")
    }
  }

  /// Where history brings the identifiers the patch uses; made when first asked (its scan of
  /// mainline's head is not needed by a check of which lines are affected).
  func history() throws(KernelTreeError) -> IdentifierHistory {
    if let knownHistory { return knownHistory }
    let made = try IdentifierHistory(tree: tree, scope: scope, index: index)
    knownHistory = made
    return made
  }

  /// The `Fixes:` target with its first release.
  func fixesSummary() throws(KernelTreeError) -> BackportReport.FixesTarget? {
    guard let fixesTarget, let target else { return fixesTarget }
    return .init(
      commit: fixesTarget.commit, subject: fixesTarget.subject,
      firstRelease: try tree.firstRelease(containing: target.id)?.tag,
      matchedBy: fixesTarget.matchedBy)
  }

  /// Where `commit` is on every stable line, asked of all lines at once (the line scans
  /// side by side on all cores, the release index alongside); copies are compared by
  /// patch-id only on `patchLines`.
  func presences(of commit: CommitInfo, comparingPatchesOn patchLines: Set<String>)
    throws(KernelTreeError) -> [String: LinePresence]
  {
    var answers: [String: LinePresence] = [:]
    for answer in try tree.containment(of: commit.id.hex, comparingPatchesOn: patchLines).lines {
      answers[answer.line.name] = answer
    }
    return answers
  }

  /// The newest mainline commit (of the last ``searchLimit``, after `target`) with this
  /// patch-id: the fix itself when the mail's subject was lost.
  static func mainlineCommit(
    withPatchID patchID: PatchID, touching paths: [String], after target: ObjectID?,
    in tree: KernelRepository
  ) throws(KernelTreeError) -> ObjectID? {
    let commits = try tree.commits(from: try tree.mainlineHead(), hiding: target.map { [$0] } ?? [])
    // Only commits that change exactly the patch's files are diffed.
    for id in commits.prefix(searchLimit) where try tree.changedPaths(of: id) == paths {
      if try tree.patchID(of: id) == patchID { return id }
    }
    return nil
  }

  /// How many mainline commits the subject search reads at most (a fix being backported is
  /// recent), and how many the patch-id search diffs.
  static let subjectLimit = 20000
  static let searchLimit = 2000
}
