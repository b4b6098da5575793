import CLibGit2

/// An open git repository (`git_repository`), read-only in everything Lockstep does.
///
/// One handle per repository; objects looked up through it (``Commit``, ``Tree``,
/// ``Blob``) keep it alive. Nothing here writes refs, index, config or objects.
///
/// ```swift
/// let repo = try Repository(path: "/src/linux")
/// let head = try repo.commit(try repo.resolve("v6.15"))
/// ```
final class Repository {
  let handle: OpaquePointer
  /// The folder the repository was opened at (work tree root or the bare `.git`).
  let path: String

  /// Opens the repository at `path` exactly (no search upwards).
  init(path: String) throws(GitError) {
    _ = LibGit2.initialised
    var repo: OpaquePointer?
    try GitError.check(
      git_repository_open_ext(&repo, path, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil),
      "path \(path)")
    guard let repo else { throw GitError(code: -1, message: "no repository", context: path) }
    try Self.guardLooseObjects(repo, path)
    handle = repo
    self.path = path
  }

  /// Opens the repository that contains `path`, searching upwards like `git` does.
  init(discoveringFrom path: String) throws(GitError) {
    _ = LibGit2.initialised
    var found = git_buf()
    defer { git_buf_dispose(&found) }
    try GitError.check(git_repository_discover(&found, path, 0, nil), "path \(path)")
    let gitDir = String(cString: found.ptr)
    var repo: OpaquePointer?
    try GitError.check(git_repository_open(&repo, gitDir), "path \(gitDir)")
    guard let repo else { throw GitError(code: -1, message: "no repository", context: path) }
    try Self.guardLooseObjects(repo, gitDir)
    handle = repo
    // Named by its work tree, as when opened there (the git folder for a bare one).
    let workdir = git_repository_workdir(repo).map { String(cString: $0) }
    self.path = workdir.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? gitDir
  }

  /// Makes a truncated loose object an error rather than an endless loop in libgit2 1.5
  /// (its issue #7342): every loose object is checked to inflate to its end before libgit2
  /// reads it (see `loose_guard.h`).
  private static func guardLooseObjects(_ repo: OpaquePointer, _ path: String) throws(GitError) {
    do {
      try GitError.check(lockstep_git_guard_loose_objects(repo), "path \(path)")
    } catch {
      git_repository_free(repo)
      throw error
    }
  }

  deinit { git_repository_free(handle) }

  /// The folder of the object database, ending with `/` (shared by linked work trees).
  var objectsFolder: String {
    let common = git_repository_commondir(handle).map { String(cString: $0) } ?? path + "/.git/"
    return (common.hasSuffix("/") ? common : common + "/") + "objects/"
  }

  /// Whether the repository has no work tree.
  var isBare: Bool { git_repository_is_bare(handle) == 1 }

  /// Resolves any revision git understands (`v6.15`, `HEAD~3`, `1afaeb82`) to a commit id.
  func resolve(_ revision: String) throws(GitError) -> ObjectID {
    var object: OpaquePointer?
    try GitError.check(git_revparse_single(&object, handle, revision), "revision \"\(revision)\"")
    defer { git_object_free(object) }
    var commit: OpaquePointer?
    try GitError.check(
      git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "revision \"\(revision)\"")
    defer { git_object_free(commit) }
    return ObjectID(git_object_id(commit).pointee)
  }

  /// The object a reference points at (a tag object or a commit), `nil` when there is no
  /// such reference.
  func referenceTarget(_ name: String) -> ObjectID? {
    var oid = git_oid()
    guard git_reference_name_to_id(&oid, handle, name) == 0 else { return nil }
    return ObjectID(oid)
  }

  /// Looks up a commit by id.
  func commit(_ id: ObjectID) throws(GitError) -> Commit {
    var oid = id.raw
    var commit: OpaquePointer?
    try GitError.check(git_commit_lookup(&commit, handle, &oid), "commit \(id.hex)")
    guard let commit else { throw GitError(code: -1, message: "no commit", context: id.hex) }
    return Commit(handle: commit, repository: self)
  }

  /// The names of references matching a glob such as `refs/heads/linux-*.y`.
  func referenceNames(matching glob: String) throws(GitError) -> [String] {
    var iterator: OpaquePointer?
    try GitError.check(
      git_reference_iterator_glob_new(&iterator, handle, glob), "references \(glob)")
    defer { git_reference_iterator_free(iterator) }
    var names: [String] = []
    var name: UnsafePointer<CChar>?
    while git_reference_next_name(&name, iterator) == 0, let name {
      names.append(String(cString: name))
    }
    return names
  }

  /// Whether `descendant` has `ancestor` in its history (or is it).
  func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws(GitError) -> Bool {
    if ancestor == descendant { return true }
    var commit = descendant.raw
    var older = ancestor.raw
    let result = git_graph_descendant_of(handle, &commit, &older)
    try GitError.check(result, "ancestry \(ancestor.short)..\(descendant.short)")
    return result == 1
  }

  /// The best common ancestor of two commits, or `nil` when their histories are unrelated.
  func mergeBase(_ a: ObjectID, _ b: ObjectID) throws(GitError) -> ObjectID? {
    var out = git_oid()
    var one = a.raw
    var two = b.raw
    let code = git_merge_base(&out, handle, &one, &two)
    if code == GIT_ENOTFOUND.rawValue { return nil }
    try GitError.check(code, "merge base \(a.short) \(b.short)")
    return ObjectID(out)
  }
}
