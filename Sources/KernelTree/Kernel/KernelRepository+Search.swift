import CLibGit2
import Foundation

/// What a backport check reads of history: the files of a tree, blobs by id, the commits
/// between two points, a commit's diff, a file's blob id at a commit, and a libgit2 apply
/// of a diff in memory. All read-only.
///
/// ```swift
/// let files = try tree.files(at: tip, under: ["include/", "mm/"])
/// let text = try tree.blobBytes(files[0].blob)
/// ```
extension KernelRepository {
  /// One file of a tree: its path and blob id.
  public struct TreeFile: Sendable, Hashable {
    public let path: String
    public let blob: ObjectID
  }

  /// The files of `commit`'s tree whose paths start with one of `prefixes` (all with `[""]`).
  public func files(at commit: ObjectID, under prefixes: [String]) throws(KernelTreeError)
    -> [TreeFile]
  {
    try read("tree of \(commit.short)") { () throws(GitError) -> [TreeFile] in
      let tree = try repository.commit(commit).tree()
      var files: [TreeFile] = []
      try Self.collect(tree, prefix: "", wanted: prefixes, into: &files)
      return files
    }
  }

  private static func collect(
    _ tree: Tree, prefix: String, wanted: [String], into files: inout [TreeFile]
  ) throws(GitError) {
    for index in 0..<git_tree_entrycount(tree.handle) {
      guard let entry = git_tree_entry_byindex(tree.handle, index) else { continue }
      let path = prefix + String(cString: git_tree_entry_name(entry))
      let type = git_tree_entry_type(entry)
      if type == GIT_OBJECT_TREE {
        let folder = path + "/"
        guard wanted.contains(where: { $0.hasPrefix(folder) || folder.hasPrefix($0) }) else {
          continue
        }
        var sub: OpaquePointer?
        try GitError.check(
          git_tree_lookup(&sub, tree.repository.handle, git_tree_entry_id(entry)), path)
        guard let sub else { continue }
        try collect(
          Tree(handle: sub, repository: tree.repository), prefix: folder, wanted: wanted,
          into: &files)
      } else if type == GIT_OBJECT_BLOB, wanted.contains(where: { path.hasPrefix($0) }) {
        files.append(TreeFile(path: path, blob: ObjectID(git_tree_entry_id(entry).pointee)))
      }
    }
  }

  /// The blob id of `path` at `commit`, `nil` when the commit has no such file.
  public func blobID(at commit: ObjectID, path: String) throws(KernelTreeError) -> ObjectID? {
    try entry(at: commit, path: path, of: GIT_OBJECT_BLOB)
  }

  /// Whether `commit`'s tree has a folder at `path` (`mm`), read without listing it.
  public func hasFolder(at commit: ObjectID, path: String) throws(KernelTreeError) -> Bool {
    try entry(at: commit, path: path, of: GIT_OBJECT_TREE) != nil
  }

  /// The id of the entry at `path` of `commit`'s tree when it is of `kind`.
  private func entry(at commit: ObjectID, path: String, of kind: git_object_t)
    throws(KernelTreeError) -> ObjectID?
  {
    try read("\(commit.short):\(path)") { () throws(GitError) -> ObjectID? in
      let tree = try repository.commit(commit).tree()
      var entry: OpaquePointer?
      let code = git_tree_entry_bypath(&entry, tree.handle, path)
      if code == GIT_ENOTFOUND.rawValue { return nil }
      try GitError.check(code, "path \(path)")
      defer { git_tree_entry_free(entry) }
      guard git_tree_entry_type(entry) == kind else { return nil }
      return ObjectID(git_tree_entry_id(entry).pointee)
    }
  }

  /// A blob's bytes.
  public func blobBytes(_ id: ObjectID) throws(KernelTreeError) -> [UInt8] {
    try read("blob \(id.short)") { () throws(GitError) -> [UInt8] in
      var oid = id.raw
      var blob: OpaquePointer?
      try GitError.check(git_blob_lookup(&blob, repository.handle, &oid), "blob \(id.hex)")
      guard let blob else { return [] }
      return Blob(handle: blob, repository: repository).bytes
    }
  }

  /// `transform` of the bytes of each blob, in order, the blobs read side by side on all
  /// cores (one libgit2 handle each): inflating them is most of a search through a tree's
  /// files.
  ///
  /// ```swift
  /// let sizes = try tree.readBlobs(files.map(\.blob)) { $0.count }
  /// ```
  public func readBlobs<Value: Sendable>(
    _ ids: [ObjectID], _ transform: @escaping @Sendable ([UInt8]) -> Value
  ) throws(KernelTreeError) -> [Value] {
    guard ids.count > 1 else {
      return try ids.map { id throws(KernelTreeError) in transform(try blobBytes(id)) }
    }
    return try onAllCores(ids, releases: nil) { repository, id throws(KernelTreeError) in
      transform(try repository.blobBytes(id))
    }
  }

  /// `git rev-list TIP ^HIDDEN…`, newest first.
  public func commits(from tip: ObjectID, hiding hidden: [ObjectID]) throws(KernelTreeError)
    -> [ObjectID]
  {
    try read("history of \(tip.short)") { () throws(GitError) -> [ObjectID] in
      let walk = try RevWalk(repository)
      try walk.push(tip)
      for id in hidden { try walk.hide(id) }
      var ids: [ObjectID] = []
      while let id = walk.next() { ids.append(id) }
      return ids
    }
  }

  /// The files a commit changes against its first parent (a tree comparison, no diff).
  public func changedPaths(of id: ObjectID) throws(KernelTreeError) -> [String] {
    try touchedPaths(of: id)
  }

  /// The commit mainline history is read from (`master`, `main`, else `HEAD`).
  public func mainlineHead() throws(KernelTreeError) -> ObjectID { try mainlineTip() }

  /// A commit's diff against its first parent, as `git show` prints it (no message).
  public func diffText(of id: ObjectID) throws(KernelTreeError) -> String {
    let paths = try touchedPaths(of: id)
    return try read("diff of \(id.short)") { () throws(GitError) in
      try Diff(commit: try repository.commit(id), paths: paths).patchText()
    }
  }

  /// Whether libgit2 applies `diff` (changing `paths`) to `commit`'s tree: what
  /// `git apply --check` answers there, for hunks at their own lines. Nothing is written:
  /// the apply works on a tree of those files alone, built in memory by a handle opened
  /// for this. `nil` when libgit2 cannot parse the diff.
  public func applies(diff: String, paths: [String], to commit: ObjectID) throws(KernelTreeError)
    -> Bool?
  {
    try read("apply to \(commit.short)") { () throws(GitError) -> Bool? in
      let scratch = try Repository(path: repository.path)
      let root = try repository.commit(commit).tree()
      var tree = git_tree_id(root.handle).pointee
      var parsed: OpaquePointer?
      let bytes = Array(diff.utf8)
      guard git_diff_from_buffer(&parsed, bytes, bytes.count) == 0, let parsed else {
        return nil
      }
      defer { git_diff_free(parsed) }
      let names = paths.map { strdup($0) }
      defer { names.forEach { free($0) } }
      var pointers = names.map { UnsafePointer<CChar>($0) }
      let result = pointers.withUnsafeMutableBufferPointer { buffer in
        lockstep_git_apply_check(scratch.handle, &tree, parsed, buffer.baseAddress, buffer.count)
      }
      if result < 0 { try GitError.check(result, "apply to \(commit.short)") }
      return result == 1
    }
  }

  /// The newest commit reachable from mainline's head whose subject is exactly `subject`,
  /// among the newest `limit`, read in libgit2's unsorted walk order (no whole-history
  /// sort before the first answer, unlike ``commit(withSubject:)``).
  public func recentCommit(withSubject subject: String, limit: Int) throws(KernelTreeError)
    -> ObjectID?
  {
    let tip = try mainlineTip()
    return try read("history of \(tip.short)") { () throws(GitError) -> ObjectID? in
      let walk = try RevWalk(repository, ordered: false)
      try walk.push(tip)
      var read = 0
      while read < limit, let id = walk.next() {
        read += 1
        if CommitInfo.subject(of: try repository.commit(id).message) == subject { return id }
      }
      return nil
    }
  }

  /// Whether `line` has a commit with this subject or this patch-id, when the change is
  /// not a commit of the repository (a patch from mail): upstream line is not possible,
  /// so patch-id first (only line commits changing exactly `paths` are diffed), then subject.
  public func presence(
    subject: String, patchID: PatchID?, touching paths: [String], on line: StableLine
  ) throws(KernelTreeError) -> LinePresence {
    var scan = try lineScan(line)
    defer { remember(scan) }
    if let patchID {
      for index in scan.entries.indices {
        if scan.entries[index].paths == nil {
          scan.entries[index].paths = try touchedPaths(of: scan.entries[index].id)
          scan.isDirty = true
        }
        guard scan.entries[index].paths == paths else { continue }
        if scan.entries[index].patchID == nil {
          scan.entries[index].patchID = try self.patchID(
            of: scan.entries[index].id, touching: paths)
          scan.isDirty = true
        }
        if scan.entries[index].patchID == patchID {
          return LinePresence(line: line, copy: scan.entries[index].id, matchedBy: .patchID)
        }
      }
    }
    if !subject.isEmpty, let pick = scan.entries.first(where: { $0.subject == subject }) {
      return LinePresence(line: line, copy: pick.id, matchedBy: .subject)
    }
    return LinePresence(line: line, copy: nil, matchedBy: nil)
  }
}
