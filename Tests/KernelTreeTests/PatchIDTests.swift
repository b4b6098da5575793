import Foundation
import TestSupport
import Testing

@testable import KernelTree

/// Builds a repository whose commits cover the diff shapes patch-id must handle.
private func repositoryWithVariedCommits() throws -> (GitSandbox, [String]) {
  let sandbox = try GitSandbox()
  try sandbox.git("init", "-q")
  var commits: [String] = []
  let lines = (1...40).map { "\tline_\($0)();" }
  commits.append(
    try sandbox.commit("root", files: ["mm/memory.c": lines.joined(separator: "\n") + "\n"]))
  var changed = lines
  changed[3] = "\tchanged_4();"
  changed[30] = "\tchanged_31();"
  commits.append(
    try sandbox.commit(
      "two hunks and a new file",
      files: ["mm/memory.c": changed.joined(separator: "\n") + "\n", "mm/new.c": "int x;\n"]))
  try FileManager.default.removeItem(at: sandbox.root.appendingPathComponent("mm/new.c"))
  commits.append(
    try sandbox.commit("delete a file, no newline at end", files: ["mm/hmm.c": "int y;"]))
  var spaced = changed
  spaced[10] = "\t  line_11 ( ) ;"
  commits.append(
    try sandbox.commit(
      "white space only", files: ["mm/memory.c": spaced.joined(separator: "\n") + "\n"]))
  return (sandbox, commits)
}

@Test func patchIDEqualsGitPatchIDStable() throws {
  let (sandbox, commits) = try repositoryWithVariedCommits()
  let tree = try KernelRepository(path: sandbox.path, cache: false)
  for commit in commits {
    let show = try sandbox.git("show", "--no-renames", commit)
    let reference = try run(
      "/usr/bin/git", ["patch-id", "--stable"], in: sandbox.root, input: show)
    let expected = reference.split(separator: " ").first.map(String.init)
    let ours = try tree.patchID(of: try #require(ObjectID(hex: commit)))
    #expect(ours?.hex == expected, "commit \(commit)")
  }
}

@Test func patchIDIgnoresLineNumbersAndWhiteSpace() throws {
  let original = """
    diff --git a/mm/memory.c b/mm/memory.c
    --- a/mm/memory.c
    +++ b/mm/memory.c
    @@ -10,3 +10,3 @@ vm_fault_t do_swap_page(struct vm_fault *vmf)
     \tget_page(vmf->page);
    -\tput_page(vmf->page);
    +\tunlock_page(vmf->page);
    """
  let shifted = original.replacingOccurrences(
    of: "@@ -10,3 +10,3 @@", with: "@@ -4046,3 +4052,3 @@"
  )
  .replacingOccurrences(of: "\t", with: "        ")
  #expect(PatchID(diff: original) == PatchID(diff: shifted))
  #expect(
    PatchID(diff: original)
      != PatchID(diff: original.replacingOccurrences(of: "+\tunlock", with: "+\tlock")))
  #expect(PatchID(diff: "no diff here") == nil)
}
