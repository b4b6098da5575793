import PathFormat
import PathSimulator
import Testing

/// Composed races over references: a get a retried path never drops is a leak, a put on a
/// count already at zero an underflow, and a patch is judged by what it changes of either.
@Suite struct ComposedReferenceTests {
  /// An operation on `folio` at `line`; locks are the sleeping folio lock.
  private static func op(_ kind: PathOp.Kind, _ call: String, line: Int) -> PathOp {
    var op = PathOp(op: kind, call: call, object: "folio", line: line)
    if kind == .lock || kind == .unlock { op.kind = .sleeping }
    return op
  }

  /// Locks and unlocks the folio, then drops the reference its caller handed over.
  private static let singlePut = AnalysisPath(
    id: 1,
    ops: [
      op(.lock, "folio_lock", line: 10), op(.unlock, "folio_unlock", line: 20),
      op(.put, "folio_put", line: 21),
    ], exit: .return, returnValue: "0", retries: false)

  /// ``singlePut`` with a second `folio_put()` at line 22: a double put.
  private static var doublePut: AnalysisPath {
    var double = singlePut
    double.ops.append(op(.put, "folio_put", line: 22))
    return double
  }

  private static func replay(before: AnalysisPath, after: AnalysisPath) throws -> PatchReplay {
    let function = FunctionPaths(
      name: "drop", file: "mm/x.c",
      before: .init(paths: [before], source: .tree, truncated: false),
      after: .init(paths: [after], source: .tree, truncated: false))
    return try Simulator.replay(
      PathSet(functions: [function]), contenders: ContenderTable.shipped(), preempt: [.none],
      cpus: [1, 2])
  }

  @Test func aPatchThatTakesAReferenceOnARetriedPathIntroducesALeak() throws {
    let locked = [
      Self.op(.lock, "folio_lock", line: 10), Self.op(.unlock, "folio_unlock", line: 20),
    ]
    let before = AnalysisPath(
      id: 1, ops: locked, exit: .return, returnValue: "0", retries: true)
    var after = before
    after.ops.insert(Self.op(.get, "folio_get", line: 12), at: 1)
    let function = FunctionPaths(
      name: "grab", file: "mm/x.c",
      before: .init(paths: [before], source: .tree, truncated: false),
      after: .init(paths: [after], source: .tree, truncated: false))
    let replay = try Simulator.replay(
      PathSet(functions: [function]), contenders: ContenderTable.shipped(), preempt: [.none],
      cpus: [1])
    let leak = try #require(replay.changes.first { $0.kind == .introducesLeak })
    #expect(leak.variant == "after")
    #expect(leak.trace.contains { $0.op == "folio_get(folio)" && $0.line == 12 })
    #expect(replay.runs.contains { $0.verdict == .referenceLeak && $0.leaked == "folio" })
    #expect(!replay.changes.contains { $0.kind == .removesLeak })
  }

  /// A function that drops the reference its caller handed over (`folio_put()` of a folio
  /// the caller looked up) puts on no zero count; a patch that adds a second put does, and the
  /// change names the race with the put that found zero at the end of its trace.
  @Test func aPatchThatAddsAPutIntroducesARefcountUnderflow() throws {
    let unchanged = try Self.replay(before: Self.singlePut, after: Self.singlePut)
    #expect(unchanged.runs.count > 4, "the races were run")
    #expect(!unchanged.runs.contains { $0.verdict == .refcountUnderflow })

    let doubled = try Self.replay(before: Self.singlePut, after: Self.doublePut)
    let underflow = try #require(doubled.changes.first { $0.kind == .introducesUnderflow })
    #expect(underflow.variant == "after")
    #expect(
      underflow.trace.last?.op.hasSuffix(": the count is already 0 (refcount underflow)") == true)
    #expect(underflow.trace.contains { $0.op.hasPrefix("folio_put(folio)") && $0.line == 22 })
    #expect(doubled.runs.contains { $0.verdict == .refcountUnderflow && $0.underflowed == "folio" })
    #expect(!doubled.runs.contains { $0.variant == "before" && $0.verdict == .refcountUnderflow })
    #expect(underflow.kind.isRegression)
  }

  /// The fix of that double put: the code after still drops the caller's reference, once, so
  /// the second put before the patch is the one too many, and the change says it is gone.
  @Test func aPatchThatRemovesADoublePutRemovesTheRefcountUnderflow() throws {
    let fixed = try Self.replay(before: Self.doublePut, after: Self.singlePut)
    let removal = try #require(fixed.changes.first { $0.kind == .removesUnderflow })
    #expect(removal.variant == "before")
    #expect(removal.trace.contains { $0.op.hasPrefix("folio_put(folio)") && $0.line == 22 })
    #expect(!fixed.runs.contains { $0.variant == "after" && $0.verdict == .refcountUnderflow })
    #expect(!fixed.changes.contains { $0.kind == .introducesUnderflow })
    #expect(!removal.kind.isRegression)
  }

  /// A patch that removes a function's only put (a leak, or a put moved to a function the
  /// patch adds) is not read as a fix: both sides leave the caller's reference out, and the
  /// races are still run, with no underflow on either side.
  @Test func aPatchThatRemovesTheOnlyPutIsNotReadAsAFix() throws {
    var unlockedOnly = Self.singlePut
    unlockedOnly.ops.removeLast()
    let removed = try Self.replay(before: Self.singlePut, after: unlockedOnly)
    #expect(removed.runs.count > 4, "the races were run")
    #expect(!removed.runs.contains { $0.verdict == .refcountUnderflow })
    #expect(!removed.changes.contains { $0.kind == .removesUnderflow })
  }
}
