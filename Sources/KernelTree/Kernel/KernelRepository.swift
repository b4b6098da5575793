import CLibGit2
import Foundation

/// A kernel git tree, opened read-only: releases, stable lines, commits and files.
///
/// Every question goes through libgit2; nothing is ever written to the repository
/// (no refs, index, config, objects or work-tree files). Scans of stable lines are
/// cached per line tip, in memory and in a cache folder outside the repository.
///
/// ```swift
/// let tree = try KernelRepository(path: "/src/linux")
/// let answer = try tree.containment(of: "mm/migrate: Trylock device page in do_swap_page")
/// answer.firstRelease  // v6.15
/// ```
public final class KernelRepository {
  let repository: Repository
  let store: TreeCache
  var mainline: ReleaseIndex?
  /// The files and patch-id of commits asked about, so each line does not diff them again.
  var fingerprints: [ObjectID: (paths: [String], patchID: PatchID?)] = [:]

  /// Told what long work (history walks over thousands of commits) is doing, e.g.
  /// `"scanning linux-6.12.y: 3000 commits"`; the CLI shows it on a terminal.
  public var progress: (@Sendable (String) -> Void)?
  var scans: [ObjectID: LineScan] = [:]
  /// The releases, read once by the handle that made this one a worker of a single
  /// question (its tags do not change meanwhile); `nil`: read them each time.
  var fixedReleases: [Release]?
  /// The handles parallel questions run on, one per core, made on first use.
  var workerHandles: [KernelRepository] = []
  /// The commit each tag object (or tagged commit) peels to, as read.
  var peeledTags: [ObjectID: ObjectID] = [:]
  /// Tags read and left out because they name a tree or a blob, not a commit (each once).
  public internal(set) var skippedTags: [SkippedTag] = []
  /// The commit-graph file, once read (shared with the worker handles).
  var graphState = GraphState.unread

  enum GraphState: Sendable {
    case unread
    case read(CommitGraph?)
  }

  /// Where the repository was opened (its work tree or bare folder).
  public var path: String { repository.path }

  /// Opens the repository at `path` (work tree or bare), without searching upwards.
  public convenience init(path: String, cache: Bool = true) throws(KernelTreeError) {
    try self.init(path: path, discover: false, cache: cache)
  }

  /// Opens the repository containing `path`, searching upwards like `git` does.
  public static func discover(from path: String, cache: Bool = true) throws(KernelTreeError)
    -> KernelRepository
  {
    try KernelRepository(path: path, discover: true, cache: cache)
  }

  /// The repository at `path` exactly, else the one `path` is inside of (as `git -C` takes
  /// a folder); without `path`, the one around the current folder. A failure names `path`
  /// and why it is not a repository.
  ///
  /// ```swift
  /// try KernelRepository.open("/src/linux/mm").path  // "/src/linux"
  /// ```
  public static func open(_ path: String?, cache: Bool = true) throws(KernelTreeError)
    -> KernelRepository
  {
    guard let path else {
      return try discover(from: FileManager.default.currentDirectoryPath, cache: cache)
    }
    do {
      return try KernelRepository(path: path, cache: cache)
    } catch .notARepository(let path, let reason) {
      guard let found = try? discover(from: path, cache: cache) else {
        throw .notARepository(path: path, reason: reason)
      }
      return found
    }
  }

  private convenience init(path: String, discover: Bool, cache: Bool) throws(KernelTreeError) {
    try self.init(path: path, discover: discover, store: cache ? .standard : .disabled)
  }

  init(path: String, discover: Bool, store: TreeCache) throws(KernelTreeError) {
    guard FileManager.default.fileExists(atPath: path) else {
      throw .unreadablePath(path)
    }
    do {
      repository = discover ? try Repository(discoveringFrom: path) : try Repository(path: path)
    } catch {
      if error.isNotFound { throw .notARepository(path: path, reason: error.message) }
      throw .corruptRepository(path: path, what: "the repository", reason: error.message)
    }
    self.store = store
  }

  /// Whether the repository has no work tree.
  public var isBare: Bool { repository.isBare }

  /// Where this handle keeps what it caches (never inside the repository); nil when opened
  /// with `cache: false`. Other stages keep their own caches of the tree there too.
  public var cacheDirectory: URL? { store.directory }

  // MARK: Revisions, commits, files

  /// Resolves a revision (`v6.15`, `linux-6.12.y`, `HEAD~2`, a full or abbreviated id).
  public func resolve(_ revision: String) throws(KernelTreeError) -> ObjectID {
    do {
      return try repository.resolve(revision)
    } catch {
      if error.isCorruption {
        throw .corruptRepository(
          path: path, what: "revision \"\(revision)\"", reason: error.message)
      }
      throw .unknownRevision(revision, repository: path, reason: error.message)
    }
  }

  /// Subject, body, author, date and trailers of a commit.
  public func commit(_ id: ObjectID) throws(KernelTreeError) -> CommitInfo {
    CommitInfo(try read("commit \(id.short)") { () throws(GitError) in try repository.commit(id) })
  }

  /// The file at `revision:path`, or `nil` when the revision has no such file.
  public func file(at revision: String, path filePath: String) throws(KernelTreeError)
    -> FileContent?
  {
    let id = try resolve(revision)
    return try read("\(revision):\(filePath)") { () throws(GitError) -> FileContent? in
      guard let blob = try repository.commit(id).tree().blob(at: filePath) else { return nil }
      return FileContent(bytes: blob.bytes, isBinary: blob.isBinary)
    }
  }

  /// Tag names matching a glob (`v6.*`), in the repository's order.
  public func tags(matching pattern: String = "*") throws(KernelTreeError) -> [String] {
    try read("tags \(pattern)") { () throws(GitError) in
      try repository.referenceNames(matching: "refs/tags/" + pattern).map {
        String($0.dropFirst("refs/tags/".count))
      }
    }
  }

  /// Branch names matching a glob (`linux-*.y`), local and remote-tracking.
  public func branches(matching pattern: String = "*") throws(KernelTreeError) -> [String] {
    try read("branches \(pattern)") { () throws(GitError) in
      let local = try repository.referenceNames(matching: "refs/heads/" + pattern).map {
        String($0.dropFirst("refs/heads/".count))
      }
      let remote = try repository.referenceNames(matching: "refs/remotes/*/" + pattern).map {
        String($0.dropFirst("refs/remotes/".count))
      }
      return local + remote
    }
  }

  /// Whether `ancestor` is in the history of `revision` (or is it).
  public func isAncestor(_ ancestor: ObjectID, of revision: ObjectID) throws(KernelTreeError)
    -> Bool
  {
    if let answer = graphAncestry(ancestor, of: revision) { return answer }
    return try read("ancestry of \(ancestor.short)") { () throws(GitError) in
      try repository.isAncestor(ancestor, of: revision)
    }
  }

  /// The stable patch-id of a commit's diff against its first parent.
  public func patchID(of id: ObjectID) throws(KernelTreeError) -> PatchID? {
    try patchID(of: id, touching: try touchedPaths(of: id))
  }

  /// The patch-id of a commit whose changed files are already known.
  func patchID(of id: ObjectID, touching paths: [String]) throws(KernelTreeError) -> PatchID? {
    try read("diff of \(id.short)") { () throws(GitError) in
      PatchID(diff: try Diff(commit: try repository.commit(id), paths: paths).patchText())
    }
  }

  /// Runs a libgit2 read, turning its failure into a ``KernelTreeError`` naming `what`.
  func read<T>(_ what: String, _ body: () throws(GitError) -> T) throws(KernelTreeError) -> T {
    do {
      return try body()
    } catch {
      if error.isNotFound && !error.isCorruption {
        throw .unknownRevision(what, repository: path, reason: error.message)
      }
      throw .corruptRepository(path: path, what: what, reason: error.message)
    }
  }
}

/// A file's bytes at some revision, and whether git considers it binary.
public struct FileContent: Sendable, Hashable {
  public let bytes: [UInt8]
  public let isBinary: Bool

  /// The text, with invalid UTF-8 replaced; `nil` for a binary file.
  public var text: String? { isBinary ? nil : String(decoding: bytes, as: UTF8.self) }
}
