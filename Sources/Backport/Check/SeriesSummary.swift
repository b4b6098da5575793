import KernelTree
import LockAnalysis

/// A series as a whole on each line, from its patches' rows (each checked with the
/// patches before it applied): affected when any patch is, `already-applied` when all
/// are, otherwise the worst landing of the patches still to apply, with everything they
/// need, in apply order.
///
/// ```swift
/// SeriesSummary(patches: reports, tree: tree).report(subject: "mm: …", message: cover)
/// // lines: [linux-6.18.y conflict (patch 2/3 hunk 1), …], series: reports
/// ```
struct SeriesSummary {
  let patches: [BackportReport]
  let tree: KernelRepository

  func report(subject: String, message: String, notes: [String]) throws(KernelTreeError)
    -> BackportReport
  {
    var rows: [LineReport] = []
    for (index, first) in (patches.first?.lines ?? []).enumerated() {
      rows.append(try row(patches.map { $0.lines[index] }, line: first.line, tip: first.tip))
    }
    let count = patches.count
    return BackportReport(
      patch: .init(subject: subject, message: message), fixCommit: nil, fixes: nil,
      statedRange: nil, lines: rows,
      notes: notes + [
        "a series of \(count) patches: each line's row is the series applied in order; "
          + "each patch's own report (its Fixes:, stated range and rows) is under series"
      ],
      series: patches)
  }

  private func row(_ rows: [LineReport], line: String, tip: String) throws(KernelTreeError)
    -> LineReport
  {
    let count = rows.count
    let pending = rows.filter { $0.status != .alreadyApplied }
    let affected = rows.contains(where: \.affected)
    let hunks = pending.flatMap(\.hunks)
    let status: LineStatus =
      pending.isEmpty ? .alreadyApplied : !affected ? .notAffected : LineChecker.status(of: hunks)
    var evidence: [String] = []
    for (index, row) in rows.enumerated() {
      evidence.append(
        "patch \(index + 1)/\(count): \(row.status.rawValue)"
          + (row.affected ? "" : " (no bug there)"))
    }
    var seen: Set<String> = []
    let missing = pending.flatMap(\.missing).filter { seen.insert($0.identifier).inserted }
    let answers = pending.map(\.libgit2Applies)
    let libgit2: Bool? =
      answers.contains(false) ? false : answers.allSatisfy { $0 == true } ? true : nil
    let built = pending.map(\.builds)
    let builds: Bool? =
      built.contains(false) ? false : built.allSatisfy { $0 == true } ? true : nil
    return LineReport(
      line: line, tip: tip, affected: affected,
      affectedBy: rows.first(where: \.affected)?.affectedBy ?? rows.first?.affectedBy,
      status: status, evidence: evidence, hunks: hunks, libgit2Applies: libgit2,
      missing: missing, dependencies: try DependencyOrder(tree: tree).dependencies(of: missing),
      findings: pending.flatMap(\.findings), builds: builds,
      notes: Array(Set(pending.flatMap(\.notes))).sorted())
  }
}
