import CLibGit2

/// A tree-to-tree diff (`git_diff`), rendered like `git show` renders a commit.
final class Diff {
  let handle: OpaquePointer

  /// The diff a commit introduces against its first parent (or the empty tree for a root).
  init(commit: Commit) throws(GitError) {
    let newTree = try commit.tree()
    var oldTree: Tree?
    if let parent = commit.parentIDs.first {
      oldTree = try commit.repository.commit(parent).tree()
    }
    var options = git_diff_options()
    git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
    options.context_lines = 3
    var diff: OpaquePointer?
    try GitError.check(
      git_diff_tree_to_tree(
        &diff, commit.repository.handle, oldTree?.handle, newTree.handle, &options),
      "diff of \(commit.id.short)")
    guard let diff else { throw GitError(code: -1, message: "no diff", context: commit.id.hex) }
    handle = diff
  }

  deinit { git_diff_free(handle) }

  /// The paths the diff touches (new path, or old path for deletions), sorted.
  var paths: [String] {
    (0..<git_diff_num_deltas(handle)).compactMap { index in
      guard let delta = git_diff_get_delta(handle, index)?.pointee else { return nil }
      let file = delta.status == GIT_DELTA_DELETED ? delta.old_file : delta.new_file
      return file.path.map { String(cString: $0) }
    }.sorted()
  }

  /// The unified diff text, as `git diff` prints it (`diff --git`, `index`, hunks).
  func patchText() throws(GitError) -> String {
    var buffer = git_buf()
    defer { git_buf_dispose(&buffer) }
    try GitError.check(git_diff_to_buf(&buffer, handle, GIT_DIFF_FORMAT_PATCH), "diff text")
    guard let pointer = buffer.ptr else { return "" }
    return String(
      decoding: UnsafeRawBufferPointer(start: pointer, count: buffer.size), as: UTF8.self)
  }
}
