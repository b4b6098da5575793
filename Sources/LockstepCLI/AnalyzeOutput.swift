import LockAnalysis

/// The `--json` form of `lockstep analyze`:
/// `{"schema": 1, "findings": [{rule, severity, file, line, function, message, path[], patch}],
///   "functions": [{name, file, before: {paths[]}, after: {paths[]}, patch}], "notes": [...],
///   "patches": [{number, subject}], "problems": [...]}`. `patch` numbers the input's patches from 1 (absent for
/// `--whole-file`); a series is analyzed patch after patch.
struct AnalyzeOutput: Encodable {
  struct FunctionEntry: Encodable {
    struct Side: Encodable {
      var source: String
      var truncated: Bool
      var pathCount: Int
      var paths: [AnalysisPath]?
    }

    var name: String
    var file: String
    var before: Side?
    var after: Side?
    var patch: Int?
  }

  /// A finding and the patch it is about.
  struct FindingEntry: Encodable {
    enum Key: String, CodingKey { case patch }
    var finding: Finding
    var patch: Int?

    func encode(to encoder: any Encoder) throws {
      try finding.encode(to: encoder)
      var container = encoder.container(keyedBy: Key.self)
      try container.encodeIfPresent(patch, forKey: .patch)
    }
  }

  /// Patch 3 of the input, by the subject of its mail (`[PATCH 3/30] mm: madvise: …`).
  struct PatchEntry: Encodable {
    var number: Int
    var subject: String
  }

  /// The version of the path schema (`PathSet.schemaVersion`): with `--paths`, this JSON is
  /// what `lockstep simulate --paths` reads as a `PathSet`.
  var schema = PathSet.schemaVersion
  var findings: [FindingEntry] = []
  var functions: [FunctionEntry] = []
  var notes: [String] = []
  var patches: [PatchEntry] = []
  /// What could not be read (a malformed hunk, a damaged repository object), each naming
  /// where; with any, the command exits 65 after printing the rest.
  var problems: [String] = []

  /// The results of `--whole-file` (not about a patch).
  init(_ result: PatchAnalysis, withPaths: Bool) {
    add(result, patch: nil, subject: nil, withPaths: withPaths)
  }

  var hasErrors: Bool { findings.contains { $0.finding.severity == .error } }

  mutating func add(_ result: PatchAnalysis, patch: Int?, subject: String?, withPaths: Bool) {
    if let patch { patches.append(PatchEntry(number: patch, subject: subject ?? "")) }
    findings += result.findings.map { FindingEntry(finding: $0, patch: patch) }
    notes += result.notes
    functions += result.functions.map { function in
      func side(_ side: FunctionPaths.Side?) -> FunctionEntry.Side? {
        side.map {
          FunctionEntry.Side(
            source: $0.source, truncated: $0.truncated, pathCount: $0.paths.count,
            paths: withPaths ? $0.paths : nil)
        }
      }
      return FunctionEntry(
        name: function.name, file: function.file, before: side(function.before),
        after: side(function.after), patch: patch)
    }
  }

  /// Plain text for a terminal: notes, then one block per finding with its path; with more
  /// than one patch, the findings under a heading per patch (`== patch 2 of 30: [PATCH 2/30] …`).
  func text(withPaths: Bool) -> String {
    var out = ""
    for note in notes { out += "note: \(note)\n" }
    for problem in problems { out += "problem: \(problem)\n" }
    let groups = Dictionary(grouping: findings, by: \.patch)
    for patch in [nil] + patches.map(\.number) {
      guard let group = groups[patch] else { continue }
      if let patch, patches.count > 1 {
        let subject = patches[patch - 1].subject
        out +=
          "== patch \(patch) of \(patches.count)" + (subject.isEmpty ? "" : ": \(subject)") + "\n"
      }
      let ordered = group.map(\.finding).sorted {
        ($0.severity, $1.file, $1.line) > ($1.severity, $0.file, $0.line)
      }
      for finding in ordered { out += Self.text(finding) }
    }
    if withPaths {
      for function in functions {
        for (label, side) in [("before", function.before), ("after", function.after)] {
          guard let side else { continue }
          out +=
            "\(function.file): \(function.name)() \(label) (\(side.source)\(side.truncated ? ", truncated" : "")):\n"
          for path in side.paths ?? [] {
            out += "  #\(path.id) \(path.exit)\(path.retries ? " (retried)" : ""): "
            out += path.ops.map(\.summary).joined(separator: " → ") + "\n"
          }
        }
      }
    }
    let counts = Dictionary(grouping: findings, by: \.finding.severity).mapValues(\.count)
    out +=
      "\(functions.count) function(s); \(counts[.error] ?? 0) error(s), \(counts[.warning] ?? 0) "
    out += "warning(s), \(counts[.info] ?? 0) info\n"
    return out
  }

  /// `mm/memory.c:4677: warning: [trylock-retry] do_swap_page(): …` and its path.
  static func text(_ finding: Finding) -> String {
    var out =
      "\(finding.file):\(finding.line): \(finding.severity.rawValue): [\(finding.rule)] \(finding.function)(): "
    out += finding.message + "\n"
    let shown = finding.path.filter { $0.op != .call || finding.path.count == 1 }
    if !shown.isEmpty {
      out += "    path: " + shown.map(\.summary).joined(separator: " → ") + "\n"
    }
    return out
  }
}
