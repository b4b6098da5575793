import LockAnalysis

/// A line's files as the analysis reads them when earlier patches of a series have been
/// applied: their texts where they changed a file, the line's tree everywhere else.
///
/// ```swift
/// let source = OverlaySourceTree(base: lineTree, files: ["mm/memory.c": patched], earlierPatches: 1)
/// source.text(of: "mm/memory.c")  // the patched text
/// ```
struct OverlaySourceTree: SourceTree {
  let base: any SourceTree
  /// Path → text after the earlier patches (`nil`: they deleted the file).
  let files: [String: String?]
  let earlierPatches: Int

  func text(of path: String) -> String? {
    if let patched = files[path] { return patched }
    return base.text(of: path)
  }

  var label: String {
    earlierPatches == 0
      ? base.label : "\(base.label) with the \(earlierPatches) earlier patch(es) of the series"
  }
}
