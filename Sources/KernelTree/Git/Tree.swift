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
    let id = ObjectID(git_tree_entry_id(entry).pointee)
    do {
      try GitError.check(git_blob_lookup(&blob, repository.handle, git_tree_entry_id(entry)), path)
    } catch {
      // The tree names the blob, so a missing or unreadable one is damage, not absence.
      throw GitError(
        code: error.isNotFound ? -1 : error.code, message: "\(error.message); blob \(id.hex)",
        context: "blob \(id.hex) of \(path)", errorClass: Int32(GIT_ERROR_ODB.rawValue))
    }
    guard let blob else { return nil }
    // Hash verification is off for history walks (LibGit2); a file the analysis reads is
    // checked here, so a blob stored with other bytes is damage, not a different file.
    var actual = git_oid()
    try GitError.check(
      git_odb_hash(
        &actual, git_blob_rawcontent(blob), Int(git_blob_rawsize(blob)), GIT_OBJECT_BLOB),
      path)
    guard ObjectID(actual) == id else {
      git_blob_free(blob)
      throw GitError(
        code: -1, message: "object hash mismatch: blob \(id.hex) holds \(ObjectID(actual).hex)",
        context: "blob \(id.hex) of \(path)", errorClass: Int32(GIT_ERROR_ODB.rawValue))
    }
    return Blob(handle: blob, repository: repository)
  }
}

extension Tree {
  /// The paths whose content differs between `older` and this tree (added, removed or
  /// modified), sorted. Both trees are walked side by side in git's entry order, and
  /// subtrees with equal ids are skipped without being read, so comparing two commits
  /// that touch one file costs a few directory reads, however large the tree.
  func changedPaths(since older: Tree?, prefix: String = "") throws(GitError) -> [String] {
    var paths: [String] = []
    let count = git_tree_entrycount(handle)
    let olderCount = older.map { git_tree_entrycount($0.handle) } ?? 0
    var new = 0
    var old = 0
    while new < count || old < olderCount {
      let entry = new < count ? git_tree_entry_byindex(handle, new) : nil
      let before = old < olderCount ? older.flatMap { git_tree_entry_byindex($0.handle, old) } : nil
      let order = Tree.order(entry, before)
      if order == 0, let entry, let before {
        new += 1
        old += 1
        if git_oid_equal(git_tree_entry_id(before), git_tree_entry_id(entry)) == 1 { continue }
        paths += try changes(between: before, and: entry, prefix: prefix)
      } else if order < 0, let entry {
        new += 1
        paths += try changes(between: nil, and: entry, prefix: prefix)
      } else if let before {
        old += 1
        paths += try changes(between: before, and: nil, prefix: prefix)
      }
    }
    return paths.sorted()
  }

  /// The changed paths below one pair of entries with the same name.
  private func changes(between before: OpaquePointer?, and after: OpaquePointer?, prefix: String)
    throws(GitError) -> [String]
  {
    guard let named = after ?? before else { return [] }
    let path = prefix + String(cString: git_tree_entry_name(named))
    let wasTree = before.map { git_tree_entry_type($0) == GIT_OBJECT_TREE } ?? false
    let isTree = after.map { git_tree_entry_type($0) == GIT_OBJECT_TREE } ?? false
    var paths: [String] = []
    if isTree || wasTree {
      let newTree = try isTree ? after.map(subtree) : nil
      let oldTree = try wasTree ? before.map(subtree) : nil
      if let newTree {
        paths += try newTree.changedPaths(since: oldTree, prefix: path + "/")
      } else if let oldTree {
        paths += try oldTree.changedPaths(since: nil, prefix: path + "/")
      }
    }
    if (after != nil && !isTree) || (before != nil && !wasTree) { paths.append(path) }
    return paths
  }

  /// git's tree order: by name, a directory compared as if its name ended in "/".
  private static func order(_ a: OpaquePointer?, _ b: OpaquePointer?) -> Int {
    guard let a else { return 1 }
    guard let b else { return -1 }
    var left = git_tree_entry_name(a)!
    var right = git_tree_entry_name(b)!
    while left.pointee != 0 && left.pointee == right.pointee {
      left += 1
      right += 1
    }
    let slash = CChar(UInt8(ascii: "/"))
    let l =
      left.pointee != 0 ? left.pointee : (git_tree_entry_type(a) == GIT_OBJECT_TREE ? slash : 0)
    let r =
      right.pointee != 0 ? right.pointee : (git_tree_entry_type(b) == GIT_OBJECT_TREE ? slash : 0)
    return Int(UInt8(bitPattern: l)) - Int(UInt8(bitPattern: r))
  }

  private func subtree(_ entry: OpaquePointer) throws(GitError) -> Tree {
    var tree: OpaquePointer?
    try GitError.check(
      git_tree_lookup(&tree, repository.handle, git_tree_entry_id(entry)), "tree entry")
    guard let tree else { throw GitError(code: -1, message: "no tree", context: "tree entry") }
    return Tree(handle: tree, repository: repository)
  }
}
