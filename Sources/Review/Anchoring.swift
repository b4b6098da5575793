import KernelTree
import PatchDiff

extension FoundPatch {
  /// The patches anchored in the files at `revision` of `repository`, so that each carries
  /// the tree's exact whitespace and line numbers; a hunk that does not anchor is listed
  /// in its patch's problems.
  ///
  /// ```swift
  /// let anchored = try FoundPatch.anchored(found, in: repository, at: "v6.12")
  /// ```
  ///
  /// - Throws: ``ReviewError/tree(_:)`` naming the revision and file that could not be read.
  /// - Complexity: one blob read per file a patch changes.
  public static func anchored(
    _ found: [FoundPatch], in repository: KernelRepository, at revision: String
  ) throws(ReviewError) -> [FoundPatch] {
    var result = found
    for index in result.indices {
      var texts: [String: String] = [:]
      for file in result[index].patch.patch.files where !file.isNew {
        do {
          if let text = try repository.file(at: revision, path: file.oldPath)?.text {
            texts[file.oldPath] = text
          }
        } catch {
          throw .file(revision: revision, path: file.oldPath, error)
        }
      }
      let (anchored, problems) = result[index].patch.patch.anchored(to: texts)
      result[index].patch.patch = anchored
      result[index].patch.problems += problems
    }
    return result
  }
}
