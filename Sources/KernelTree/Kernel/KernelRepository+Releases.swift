/// Mainline releases, stable lines and "which release first has this commit".
extension KernelRepository {
  /// Mainline release tags (`vX.Y`, `vX.Y-rcN`) ordered by version, oldest first.
  public func releases() throws(KernelTreeError) -> [Release] {
    try versionTags().filter(\.version.isMainline)
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
  ///
  /// Mainline releases lie on one history, so containment only grows with the version:
  /// a binary search needs a handful of ancestry checks, not one per tag.
  public func firstRelease(containing commit: ObjectID) throws(KernelTreeError) -> Release? {
    let releases = try releases()
    var low = 0
    var high = releases.count
    while low < high {
      let middle = (low + high) / 2
      if try isAncestor(commit, of: releases[middle].commit) {
        high = middle
      } else {
        low = middle + 1
      }
    }
    guard low < releases.count else { return nil }
    // Verify: a release off the main history (a tag on a side branch) breaks monotony.
    if try isAncestor(commit, of: releases[low].commit) {
      if low == 0 { return releases[low] }
      if try !isAncestor(commit, of: releases[low - 1].commit) { return releases[low] }
    }
    for release in releases where try isAncestor(commit, of: release.commit) {
      return release
    }
    return nil
  }

  /// Every `vX.Y[.Z][-rcN]` tag, peeled to its commit, ordered by version.
  func versionTags() throws(KernelTreeError) -> [Release] {
    var releases: [Release] = []
    for tag in try tags(matching: "v*") {
      guard let version = KernelVersion(tag) else { continue }
      releases.append(Release(tag: tag, version: version, commit: try resolve("refs/tags/" + tag)))
    }
    return releases.sorted { $0.version < $1.version }
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
