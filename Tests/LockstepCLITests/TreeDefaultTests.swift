import Foundation
import TestSupport
import Testing

/// The tree a command reads when the user names none, commits and ranges as input (like
/// `checkpatch.pl -g`), and `--whole-file` at `--base`: run as a user runs the binary,
/// inside a real kernel-shaped repository.
@Suite struct TreeDefaultTests {
  static let locked = """
    #include <linux/spinlock.h>

    static int counter_bump(struct counter *c)
    {
    \tspin_lock(&c->lock);
    \tc->value++;
    \tspin_unlock(&c->lock);
    \treturn 0;
    }

    """

  /// A repository with `mm/counter.c`: v1 correct, v2 returns early with the lock held;
  /// the work tree then fixes it without committing.
  static func repository() throws -> GitSandbox {
    let sandbox = try GitSandbox()
    try sandbox.git("init", "-q")
    _ = try sandbox.commit("counter", files: ["mm/counter.c": locked])
    try sandbox.git("tag", "v1")
    let early = locked.replacingOccurrences(
      of: "\tc->value++;\n", with: "\tif (c->value < 0)\n\t\treturn -EINVAL;\n\tc->value++;\n")
    _ = try sandbox.commit("counter: refuse a negative count", files: ["mm/counter.c": early])
    try sandbox.git("tag", "v2")
    try sandbox.write("mm/counter.c", locked)
    return sandbox
  }

  static func lockstep(_ arguments: [String], in folder: URL) throws -> CommandResult {
    try runCapturing(Paths.lockstep, arguments, in: folder)
  }

  @Test func aCommitIsAnalyzedAgainstItsParentInTheRepositoryAroundTheCurrentFolder() throws {
    let sandbox = try Self.repository()
    let before = try TreeSnapshot(sandbox.root)
    let result = try Self.lockstep(["analyze", "HEAD"], in: sandbox.root)
    #expect(result.status == 1, "the early return keeps the lock: \(result.stderr)")
    #expect(result.stdout.contains("[lock-imbalance] counter_bump()"))
    #expect(!result.stdout.contains("hunks alone"), "the whole function was read at the parent")
    #expect(try TreeSnapshot(sandbox.root) == before, "nothing written to the repository")
  }

  @Test func aRangeIsEveryCommitOfItOldestFirstFromASubfolder() throws {
    let sandbox = try Self.repository()
    let result = try Self.lockstep(
      ["analyze", "--json", "v1..v2"], in: sandbox.root.appendingPathComponent("mm"))
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
      "\(result.stderr)")
    let patches = json["patches"] as? [[String: Any]] ?? []
    #expect(patches.count == 1)
    let subject = patches.first?["subject"] as? String ?? ""
    #expect(subject.hasSuffix("counter: refuse a negative count"))
    let findings = json["findings"] as? [[String: Any]] ?? []
    #expect(findings.contains { $0["rule"] as? String == "lock-imbalance" })
  }

  @Test func wholeFileAtBaseReadsTheRevisionNotTheWorkTree() throws {
    let sandbox = try Self.repository()
    let mm = sandbox.root.appendingPathComponent("mm")
    let atV2 = try Self.lockstep(["analyze", "--whole-file", "counter.c", "--base", "v2"], in: mm)
    #expect(atV2.status == 1, "v2 has the early return: \(atV2.stderr)")
    #expect(atV2.stdout.contains("mm/counter.c:"))
    let onDisk = try Self.lockstep(["analyze", "--whole-file", "counter.c"], in: mm)
    #expect(onDisk.status == 0, "the work tree's file is fixed")
    #expect(onDisk.stdout.contains("1 function(s)"), "and it was analyzed")
  }

  @Test func wholeFileTakesAFolderAndTreeTakesAFolderInsideTheRepository() throws {
    let sandbox = try Self.repository()
    let elsewhere = try TemporaryFolder()
    let result = try Self.lockstep(
      [
        "analyze", "--whole-file", "mm", "--tree", sandbox.root.appendingPathComponent("mm").path,
        "--base", "v2",
      ], in: elsewhere.url)
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stdout.contains("mm/counter.c:"))
  }

  @Test func aRepositoryWithoutMmIsNotTakenForAKernelTreeAndTheNoteSaysSo() throws {
    let sandbox = try GitSandbox()
    try sandbox.git("init", "-q")
    _ = try sandbox.commit("readme", files: ["README": "not a kernel\n"])
    try sandbox.write("fix.patch", SampleDiff.sleepUnderSpinlock)
    let result = try Self.lockstep(["analyze", "fix.patch"], in: sandbox.root)
    #expect(result.stdout.contains("has no mm/ at HEAD: not a kernel tree"))
    #expect(result.stdout.contains("[sleep-under-spinlock]"), "the hunks were still analyzed")
  }

  @Test func baseWithoutAnyRepositoryIsADataErrorSayingWhy() throws {
    let folder = try TemporaryFolder()
    let patch = try folder.write("fix.patch", SampleDiff.sleepUnderSpinlock)
    let result = try Self.lockstep(["analyze", patch.path, "--base", "v6.12"], in: folder.url)
    #expect(result.status == 65)
    #expect(result.stderr.contains("--base v6.12: no --tree, and"))
    #expect(result.stdout.isEmpty)
  }

  @Test func anUnknownBaseInsideAKernelTreeIsNamedAsAnUnknownRevision() throws {
    let sandbox = try Self.repository()
    try sandbox.write("fix.patch", SampleDiff.sleepUnderSpinlock)
    let mm = sandbox.root.appendingPathComponent("mm")
    for arguments in [["analyze", "../fix.patch"], ["analyze", "../fix.patch", "--tree", "."]] {
      let result = try Self.lockstep(arguments + ["--base", "nosuchrev"], in: mm)
      #expect(result.status == 65, "\(arguments)")
      #expect(result.stderr.contains("unknown revision \"nosuchrev\""), "\(result.stderr)")
      #expect(!result.stderr.contains("no kernel git repository"), "the repository is one")
      #expect(result.stdout.isEmpty)
    }
  }
}
