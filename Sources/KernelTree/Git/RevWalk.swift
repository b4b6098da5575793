import CLibGit2

/// A history walk (`git_revwalk`): `git rev-list TIP ^HIDE` in topological order.
///
/// ```swift
/// let walk = try RevWalk(repository)
/// try walk.push(lineTip); try walk.hide(baseRelease)
/// while let id = walk.next() { … }
/// ```
final class RevWalk {
  let handle: OpaquePointer
  let repository: Repository

  init(_ repository: Repository) throws(GitError) {
    var walk: OpaquePointer?
    try GitError.check(git_revwalk_new(&walk, repository.handle), "history walk")
    guard let walk else { throw GitError(code: -1, message: "no walk", context: "revwalk") }
    handle = walk
    self.repository = repository
    git_revwalk_sorting(handle, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue)
  }

  deinit { git_revwalk_free(handle) }

  func push(_ id: ObjectID) throws(GitError) {
    var oid = id.raw
    try GitError.check(git_revwalk_push(handle, &oid), "walk from \(id.short)")
  }

  func hide(_ id: ObjectID) throws(GitError) {
    var oid = id.raw
    try GitError.check(git_revwalk_hide(handle, &oid), "walk hiding \(id.short)")
  }

  /// The next commit id, or `nil` at the end of the walk.
  func next() -> ObjectID? {
    var oid = git_oid()
    return git_revwalk_next(&oid, handle) == 0 ? ObjectID(oid) : nil
  }
}
