import CLibGit2
import Foundation

/// A commit object (`git_commit`): message, author, parents, tree.
final class Commit {
  let handle: OpaquePointer
  /// Keeps the repository open while the commit is in use.
  let repository: Repository

  init(handle: OpaquePointer, repository: Repository) {
    self.handle = handle
    self.repository = repository
  }

  deinit { git_commit_free(handle) }

  var id: ObjectID { ObjectID(git_commit_id(handle).pointee) }

  /// The raw message, encoding as stored (kernel commits are UTF-8).
  var message: String { git_commit_message_raw(handle).map { String(cString: $0) } ?? "" }

  var authorName: String { String(cString: git_commit_author(handle).pointee.name) }
  var authorEmail: String { String(cString: git_commit_author(handle).pointee.email) }

  /// The author date with the author's UTC offset in minutes.
  var authorDate: (date: Date, offsetMinutes: Int) {
    let when = git_commit_author(handle).pointee.when
    return (Date(timeIntervalSince1970: TimeInterval(when.time)), Int(when.offset))
  }

  var parentIDs: [ObjectID] {
    (0..<git_commit_parentcount(handle)).map { ObjectID(git_commit_parent_id(handle, $0).pointee) }
  }

  /// The commit's root tree.
  func tree() throws(GitError) -> Tree {
    var tree: OpaquePointer?
    try GitError.check(git_commit_tree(&tree, handle), "tree of \(id.short)")
    guard let tree else { throw GitError(code: -1, message: "no tree", context: id.hex) }
    return Tree(handle: tree, repository: repository)
  }
}
