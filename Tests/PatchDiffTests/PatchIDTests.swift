import Foundation
import Testing

@testable import PatchDiff

/// Forty numbered lines of C-like text, `word` marking the version.
private func source(_ word: String, lines: Int = 40) -> String {
  (1...lines).map { "\tint \(word)_\($0) = \($0);\n" }.joined()
}

@Test func patchIDEqualsGitPatchIDStableOnRealCommits() throws {
  let repo = try ScratchRepository()
  defer { repo.remove() }
  try repo.write("mm/memory.c", source("a"))
  try repo.write("include/linux/migrate.h", source("h"))
  try repo.write("mm/gone.c", "static int gone;\n")
  try repo.commit("base")
  var memory = source("a").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  memory[5] = "\tint changed = 6;"
  memory.insert("\tspin_unlock(ptl);", at: 30)
  try repo.write("mm/memory.c", memory.joined(separator: "\n"))
  try repo.write("include/linux/migrate.h", source("h") + "#endif\n")
  try repo.write("mm/new.c", "int fresh;\n")
  try repo.git("rm", "-q", "mm/gone.c")
  try repo.commit("change three files")

  let shown = try repo.git("show", "HEAD")
  let expected = try repo.git("patch-id", "--stable", input: shown).split(separator: " ")[0]
  #expect(PatchID.stable(of: shown) == String(expected))
  let parsed = try PatchParser.parse(try repo.git("diff", "HEAD~1", "HEAD"))
  #expect(parsed.files.map(\.isNew) == [false, false, false, true])
  #expect(parsed.files.map(\.isDeleted) == [false, true, false, false])
  #expect(parsed.patchID == String(expected))
}

@Test func patchIDIgnoresWhitespaceAndFileOrderLikeGit() throws {
  let repo = try ScratchRepository()
  defer { repo.remove() }
  try repo.write("a.c", source("a"))
  try repo.write("b.c", source("b"))
  try repo.commit("base")
  try repo.write("a.c", source("a").replacingOccurrences(of: "a_7 ", with: "a_seven "))
  try repo.write("b.c", source("b").replacingOccurrences(of: "b_9 ", with: "b_nine "))
  try repo.commit("rename two")
  let diff = try repo.git("diff", "HEAD~1", "HEAD")
  var patch = try PatchParser.parse(diff)
  patch.files.reverse()
  for index in patch.files[0].hunks[0].lines.indices {
    patch.files[0].hunks[0].lines[index].text = patch.files[0].hunks[0].lines[index].text
      .replacingOccurrences(of: "\t", with: "    ")
  }
  let expected = try repo.git("patch-id", "--stable", input: diff).split(separator: " ")[0]
  #expect(patch.patchID == String(expected))
  let reordered = try repo.git("patch-id", "--stable", input: patch.text).split(separator: " ")[0]
  #expect(reordered == expected)
}
