import LockAnalysis
import Testing

/// A bug planted in a real fragment, as `make mutation-check` plants it in real mm/ code: the
/// unmutated fragment is analyzed first and must be walked whole in each of `walking` with no
/// finding, then `change(before)` is committed on top of `before` as `file` in a git repository
/// built for the test, and that commit is analyzed.
func analyzePlanted(
  _ before: String, as file: String, walking functions: [String],
  _ change: (String) -> String
) throws -> PatchAnalysis {
  let clean = try analyzeFragment(before)
  for function in functions { _ = try WalkCoverageTests.walkedWhole(clean, function) }
  #expect(clean.findings.isEmpty)
  return try analyzeCommit(base: [file: before], change: [file: change(before)])
}

/// `text` without its line `number` (1-based): a deleted release.
func deletingLine(_ number: Int, of text: String) -> String {
  var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
  lines.remove(at: number - 1)
  return lines.joined(separator: "\n")
}
