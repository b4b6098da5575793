import Foundation

/// A small real series for the analysis tests: a repository with `lib/counter.c` and two
/// commits on it — patch 1 locks `counter_bump()`, patch 2 (written on top of patch 1, its
/// context shows the lock) returns early with the lock held.
///
/// ```swift
/// let series = try CounterSeries()
/// try series.sandbox.git("format-patch", "--stdout", "-n", "HEAD~2..HEAD")
/// ```
public struct CounterSeries {
  /// The file before the series.
  public static let counter = """
    #include <linux/spinlock.h>

    static int counter_bump(struct counter *c)
    {
    \tc->value++;
    \treturn 0;
    }

    """

  public let sandbox: GitSandbox
  /// The commit the series applies to (`HEAD~2`).
  public let base: String

  public init() throws {
    sandbox = try GitSandbox()
    try sandbox.git("init", "-q")
    base = try sandbox.commit("counter", files: ["lib/counter.c": Self.counter])
    let locked = Self.counter.replacingOccurrences(
      of: "\tc->value++;\n",
      with: "\tspin_lock(&c->lock);\n\tc->value++;\n\tspin_unlock(&c->lock);\n")
    try sandbox.commit("counter: lock the bump", files: ["lib/counter.c": locked])
    let early = locked.replacingOccurrences(
      of: "\tc->value++;\n", with: "\tif (c->value < 0)\n\t\treturn -EINVAL;\n\tc->value++;\n")
    try sandbox.commit("counter: refuse a negative count", files: ["lib/counter.c": early])
  }
}
