import PatchDiff

/// A patch anchored in the tree it is analyzed against, and applied there file by file.
struct PlacedPatch {
  /// The patch with its hunks re-anchored at the tree's lines and whitespace.
  var patch: Patch
  var tree: PatchedTree?
  /// Each file's pre-image in the tree, by old path (read once, for anchoring and analysis).
  var preImages: [String: String] = [:]
  /// Each file's post-image (and where its hunks landed), by new path.
  var postImages: [String: ApplyResult] = [:]
  /// The post-image of every text file, nil for a deleted one; nil when one did not apply.
  var applied: [String: String?]? = [:]
  /// What the analysis must say about how the patch was placed.
  var notes: [String] = []
}
