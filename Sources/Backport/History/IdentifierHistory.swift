import CSyntax
import KernelTree

/// Where an identifier comes from in history: the mainline commit whose diff first adds
/// it (found by the first release that has it, then the commits before that release that
/// change the file it is in), and the older spelling that commit replaced, if it renamed.
///
/// ```swift
/// let origin = try history.origin(of: "softleaf_t")
/// origin?.commit.subject   // "mm: introduce softleaf_t for non-present page table entries"
/// origin?.renamedFrom      // "swp_entry_t"
/// ```
final class IdentifierHistory {
  struct Origin: Sendable {
    /// `nil` when history has no commit that adds it (only releases were imported).
    let commit: CommitInfo?
    let release: String?
    let renamedFrom: String?
  }

  let tree: KernelRepository
  let scope: [String]
  private var origins: [String: Origin?] = [:]
  private var headFiles: [String: [String]]?
  private var blobHas: [String: [ObjectID: Bool]] = [:]
  private var tagsInOrder: [String]?
  private var tagNames: [String: Set<String>] = [:]
  private let head: ObjectID
  private let releases: [Release]

  /// `index` is the one the lines are searched with, so files they share with mainline's
  /// head are read once.
  init(tree: KernelRepository, scope: [String], index: IdentifierIndex) throws(KernelTreeError) {
    self.tree = tree
    self.scope = scope
    head = try tree.mainlineHead()
    releases = try tree.releases()
    headFiles = try index.search(tree, at: head, under: scope)
  }

  /// The introducing commit of `name` on mainline, else the first release or point release
  /// that has it; `nil` when no release has it.
  func origin(of name: String, index: IdentifierIndex) throws(KernelTreeError) -> Origin? {
    if let known = origins[name] { return known }
    var found = try findOrigin(of: name)
    if found == nil, let tag = try firstTag(with: name, index: index) {
      found = Origin(commit: nil, release: tag, renamedFrom: nil)
    }
    origins[name] = found
    return found
  }

  /// The lowest-versioned `vX.Y[.Z]` tag whose tree (in the searched folders) has `name`.
  /// Point releases share most files, so the index reads few blobs per tag.
  private func firstTag(with name: String, index: IdentifierIndex) throws(KernelTreeError)
    -> String?
  {
    if tagsInOrder == nil {
      tagsInOrder = try tree.tags(matching: "v*").compactMap { tag in
        KernelVersion(tag).map { (tag, $0) }
      }.sorted { $0.1 < $1.1 }.map(\.0)
    }
    for tag in tagsInOrder ?? [] {
      if tagNames[tag] == nil {
        let commit = try tree.resolve("refs/tags/" + tag)
        tagNames[tag] = Set(try index.search(tree, at: commit, under: scope).keys)
      }
      if tagNames[tag]?.contains(name) == true { return tag }
    }
    return nil
  }

  private func findOrigin(of name: String) throws(KernelTreeError) -> Origin? {
    // Without mainline releases (a repository of stable point releases only) there is no
    // mainline history to search: the first point release with it answers.
    guard !releases.isEmpty, let paths = headFiles?[name], !paths.isEmpty else { return nil }
    func has(_ commit: ObjectID) throws(KernelTreeError) -> Bool {
      for path in paths {
        guard let blob = try tree.blobID(at: commit, path: path) else { continue }
        if let known = blobHas[name]?[blob] {
          if known { return true }
          continue
        }
        let answer = IdentifierIndex.contains(try tree.blobBytes(blob), name)
        blobHas[name, default: [:]][blob] = answer
        if answer { return true }
      }
      return false
    }
    // The first release with it (releases only gain identifiers: binary search).
    var low = 0
    var high = releases.count
    while low < high {
      let middle = (low + high) / 2
      if try has(releases[middle].commit) { high = middle } else { low = middle + 1 }
    }
    let upper = low < releases.count ? releases[low].commit : head
    let lower = low > 0 ? [releases[low - 1].commit] : []
    var introducing: ObjectID?
    for commit in try tree.commits(from: upper, hiding: lower) {
      guard let parent = try tree.commit(commit).parents.first else {
        if try has(commit) { introducing = commit }
        continue
      }
      if try has(commit), !(try has(parent)) { introducing = commit }
    }
    guard let introducing else { return nil }
    let info = try tree.commit(introducing)
    let diff = try tree.diffText(of: introducing)
    return Origin(
      commit: info, release: try tree.firstRelease(containing: introducing)?.tag,
      renamedFrom: Self.renamedFrom(name, in: diff))
  }

  /// The identifier that `name` replaced most often in a diff: a removed line and an
  /// added line of one hunk whose tokens differ only where the added one has `name`.
  static func renamedFrom(_ name: String, in diff: String) -> String? {
    var votes: [String: Int] = [:]
    var removed: [[Token]] = []
    for line in diff.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("@@") || line.hasPrefix("diff ") {
        removed = []
      } else if line.hasPrefix("-"), !line.hasPrefix("---") {
        removed.append(Lexer.tokens(of: String(line.dropFirst())))
      } else if line.hasPrefix("+"), !line.hasPrefix("+++"), line.contains(name) {
        let added = Lexer.tokens(of: String(line.dropFirst()))
        for old in removed where old.count == added.count {
          var candidate: String?
          var consistent = true
          for (a, b) in zip(old, added) where a.text != b.text {
            if b.text == name, a.kind == .identifier, candidate == nil || candidate == a.text {
              candidate = a.text
            } else if b.text != name {
              consistent = false
            }
          }
          if consistent, let candidate { votes[candidate, default: 0] += 1 }
        }
      }
    }
    return votes.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
  }
}
