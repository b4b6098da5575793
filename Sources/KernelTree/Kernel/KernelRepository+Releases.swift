import CLibGit2

/// Mainline releases, stable lines and "which release first has this commit".
extension KernelRepository {
  /// Mainline release tags (`vX.Y`, `vX.Y-rcN`) ordered by version, oldest first.
  public func releases() throws(KernelTreeError) -> [Release] {
    if let fixedReleases { return fixedReleases }
    return try versionTags().filter(\.version.isMainline)
  }

  /// The stable lines, oldest series first: `linux-X.Y.y` branches, or where no such
  /// branch exists, the `vX.Y.Z` tags grouped by `X.Y` (tip: the highest tag).
  public func stableLines() throws(KernelTreeError) -> [StableLine] {
    let tags = try versionTags()
    let stableTags = Dictionary(grouping: tags.filter { !$0.version.isMainline }) {
      $0.version.series
    }
    var lines: [String: StableLine] = [:]
    for branch in try branches(matching: "linux-*.y") {
      let name = String(branch.split(separator: "/").last ?? Substring(branch))
      guard lines[name] == nil, let series = StableLine.series(ofBranch: name) else { continue }
      let reference = branch.contains("/") ? "refs/remotes/\(branch)" : "refs/heads/\(branch)"
      let tip = try resolve(reference)
      let newest = stableTags[series.series]?.max { $0.version < $1.version }
      lines[name] = StableLine(
        name: name, series: series, reference: reference, tip: tip, newestTag: newest?.tag)
    }
    for (series, group) in stableTags {
      let name = "linux-\(series).y"
      guard lines[name] == nil, let newest = group.max(by: { $0.version < $1.version }) else {
        continue
      }
      lines[name] = StableLine(
        name: name,
        series: KernelVersion(major: newest.version.major, minor: newest.version.minor),
        reference: "refs/tags/\(newest.tag)", tip: newest.commit, newestTag: newest.tag)
    }
    return lines.values.sorted { $0.series < $1.series }
  }

  /// The first mainline release containing `commit` (what `git tag --contains` answers,
  /// lowest version wins), or `nil` when no release has it yet.
  public func firstRelease(containing commit: ObjectID) throws(KernelTreeError) -> Release? {
    let index = try releaseIndex()
    guard case .released(let number) = index.standing(of: commit) else { return nil }
    return index.releases[number]
  }

  /// Whether the release index is in memory or in the cache folder (loading it if so).
  func hasReleaseIndex() throws(KernelTreeError) -> Bool {
    let releases = try releases()
    if let mainline, mainline.releases == releases { return true }
    let key = ReleaseIndex.key(releases: releases, tip: try mainlineTip())
    mainline = store.loadReleaseIndex(key: key, releases: releases)
    return mainline != nil
  }

  /// The release index for the current releases and mainline tip: from memory, from the
  /// cache folder, or built by walking history once (piece by piece on this handle;
  /// ``gatherIndexAndScans(for:)`` builds it on all cores).
  func releaseIndex() throws(KernelTreeError) -> ReleaseIndex {
    let releases = try releases()
    if let mainline, mainline.releases == releases { return mainline }
    let key = ReleaseIndex.key(releases: releases, tip: try mainlineTip())
    if let stored = store.loadReleaseIndex(key: key, releases: releases) {
      mainline = stored
      return stored
    }
    if let built = try graphReleaseIndex(releases: releases) { return keep(built, key: key) }
    var parts: [ReleaseIndex.Part] = []
    for piece in ReleaseIndex.pieces(releases: releases.count) {
      parts.append(try indexPart(piece, releases: releases))
    }
    return keep(ReleaseIndex(releases: releases, parts: parts), key: key)
  }

  /// Keeps a newly built index in memory and in the cache folder.
  func keep(_ index: ReleaseIndex, key: String) -> ReleaseIndex {
    store.saveReleaseIndex(index, key: key)
    mainline = index
    return index
  }

  /// One piece of the release index, walked on this handle.
  func indexPart(_ piece: ReleaseIndex.Piece, releases: [Release]) throws(KernelTreeError)
    -> ReleaseIndex.Part
  {
    let tip = try mainlineTip()
    return try read("mainline history") { () throws(GitError) -> ReleaseIndex.Part in
      var records: [ReleaseIndex.Record] = []
      guard case .release(let number) = piece else {
        try walk(from: tip, hiding: releases.map(\.commit)) {
          records.append(ReleaseIndex.Record($0, mark: ReleaseIndex.unreleasedMark))
        }
        return ReleaseIndex.Part(records: records, followsPrevious: true)
      }
      let release = releases[number]
      progress?("indexing mainline history: \(release.tag)")
      try walk(from: release.commit, hiding: releases[..<number].map(\.commit)) {
        records.append(ReleaseIndex.Record($0, mark: UInt16(number)))
      }
      // Asked now, while the commits between the two are in this handle's cache.
      var follows = true
      if number > 0 {
        follows = try repository.isAncestor(releases[number - 1].commit, of: release.commit)
      }
      return ReleaseIndex.Part(records: records, followsPrevious: follows)
    }
  }

  /// `git rev-list TIP ^HIDDEN…`, unordered, handing each raw id to `visit`.
  private func walk(
    from tip: ObjectID, hiding hidden: [ObjectID], _ visit: (git_oid) -> Void
  ) throws(GitError) {
    guard !hidden.contains(tip) else { return }
    let walk = try RevWalk(repository, ordered: false)
    try walk.push(tip)
    for id in hidden { try walk.hide(id) }
    while let raw = walk.nextRaw() { visit(raw) }
  }

  /// Every `vX.Y[.Z][-rcN]` tag, peeled to its commit, ordered by version. A tag that
  /// names no commit (Linus's `v2.6.11` tags a tree) is left out and listed in
  /// ``skippedTags``; a tag that cannot be read at all is a corrupt repository.
  func versionTags() throws(KernelTreeError) -> [Release] {
    var releases: [Release] = []
    for tag in try tags(matching: "v*") {
      guard let version = KernelVersion(tag) else { continue }
      guard let commit = try peeledTag(tag) else { continue }
      releases.append(Release(tag: tag, version: version, commit: commit))
    }
    return releases.sorted { $0.version < $1.version }
  }

  /// The commit a tag names, or `nil` (noted once in ``skippedTags``) when it names a tree
  /// or a blob.
  private func peeledTag(_ tag: String) throws(KernelTreeError) -> ObjectID? {
    // Peeled once per object the tag points at: release questions read the tags often,
    // and a moved tag points at another object.
    let target = repository.referenceTarget("refs/tags/" + tag)
    if let target, let known = peeledTags[target] { return known }
    do {
      let peeled = try repository.resolve("refs/tags/" + tag)
      if let target { peeledTags[target] = peeled }
      return peeled
    } catch {
      if error.isPeelFailure {
        if !skippedTags.contains(where: { $0.tag == tag }) {
          skippedTags.append(SkippedTag(tag: tag, reason: error.message))
        }
        return nil
      }
      if error.isNotFound && !error.isCorruption {
        throw .unknownRevision("refs/tags/" + tag, repository: path, reason: error.message)
      }
      throw .corruptRepository(path: path, what: "tag \(tag)", reason: error.message)
    }
  }

  /// The commit mainline history is read from: `master`, `main`, else `HEAD`.
  func mainlineTip() throws(KernelTreeError) -> ObjectID {
    for candidate in ["refs/heads/master", "refs/heads/main", "refs/remotes/origin/master"] {
      if let id = try? resolve(candidate) { return id }
    }
    return try resolve("HEAD")
  }
}

extension StableLine {
  /// `v6.12` for `linux-6.12.y`; `nil` for other names.
  static func series(ofBranch name: String) -> KernelVersion? {
    guard name.hasPrefix("linux-"), name.hasSuffix(".y") else { return nil }
    return KernelVersion("v" + name.dropFirst("linux-".count).dropLast(2))
  }
}

/// A tag left out of the releases because it does not name a commit.
public struct SkippedTag: Hashable, Sendable, CustomStringConvertible {
  public let tag: String
  /// libgit2's words: `the git_object of id '…' can not be successfully peeled into a commit`.
  public let reason: String

  public var description: String { "tag \(tag) skipped: it does not name a commit (\(reason))" }
}
