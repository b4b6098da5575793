import LockAnalysis

/// The `--json` form of `lockstep analyze`:
/// `{"findings": [{rule, severity, file, line, function, message, path[]}],
///   "functions": [{name, file, before: {paths[]}, after: {paths[]}}], "notes": [...]}`.
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
  }

  var findings: [Finding]
  var functions: [FunctionEntry]
  var notes: [String]

  init(_ result: PatchAnalysis, withPaths: Bool) {
    findings = result.findings
    notes = result.notes
    functions = result.functions.map { function in
      func side(_ side: FunctionPaths.Side?) -> FunctionEntry.Side? {
        side.map {
          FunctionEntry.Side(
            source: $0.source, truncated: $0.truncated, pathCount: $0.paths.count,
            paths: withPaths ? $0.paths : nil)
        }
      }
      return FunctionEntry(
        name: function.name, file: function.file, before: side(function.before),
        after: side(function.after))
    }
  }

  /// Plain text for a terminal: notes, then one block per finding with its path.
  static func text(_ result: PatchAnalysis, withPaths: Bool) -> String {
    var out = ""
    for note in result.notes { out += "note: \(note)\n" }
    let ordered = result.findings.sorted {
      ($0.severity, $1.file, $1.line) > ($1.severity, $0.file, $0.line)
    }
    for finding in ordered {
      out +=
        "\(finding.file):\(finding.line): \(finding.severity.rawValue): [\(finding.rule)] \(finding.function)(): "
      out += finding.message + "\n"
      let shown = finding.path.filter { $0.op != .call || finding.path.count == 1 }
      if !shown.isEmpty {
        out += "    path: " + shown.map(\.summary).joined(separator: " → ") + "\n"
      }
    }
    if withPaths {
      for function in result.functions {
        for (label, side) in [("before", function.before), ("after", function.after)] {
          guard let side else { continue }
          out +=
            "\(function.file): \(function.name)() \(label) (\(side.source)\(side.truncated ? ", truncated" : "")):\n"
          for path in side.paths {
            out += "  #\(path.id) \(path.exit)\(path.retries ? " (retried)" : ""): "
            out += path.ops.map(\.summary).joined(separator: " → ") + "\n"
          }
        }
      }
    }
    let counts = Dictionary(grouping: result.findings, by: \.severity).mapValues(\.count)
    out +=
      "\(result.functions.count) function(s); \(counts[.error] ?? 0) error(s), \(counts[.warning] ?? 0) "
    out += "warning(s), \(counts[.info] ?? 0) info\n"
    return out
  }
}
