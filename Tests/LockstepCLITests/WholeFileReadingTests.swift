import Foundation
import TestSupport
import Testing

/// `lockstep analyze --whole-file` on kernel C that a reader without a preprocessor must
/// decide about: the functions after it and their findings are still there, and the
/// decision is a note, never silent.
@Test func anIfElseBraceBlockKeepsTheCanaryFunctionAfterIt() throws {
  let folder = try TemporaryFolder("lockstep-whole")
  let file = try folder.write(
    "numa.c",
    """
    #ifdef CONFIG_NUMA
    static int alloc_on(int nid, gfp_t gfp) {
    #else
    static int alloc_on(gfp_t gfp) {
    #endif
    \treturn 0;
    }

    void canary(spinlock_t *l)
    {
    \tspin_lock(l);
    \tmight_sleep();
    \tspin_unlock(l);
    }

    """)
  let result = try runCapturing(Paths.lockstep, ["analyze", "--whole-file", file.path])
  #expect(result.status == 1, "the canary's sleep under a spinlock is an error")
  #expect(result.stdout.contains("2 function(s); 1 error(s)"))
  #expect(result.stdout.contains("[sleep-under-spinlock] canary()"))
  #expect(result.stdout.contains("note: \(file.path): line 1: the branches of this #if block"))
}
