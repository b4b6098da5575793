import CLibGit2

/// A tree object (`git_tree`): one directory level of a commit's files.
final class Tree {
  let handle: OpaquePointer
  let repository: Repository

  init(handle: OpaquePointer, repository: Repository) {
    self.handle = handle
    self.repository = repository
  }

  deinit { git_tree_free(handle) }

  /// The blob at a slash-separated path below this tree, or `nil` when there is none
  /// (or the path names a directory).
  func blob(at path: String) throws(GitError) -> Blob? {
    var entry: OpaquePointer?
    let code = git_tree_entry_bypath(&entry, handle, path)
    if code == GIT_ENOTFOUND.rawValue { return nil }
    try GitError.check(code, "path \(path)")
    defer { git_tree_entry_free(entry) }
    guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
    var blob: OpaquePointer?
    try GitError.check(git_blob_lookup(&blob, repository.handle, git_tree_entry_id(entry)), path)
    guard let blob else { return nil }
    return Blob(handle: blob, repository: repository)
  }
}
