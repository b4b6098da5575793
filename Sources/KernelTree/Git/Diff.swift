import CLibGit2
import Foundation

/// A tree-to-tree diff (`git_diff`), rendered like `git show` renders a commit.
final class Diff {
  let handle: OpaquePointer

  /// The diff a commit introduces against its first parent (or the empty tree for a
  /// root), limited to `paths` when given.
  init(commit: Commit, paths: [String] = []) throws(GitError) {
    let newTree = try commit.tree()
    var oldTree: Tree?
    if let parent = commit.parentIDs.first {
      oldTree = try commit.repository.commit(parent).tree()
    }
    var options = git_diff_options()
    git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
    options.context_lines = 3
    options.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
    var diff: OpaquePointer?
    let code = Diff.withCStrings(paths) { pointers in
      var mutable = pointers
      return mutable.withUnsafeMutableBufferPointer { buffer in
        options.pathspec = git_strarray(strings: buffer.baseAddress, count: paths.count)
        return git_diff_tree_to_tree(
          &diff, commit.repository.handle, oldTree?.handle, newTree.handle, &options)
      }
    }
    try GitError.check(code, "diff of \(commit.id.short)")
    guard let diff else { throw GitError(code: -1, message: "no diff", context: commit.id.hex) }
    handle = diff
  }

  deinit { git_diff_free(handle) }

  /// Calls `body` with C copies of `strings`, freed afterwards.
  private static func withCStrings<T>(
    _ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> T
  ) -> T {
    let pointers = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    return body(pointers)
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
