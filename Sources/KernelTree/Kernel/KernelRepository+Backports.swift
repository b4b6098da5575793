/// Finding a mainline commit's copies on stable lines, and resolving `Fixes:`.
extension KernelRepository {
  /// Where a commit is: the first release, and for each stable line whether it is there
  /// and as which commit.
  ///
  /// `what` is a commit-ish (`1afaeb8293c9`, `v6.15~3`) or a commit subject.
  public func containment(of what: String) throws(KernelTreeError) -> Containment {
    let id = try commitID(forRevisionOrSubject: what)
    let info = try commit(id)
    let lines = try stableLines().map { line throws(KernelTreeError) in
      try presence(of: info, on: line)
    }
    return Containment(commit: info, firstRelease: try firstRelease(containing: id), lines: lines)
  }

  /// Whether `line` has `commit`: by ancestry, else by a line commit naming it as
  /// upstream, else by equal patch-id, else by equal subject.
  public func presence(of commit: CommitInfo, on line: StableLine) throws(KernelTreeError)
    -> LinePresence
  {
    if try isAncestor(commit.id, of: line.tip) {
      return LinePresence(line: line, copy: commit.id, matchedBy: .ancestry)
    }
    var scan = try lineScan(line)
    defer { remember(scan) }
    if let pick = scan.pickNaming(commit.id) {
      return LinePresence(line: line, copy: pick.id, matchedBy: .upstreamLine)
    }
    if let pick = try pickWithSamePatch(as: commit.id, in: &scan) {
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
        if CommitInfo.split(message).subject == subject { return id }
      }
      return nil
    }
  }

  /// A revision if it resolves, else a subject searched on mainline history.
  func commitID(forRevisionOrSubject what: String) throws(KernelTreeError) -> ObjectID {
    if let id = try? resolve(what) { return id }
    if let id = try commit(withSubject: what) { return id }
    if what.allSatisfy(\.isHexDigit) || !what.contains(" ") {
      _ = try resolve(what)  // rethrows the precise unknown-revision error
    }
    throw .noCommitWithSubject(what, repository: path)
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
      let walk = try RevWalk(repository)
      try walk.push(line.tip)
      if let base { try walk.hide(base) }
      var entries: [LineScan.Entry] = []
      while let id = walk.next() {
        let message = try repository.commit(id).message
        entries.append(
          LineScan.Entry(
            id: id, subject: CommitInfo.split(message).subject,
            upstream: UpstreamReference.find(in: message)))
      }
      return LineScan(tip: line.tip, entries: entries, isDirty: true)
    }
    remember(scan)
    return scan
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
    let (paths, wanted) = try read("diff of \(upstream.short)") {
      () throws(GitError) -> ([String], PatchID?) in
      let diff = try Diff(commit: try repository.commit(upstream))
      return (diff.paths, PatchID(diff: try diff.patchText()))
    }
    guard let wanted else { return nil }
    for index in scan.entries.indices {
      var entry = scan.entries[index]
      if entry.paths == nil {
        entry.paths = try read("diff of \(entry.id.short)") { () throws(GitError) in
          try Diff(commit: try repository.commit(entry.id)).paths
        }
        scan.isDirty = true
      }
      if entry.paths == paths && entry.patchID == nil {
        entry.patchID = try patchID(of: entry.id)
        scan.isDirty = true
      }
      scan.entries[index] = entry
      if entry.patchID == wanted { return entry.id }
    }
    return nil
  }
}
