import Foundation
import KernelTree
import LockAnalysis
import PatchDiff

/// Checks a patch, or the patches of a series in order, against every stable line at
/// once, in memory: affected, already applied, applies (clean / offset / fuzz /
/// conflict), what it needs and in which order, whether it builds, and the lock findings
/// of the patch as applied there. Never writes to the repository.
///
/// ```swift
/// let backporter = Backporter(repository: try KernelRepository(path: "linux"), table: try .builtin())
/// let report = try backporter.check(request, lines: "linux-6.1*")
/// report.lines.map { "\($0.line) \($0.status)" }
/// ```
///
/// Each line's files are read first (where the hunks land, what is missing, whether the
/// fix's pre- and post-image are there); history is then asked about every line at once,
/// and compares line commits by patch-id only where the files leave the answer open.
public final class Backporter {
  let tree: KernelRepository
  let table: PrimitiveTable
  let renames: RenameTable
  /// Told what long work is doing (`checking linux-6.12.y`); the CLI shows it on a terminal.
  public var progress: (@Sendable (String) -> Void)?

  public init(repository: KernelRepository, table: PrimitiveTable, renames: RenameTable = .builtin)
  {
    tree = repository
    self.table = table
    self.renames = renames
  }

  /// The report for every stable line whose name matches `glob` (all with `nil`), worked
  /// out to `depth`.
  public func check(
    _ request: BackportRequest, lines glob: String? = nil, depth: BackportDepth = .full
  ) throws(KernelTreeError) -> BackportReport {
    try check(
      series: [request], subject: request.subject, message: request.message, lines: glob,
      depth: depth)
  }

  /// The report for the patches of a series, in order: each patch on each line with the
  /// patches before it applied there (their files, and the identifiers they add), and the
  /// series as a whole per line (`lines`: its worst landing, everything it needs). One
  /// patch gives that patch's report.
  /// `notes` (what the input left out, say a patch of the series the thread lacks) are
  /// reported with the series.
  public func check(
    series requests: [BackportRequest], subject: String, message: String,
    notes: [String] = [], lines glob: String? = nil, depth: BackportDepth = .full
  ) throws(KernelTreeError) -> BackportReport {
    var lines = try tree.stableLines()
    if let glob { lines = lines.filter { fnmatch(glob, $0.name, 0) == 0 } }
    var contexts: [RequestContext] = []
    for request in requests {
      contexts.append(
        try RequestContext(request: request, tree: tree, renames: renames, depth: depth))
    }
    // The files first: every patch on every line, in series order.
    var readings = Array(repeating: [LineReading](), count: contexts.count)
    var earlier = Array(repeating: [EarlierPatches](), count: contexts.count)
    for line in lines {
      progress?("reading \(line.name)")
      var before = EarlierPatches()
      for (number, context) in contexts.enumerated() {
        let checker = LineChecker(context: context, line: line, table: table, earlier: before)
        let reading = try checker.read()
        readings[number].append(reading)
        earlier[number].append(before)
        before.add(reading, of: context)
      }
    }
    // Then history, for all lines at once, and the rows.
    var reports: [BackportReport] = []
    for (number, context) in contexts.enumerated() {
      let fix = try context.fixCommit.map { fix throws(KernelTreeError) in
        try context.presences(
          of: fix, comparingPatchesOn: Self.names(lines, readings[number], \.searchesPatchID))
      }
      let target = try context.target.map { target throws(KernelTreeError) in
        try context.presences(
          of: target,
          comparingPatchesOn: Self.names(lines, readings[number], \.searchesTargetPatchID))
      }
      var rows: [LineReport] = []
      for (index, line) in lines.enumerated() {
        progress?("checking \(line.name)")
        let checker = LineChecker(
          context: context, line: line, table: table, earlier: earlier[number][index])
        rows.append(
          try checker.report(
            readings[number][index], fix: fix?[line.name], target: target?[line.name]))
      }
      let request = context.request
      reports.append(
        BackportReport(
          patch: .init(
            subject: request.subject.isEmpty ? context.fixCommit?.subject ?? "" : request.subject,
            message: request.message),
          fixCommit: context.fixCommit?.id.hex, fixes: try context.fixesSummary(),
          statedRange: Self.rangeCheck(request.statedRange, lines: lines, reports: rows),
          lines: rows, notes: context.notes, series: nil))
    }
    guard reports.count > 1 else {
      let one = reports[0]
      return BackportReport(
        patch: one.patch, fixCommit: one.fixCommit, fixes: one.fixes,
        statedRange: one.statedRange, lines: one.lines, notes: notes + one.notes, series: nil)
    }
    return try SeriesSummary(patches: reports, tree: tree).report(
      subject: subject, message: message, notes: notes)
  }

  /// The names of the lines whose reading says `yes`.
  static func names(
    _ lines: [StableLine], _ readings: [LineReading], _ yes: KeyPath<LineReading, Bool>
  )
    -> Set<String>
  {
    Set(zip(lines, readings).filter { $0.1[keyPath: yes] }.map(\.0.name))
  }

  /// The lines the stated range names, and where it disagrees with the lines found to
  /// have the bug (judged without the range).
  static func rangeCheck(_ range: StableRange?, lines: [StableLine], reports: [LineReport])
    -> BackportReport.StatedRangeCheck?
  {
    guard let range else { return nil }
    let named = lines.filter { range.includes($0.series) }.map(\.name)
    let judged = reports.filter { $0.affectedBy != .statedRange }
    guard !judged.isEmpty else {
      return .init(
        text: range.text, lines: named,
        mismatch: nil)
    }
    let withBug = Set(judged.filter(\.affected).map(\.line))
    let judgedNames = Set(judged.map(\.line))
    let extra = named.filter { judgedNames.contains($0) && !withBug.contains($0) }
    let missed = judged.map(\.line).filter { withBug.contains($0) && !named.contains($0) }
    var problems: [String] = []
    if !extra.isEmpty { problems.append("names \(extra.joined(separator: ", ")) without the bug") }
    if !missed.isEmpty {
      problems.append("misses \(missed.joined(separator: ", ")), which has the bug")
    }
    return .init(
      text: range.text, lines: named,
      mismatch: problems.isEmpty ? nil : "the range " + problems.joined(separator: "; "))
  }
}
