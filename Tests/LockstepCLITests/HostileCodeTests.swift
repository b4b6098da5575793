import Foundation
import TestSupport
import Testing

/// Kernel-style C no kernel holds, at twice the sizes that once crashed, hung or ballooned
/// `lockstep analyze --whole-file`: each file is a hostile function followed by a canary
/// with a known bug. The run, as a user runs the binary, exits with the documented status,
/// the canary's finding is right, the hostile function is said to be incomplete where the
/// reader stopped short, and the child's peak memory stays under ``memoryBound``.
@Suite struct HostileCodeTests {
  /// The bound: every hostile input within 500 MB.
  static let memoryBound = 500 << 20

  /// A sleep under a spinlock, found whatever comes before it.
  static let canary = """

    void canary(spinlock_t *l)
    {
    \tspin_lock(l);
    \tmight_sleep();
    \tspin_unlock(l);
    }

    """

  /// One hostile shape: the body of `hostile()` and the bound the reader should report
  /// (nil when the body is read whole), or the one warning `hostile()` itself deserves.
  struct Shape: Sendable, CustomTestStringConvertible {
    var name: String
    var body: @Sendable () -> String
    var bound: String?
    var warning: String? = nil
    var testDescription: String { name }
  }

  static func repeated(_ text: String, _ count: Int) -> String {
    String(repeating: text, count: count)
  }

  static let shapes: [Shape] = [
    Shape(
      name: "20,000 nested if blocks",
      body: { repeated("if (x) {\n", 20_000) + "y++;\n" + repeated("}\n", 20_000) },
      bound: "statements nested more than 256 deep were not read"),
    Shape(
      name: "100,000 nested if blocks",
      body: { repeated("if (x) {\n", 100_000) + "y++;\n" + repeated("}\n", 100_000) },
      bound: "statements nested more than 256 deep were not read"),
    Shape(
      name: "an else-if ladder of 20,000",
      body: { (0..<20_000).map { "if (x == \($0)) y++; else\n" }.joined() + "y--;\n" },
      bound: "statements nested more than 256 deep were not read"),
    Shape(
      name: "100,000 nested parentheses",
      body: { "y = " + repeated("(", 100_000) + "x" + repeated(")", 100_000) + ";\n" },
      bound: "brackets nested more than 64 deep"),
    Shape(
      name: "a switch with 20,000 cases",
      body: {
        "switch (x) {\n" + (0..<20_000).map { "case \($0): y = \($0); break;\n" }.joined() + "}\n"
      },
      bound: nil),
    Shape(
      name: "20,000 nested conditional operators",
      body: { "y = " + repeated("x ? y : ", 20_000) + "0;\n" },
      bound: "more than 32 conditional operators"),
    Shape(
      name: "20,000 labels with backward gotos",
      body: { (0..<20_000).map { "l\($0):\n\ty++;\n\tif (y) goto l\($0 / 2);\n" }.joined() },
      bound: "the label after the first 256"),
    Shape(
      name: "400 conditional spinlocks, then their conditional releases",
      body: {
        (0..<400).map { "if (x & \($0)) spin_lock(&l\($0));\n" }.joined()
          + (0..<400).map { "if (x & \($0)) spin_unlock(&l\($0));\n" }.joined()
      },
      bound: "steps of work (paths times what they hold) in one function"),
    // A path that reruns from a label is as long as its rounds: the rules asked each use after
    // a put for the put's op and the reference's get by copying the whole path (29 s on a
    // fuzzed `mm/` file; over 60 s on this one).
    Shape(
      name: "20,000 uses after a put, then a backward goto",
      body: {
        "again:\nfolio_put(f);\n" + repeated("folio_lock(f);\nfolio_unlock(f);\n", 20_000)
          + "if (y) goto again;\n"
      },
      bound: nil,
      warning: "[put-before-unlock] hostile(): folio_put(f) at 4 drops a reference before"),
    // Paths that decided hundreds of tests each: forgetting the tests of what a lock or a call
    // changed read all of them on every path (a fuzzed `mm/` function, 20 µs a step), and each
    // exit kept its own copy of them (20,000 early returns: 6.5 GB).
    Shape(
      name: "60 decided tests between locks and calls, conditional locks, a backward goto",
      body: {
        let locks = (0..<5).map { "if (x & \(1 << $0)) spin_lock(&l\($0));\n" }.joined()
        let tests = (0..<60).map { index in
          "if (check_\(index)(a_\(index))) goto out;\nspin_lock(&c->lock);\n"
            + "y = update_\(index)(c, a_\(index));\nspin_unlock(&c->lock);\n"
            + (index % 50 == 25
              ? "if (y == \(index)) {\nnote_\(index)(c);\ninner_\(index):\ny++;\n}\n"
                + "if (y > \(index)) goto inner_\(index);\n" : "")
        }
        return locks + "retry:\n" + tests.joined() + "if (y) goto retry;\nout:\n"
          + (0..<5).map { "if (x & \(1 << $0)) spin_unlock(&l\($0));\n" }.joined()
      },
      bound: nil),
    Shape(
      name: "20,000 early returns, each after a test of its own",
      body: { (0..<20_000).map { "if (x == \($0)) return \($0);\n" }.joined() },
      bound: nil),
    Shape(
      name: "4,000 nested while loops",
      body: { repeated("while (x) {\n", 4_000) + "y++;\n" + repeated("}\n", 4_000) },
      bound: "statements nested more than 256 deep were not read"),
  ]

  @Test(arguments: shapes)
  func theCanaryAfterAHostileFunctionIsStillRight(shape: Shape) throws {
    let folder = try TemporaryFolder("lockstep-hostile")
    let file = try folder.write(
      "hostile.c", "int hostile(int x, int y)\n{\n" + shape.body() + "return y;\n}\n" + Self.canary)
    let run = try MeasuredRun(Paths.lockstep, ["analyze", "--whole-file", file.path])
    #expect(run.status == 1, "the canary's error, not a crash: \(run.stderr.suffix(400))")
    #expect(run.stdout.contains("[sleep-under-spinlock] canary(): might_sleep()"))
    let summary = shape.bound == nil && shape.warning == nil ? "0 warning(s)" : "1 warning(s)"
    #expect(run.stdout.contains("2 function(s); 1 error(s), \(summary)"))
    if let warning = shape.warning {
      #expect(run.stdout.contains(warning), "\(run.stdout.prefix(600))")
    }
    if let bound = shape.bound {
      let incomplete = run.stdout.split(separator: "\n").first {
        $0.contains("[analysis-incomplete] hostile()")
      }
      #expect(incomplete?.contains(bound) == true, "\(run.stdout.prefix(600))")
    }
    #expect(run.peakMemory < Self.memoryBound, "peak \(run.peakMemory >> 20) MB")
  }

  /// Several files are analyzed on worker threads, whose stacks are the ones the reader's
  /// nesting bound must fit: each hostile file still ends in its canary's finding.
  @Test func hostileFilesAnalyzedTogetherEachKeepTheirCanary() throws {
    let folder = try TemporaryFolder("lockstep-hostile")
    let shapes = Self.shapes.filter { $0.bound?.contains("nested more than 256") == true }
    var arguments = ["analyze"]
    for (index, shape) in shapes.enumerated() {
      let file = try folder.write(
        "hostile\(index).c",
        "int hostile(int x, int y)\n{\n" + shape.body() + "return y;\n}\n" + Self.canary)
      arguments += ["--whole-file", file.path]
    }
    let run = try MeasuredRun(Paths.lockstep, arguments)
    #expect(run.status == 1, "\(run.stderr.suffix(400))")
    #expect(
      run.stdout.contains(
        "\(2 * shapes.count) function(s); \(shapes.count) error(s), \(shapes.count) warning(s)"))
    #expect(run.peakMemory < Self.memoryBound, "peak \(run.peakMemory >> 20) MB")
  }
}
