import CLibGit2
import Foundation

/// Finding a mainline commit's copies on stable lines, and resolving `Fixes:`.
extension KernelRepository {
  /// Where a commit is: the first release, and for each stable line whether it is there
  /// and as which commit.
  ///
  /// `what` is a commit-ish (`1afaeb8293c9`, `v6.15~3`) or a commit subject.
  /// `comparingPatchesOn` names the lines where a copy is also looked for by patch-id (all
  /// with `nil`); the other lines are asked by ancestry, upstream line and subject only —
  /// for a caller that has already decided those lines by content.
  public func containment(of what: String, comparingPatchesOn patchLines: Set<String>? = nil)
    throws(KernelTreeError) -> Containment
  {
    let id = try commitID(forRevisionOrSubject: what)
    let info = try commit(id)
    // builds the release index alongside the scans
    let lines = try presences(of: info, comparingPatchesOn: patchLines)
    return Containment(commit: info, firstRelease: try firstRelease(containing: id), lines: lines)
  }

  /// `presence(of:on:)` for every stable line. The release index and the line scans
  /// are gathered first, side by side; then the lines are shared out over one libgit2
  /// handle per core (each handle keeps its own cache of the trees lines share).
  func presences(of info: CommitInfo, comparingPatchesOn patchLines: Set<String>? = nil)
    throws(KernelTreeError) -> [LinePresence]
  {
    let lines = try stableLines()
    try gatherIndexAndScans(for: lines)
    let (index, scans) = (try releaseIndex(), self.scans)
    let answers = try inParallel(lines) { repository, line throws(KernelTreeError) in
      repository.mainline = index
      repository.scans = scans
      let patchID = patchLines?.contains(line.name) ?? true
      let presence = try repository.presence(of: info, on: line, comparingPatches: patchID)
      return (presence, repository.scans[line.tip])
    }
    // Keep what the workers learnt (files, patch-ids), so a next question in this process
    // neither computes it again nor saves an older scan over it.
    for case (_, let scan?) in answers { self.scans[scan.tip] = scan }
    return answers.map(\.0)
  }

  /// Builds whatever of the release index and the line scans is not cached yet, side by
  /// side on all cores: each line scan and each release's walk of the index is one job,
  /// the longest (the line scans) handed out first.
  func gatherIndexAndScans(for lines: [StableLine]) throws(KernelTreeError) {
    let missing = lines.filter { line in
      if scans[line.tip] != nil { return false }
      guard let stored = store.load(tip: line.tip) else { return true }
      scans[line.tip] = stored
      return false
    }
    let releases = try releases()
    var pieces: [ReleaseIndex.Piece] = []
    if try !hasReleaseIndex() {
      // From the commit-graph in one pass, else one walk per release beside the scans.
      if let built = try graphReleaseIndex(releases: releases) {
        _ = keep(built, key: ReleaseIndex.key(releases: releases, tip: try mainlineTip()))
      } else {
        pieces = ReleaseIndex.pieces(releases: releases.count)
      }
    }
    enum Work: Sendable {
      case index(ReleaseIndex.Piece)
      case scan(StableLine)
    }
    enum Outcome: Sendable {
      case index(ReleaseIndex.Part)
      case scan(LineScan)
    }
    let work = missing.map(Work.scan) + pieces.map(Work.index)
    guard !work.isEmpty else { return }
    let outcomes = try inParallel(work) { repository, item throws(KernelTreeError) -> Outcome in
      switch item {
      case .index(let piece): return .index(try repository.indexPart(piece, releases: releases))
      case .scan(let line): return .scan(try repository.lineScan(line))
      }
    }
    var parts: [ReleaseIndex.Part] = []
    for outcome in outcomes {
      switch outcome {
      case .index(let part): parts.append(part)
      case .scan(var scan):
        scan.isDirty = false  // the worker saved it
        scans[scan.tip] = scan
      }
    }
    if !pieces.isEmpty {
      let key = ReleaseIndex.key(releases: releases, tip: try mainlineTip())
      _ = keep(ReleaseIndex(releases: releases, parts: parts), key: key)
    }
  }

  /// Runs `body` for every item, spread over one repository handle per core: this one and
  /// one more per other core. The extra handles are kept for the next call (their caches
  /// hold what the last question read, and are not freed and rebuilt per question).
  /// The workers share this handle's releases (read once here) and commit-graph.
  private func inParallel<Item: Sendable, Value: Sendable>(
    _ items: [Item],
    _ body: @escaping @Sendable (KernelRepository, Item) throws(KernelTreeError) -> Value
  ) throws(KernelTreeError) -> [Value] {
    let releases = try self.releases()
    let fixed = fixedReleases
    defer { fixedReleases = fixed }
    return try onAllCores(items, releases: releases, body)
  }

  /// Whether `line` has `commit`: by ancestry, else by a line commit naming it as
  /// upstream, else by equal patch-id (unless `comparingPatches` is `false`: it diffs
  /// every line commit that touches the same files), else by equal subject.
  public func presence(of commit: CommitInfo, on line: StableLine, comparingPatches: Bool = true)
    throws(KernelTreeError) -> LinePresence
  {
    var scan = try lineScan(line)
    defer { remember(scan) }
    if try lineHasAncestor(commit.id, line: line, scan: scan) {
      return LinePresence(line: line, copy: commit.id, matchedBy: .ancestry)
    }
    if let pick = scan.pickNaming(commit.id) {
      return LinePresence(line: line, copy: pick.id, matchedBy: .upstreamLine)
    }
    if comparingPatches, let pick = try pickWithSamePatch(as: commit.id, in: &scan) {
      return LinePresence(line: line, copy: pick, matchedBy: .patchID)
    }
    if let pick = scan.entries.first(where: { $0.subject == commit.subject }) {
      return LinePresence(line: line, copy: pick.id, matchedBy: .subject)
    }
    return LinePresence(line: line, copy: nil, matchedBy: nil)
  }

  /// Resolves `Fixes: <id> ("<subject>")`: by id where the tree has it, else by subject.
  public func resolveFixes(id: String, subject: String?) throws(KernelTreeError)
    -> FixesResolution
  {
    if let found = try? resolve(id + "^{commit}") {
      let actual = try commit(found).subject
      let mismatch = subject.flatMap { $0 == actual ? nil : actual }
      return FixesResolution(commit: found, matchedBy: .id, subjectMismatch: mismatch)
    }
    guard let subject, let found = try commit(withSubject: subject) else {
      throw .unknownRevision(id, repository: path, reason: "no such commit, and no subject match")
    }
    return FixesResolution(commit: found, matchedBy: .subject, subjectMismatch: nil)
  }

  /// The newest commit on mainline history whose subject is exactly `subject`.
  public func commit(withSubject subject: String) throws(KernelTreeError) -> ObjectID? {
    let tip = try mainlineTip()
    return try read("history of \(tip.short)") { () throws(GitError) -> ObjectID? in
      let walk = try RevWalk(repository)
      try walk.push(tip)
      while let id = walk.next() {
        let message = try repository.commit(id).message
        if CommitInfo.subject(of: message) == subject { return id }
      }
      return nil
    }
  }

  /// A commit as people paste it: a revision (a stable commit standing for the upstream
  /// commit its `commit <sha> upstream.` line names), `sha ("subject")` (the subject when
  /// the repository lacks the id), or a subject, searched on mainline history and then on
  /// the stable lines' own commits.
  func commitID(forRevisionOrSubject what: String) throws(KernelTreeError) -> ObjectID {
    let (revision, subject) = Self.pasted(what)
    if let id = try? resolve(revision) { return try upstream(of: id) }
    let wanted = subject ?? what
    if let id = try commit(withSubject: wanted) { return id }
    if let id = try stableCommit(withSubject: wanted) { return try upstream(of: id) }
    if subject == nil, what.allSatisfy(\.isHexDigit) || !what.contains(" ") {
      _ = try resolve(what)  // rethrows the precise unknown-revision error
    }
    throw .noCommitWithSubject(wanted, repository: path)
  }

  /// `1afaeb8293c9 ("mm/migrate: Trylock …")` as the id and the subject; anything else as
  /// it is, with no subject.
  static func pasted(_ what: String) -> (revision: String, subject: String?) {
    let text = what.trimmingCharacters(in: .whitespaces)
    guard let open = text.firstIndex(of: "("), text.hasSuffix(")") else { return (text, nil) }
    let id = text[..<open].trimmingCharacters(in: .whitespaces)
    guard (7...40).contains(id.count), id.allSatisfy(\.isHexDigit) else { return (text, nil) }
    var subject = text[text.index(after: open)..<text.index(before: text.endIndex)]
      .trimmingCharacters(in: .whitespaces)
    if subject.count >= 2, subject.hasPrefix("\""), subject.hasSuffix("\"") {
      subject = String(subject.dropFirst().dropLast())
    }
    return (id, subject)
  }

  /// The upstream commit a stable commit names, when the repository has it; else `id`.
  func upstream(of id: ObjectID) throws(KernelTreeError) -> ObjectID {
    guard let reference = UpstreamReference.find(in: try commit(id).body),
      let upstream = try? resolve(reference + "^{commit}")
    else { return id }
    return upstream
  }

  /// The newest commit of a stable line's own history whose subject is exactly `subject`.
  func stableCommit(withSubject subject: String) throws(KernelTreeError) -> ObjectID? {
    let lines = try stableLines()
    try gatherIndexAndScans(for: lines)
    for line in lines.reversed() {
      if let entry = scans[line.tip]?.entries.first(where: { $0.subject == subject }) {
        return entry.id
      }
    }
    return nil
  }

  /// Whether `id` is in the line's history: in the release it started from (read off
  /// the release index), or one of the line's own commits; libgit2 decides the rest.
  func lineHasAncestor(_ id: ObjectID, line: StableLine, scan: LineScan) throws(KernelTreeError)
    -> Bool
  {
    if scan.entries.contains(where: { $0.id == id }) { return true }
    let index = try releaseIndex()
    let base = index.releases.firstIndex { $0.version == line.series }
    switch index.standing(of: id) {
    case .released(let number)? where base != nil && index.isLinear:
      return number <= base!
    case .unreleased? where base != nil:
      return false
    default:
      return try isAncestor(id, of: line.tip)
    }
  }

  /// The files a commit changes and its patch-id, computed once per handle.
  func fingerprint(of id: ObjectID) throws(KernelTreeError) -> (paths: [String], patchID: PatchID?)
  {
    if let known = fingerprints[id] { return known }
    let paths = try touchedPaths(of: id)
    let known = (paths: paths, patchID: try patchID(of: id, touching: paths))
    fingerprints[id] = known
    return known
  }

  /// The files a commit changes against its first parent, without computing a diff.
  func touchedPaths(of id: ObjectID) throws(KernelTreeError) -> [String] {
    try read("files of \(id.short)") { () throws(GitError) in
      let commit = try repository.commit(id)
      let parent = try commit.parentIDs.first.map { id throws(GitError) in
        try repository.commit(id).tree()
      }
      return try commit.tree().changedPaths(since: parent)
    }
  }

  // MARK: Line scans

  /// The commits `line` has beyond its mainline base, with their upstream references.
  func lineScan(_ line: StableLine) throws(KernelTreeError) -> LineScan {
    if let cached = scans[line.tip] { return cached }
    if let stored = store.load(tip: line.tip) {
      scans[line.tip] = stored
      return stored
    }
    let base = try? resolve("refs/tags/v\(line.series.major).\(line.series.minor)")
    let scan = try read("history of \(line.name)") { () throws(GitError) -> LineScan in
      if let base, let entries = try chain(of: line, downTo: base) {
        return LineScan(tip: line.tip, entries: entries, isDirty: true)
      }
      let walk = try RevWalk(repository)
      try walk.push(line.tip)
      if let base { try walk.hide(base) }
      var entries: [LineScan.Entry] = []
      while let id = walk.next() {
        if entries.count % 1000 == 999 {
          progress?("scanning \(line.name): \(entries.count + 1) commits")
        }
        let message = try repository.commit(id).message
        entries.append(
          LineScan.Entry(
            id: id, subject: CommitInfo.subject(of: message),
            upstream: UpstreamReference.find(in: message)))
      }
      return LineScan(tip: line.tip, entries: entries, isDirty: true)
    }
    remember(scan)
    return scan
  }

  /// A line's commits, newest first, when its history down to `base` is one chain of
  /// single-parent commits (as a stable line forked from its release is): each commit is
  /// read once, without setting up a walk. `nil` — the caller walks — at a merge, a root,
  /// or a commit older than `base` (the chain went past where the line forked).
  private func chain(of line: StableLine, downTo base: ObjectID) throws(GitError)
    -> [LineScan.Entry]?
  {
    let since = git_commit_time(try repository.commit(base).handle)
    var entries: [LineScan.Entry] = []
    var id = line.tip
    while id != base {
      let commit = try repository.commit(id)
      guard git_commit_parentcount(commit.handle) == 1, git_commit_time(commit.handle) >= since
      else { return nil }
      if entries.count % 1000 == 999 {
        progress?("scanning \(line.name): \(entries.count + 1) commits")
      }
      let message = commit.message
      entries.append(
        LineScan.Entry(
          id: id, subject: CommitInfo.subject(of: message),
          upstream: UpstreamReference.find(in: message)))
      id = ObjectID(git_commit_parent_id(commit.handle, 0).pointee)
    }
    return entries
  }

  /// Keeps a scan in memory and writes it to the store when it gained something.
  func remember(_ scan: LineScan) {
    var scan = scan
    if scan.isDirty {
      store.save(scan)
      scan.isDirty = false
    }
    scans[scan.tip] = scan
  }

  /// The line commit with the same patch-id as `upstream`. Only commits touching the
  /// same files are diffed; their patch-ids are kept in the scan for next time.
  func pickWithSamePatch(as upstream: ObjectID, in scan: inout LineScan) throws(KernelTreeError)
    -> ObjectID?
  {
    let (paths, wanted) = try fingerprint(of: upstream)
    guard let wanted else { return nil }
    for index in scan.entries.indices {
      if index % 1000 == 999 {
        progress?("comparing patches on \(scan.tip.short): \(index + 1) commits")
      }
      if scan.entries[index].paths == nil {
        scan.entries[index].paths = try touchedPaths(of: scan.entries[index].id)
        scan.isDirty = true
      }
      guard scan.entries[index].paths == paths else { continue }
      if scan.entries[index].patchID == nil {
        scan.entries[index].patchID = try patchID(of: scan.entries[index].id, touching: paths)
        scan.isDirty = true
      }
      if scan.entries[index].patchID == wanted { return scan.entries[index].id }
    }
    return nil
  }
}
