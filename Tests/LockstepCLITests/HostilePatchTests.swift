import Foundation
import TestSupport
import Testing

/// A patch of tens of thousands of hunks, each changing one function of a file, then one
/// hunk that plants a bug in the file's last function (the canary). The analysis reads the
/// patch, places every hunk and walks every changed function in time linear in their number
/// (a 100,000-hunk patch once took 195 s: the placements, the fragments and the functions
/// were each searched once per hunk), and the canary's finding is still right.
@Suite struct HostilePatchTests {
  /// Functions (and so hunks) before the canary's.
  static let count = 5_000

  /// `mm/many.c`: `count` small functions, then the canary.
  static var file: String {
    (0..<count).map { "int f\($0)(int x)\n{\n\tx++;\n\treturn x;\n}\n" }.joined()
      + "void canary(spinlock_t *l)\n{\n\tspin_lock(l);\n\tspin_unlock(l);\n}\n"
  }

  /// One hunk per function, then `might_sleep()` under the canary's spinlock.
  static var patch: String {
    var hunks = ["diff --git a/mm/many.c b/mm/many.c\n--- a/mm/many.c\n+++ b/mm/many.c\n"]
    for index in 0..<count {
      let line = index * 5 + 3
      hunks.append("@@ -\(line),1 +\(line),1 @@\n-\tx++;\n+\tx += 2;\n")
    }
    let spinLock = count * 5 + 3
    hunks.append(
      "@@ -\(spinLock),2 +\(spinLock),3 @@\n \tspin_lock(l);\n+\tmight_sleep();\n \tspin_unlock(l);\n"
    )
    return hunks.joined()
  }

  @Test func everyHunkOfAHugePatchIsWalkedAndTheCanaryIsStillFound() throws {
    let tree = try GitSandbox()
    try tree.git("init", "-q")
    try tree.commit("many functions", files: ["mm/many.c": Self.file])
    let folder = try TemporaryFolder("lockstep-hostile-patch")
    let patch = try folder.write("many.patch", Self.patch)
    let before = try TreeSnapshot(tree.root)
    let run = try MeasuredRun(Paths.lockstep, ["analyze", "--tree", tree.path, patch.path])
    #expect(run.status == 1, "the canary's error, not a crash: \(run.stderr.suffix(400))")
    #expect(run.stdout.contains("[sleep-under-spinlock] canary(): might_sleep()"))
    #expect(run.stdout.contains("\(Self.count + 1) function(s); 1 error(s), 0 warning(s)"))
    #expect(run.peakMemory < HostileCodeTests.memoryBound, "peak \(run.peakMemory >> 20) MB")
    #expect(try TreeSnapshot(tree.root) == before)
  }
}
