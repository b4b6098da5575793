/// The tree a patch of a series applies to: the base revision with the earlier patches of
/// the series applied (`overlay`: path → post-image, nil for a deleted file).
struct PatchedTree: SourceTree {
  let base: any SourceTree
  let cache: ParseCache
  var overlay: [String: String?] = [:]
  /// How many earlier patches the overlay holds, for the label.
  var earlierPatches = 0

  func text(of path: String) -> String? {
    if let patched = overlay[path] { return patched }
    return cache.text(of: path, in: base)
  }

  var label: String {
    earlierPatches == 0
      ? base.label
      : "\(base.label) with the \(earlierPatches) earlier patch(es) of the series applied"
  }
}
