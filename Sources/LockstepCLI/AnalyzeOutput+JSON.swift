import LockAnalysis

// `lockstep analyze --json` writes every documented key, absent values as `null` (a new
// function's `before`, the `patch` of `--whole-file`, a path op's `object`/`outcome`/`kind`):
// a script reads `x["before"]` without asking whether the key is there.

extension AnalyzeOutput.FunctionEntry {
  enum Key: String, CodingKey { case name, file, before, after, patch }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: Key.self)
    try container.encode(name, forKey: .name)
    try container.encode(file, forKey: .file)
    try container.encode(before, forKey: .before)
    try container.encode(after, forKey: .after)
    try container.encode(patch, forKey: .patch)
  }
}

extension AnalyzeOutput.FunctionEntry.Side {
  enum Key: String, CodingKey { case source, truncated, pathCount, paths }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: Key.self)
    try container.encode(source, forKey: .source)
    try container.encode(truncated, forKey: .truncated)
    try container.encode(pathCount, forKey: .pathCount)
    try container.encode(paths?.map(PathJSON.init), forKey: .paths)
  }
}

extension AnalyzeOutput.FindingEntry {
  enum Key: String, CodingKey { case rule, severity, file, line, function, message, path, patch }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: Key.self)
    try container.encode(finding.rule, forKey: .rule)
    try container.encode(finding.severity, forKey: .severity)
    try container.encode(finding.file, forKey: .file)
    try container.encode(finding.line, forKey: .line)
    try container.encode(finding.function, forKey: .function)
    try container.encode(finding.message, forKey: .message)
    try container.encode(finding.path.map(OpJSON.init), forKey: .path)
    try container.encode(patch, forKey: .patch)
  }
}

/// A path as the export writes it: `{id, ops, exit, returnValue, retries}`.
struct PathJSON: Encodable {
  let path: AnalysisPath
  enum Key: String, CodingKey { case id, ops, exit, returnValue, retries }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: Key.self)
    try container.encode(path.id, forKey: .id)
    try container.encode(path.ops.map(OpJSON.init), forKey: .ops)
    try container.encode(path.exit, forKey: .exit)
    try container.encode(path.returnValue, forKey: .returnValue)
    try container.encode(path.retries, forKey: .retries)
  }
}

/// A primitive operation with all its keys: `{op, call, object, outcome, kind, releases,
/// value, line, file}`.
struct OpJSON: Encodable {
  let op: PathOp
  enum Key: String, CodingKey { case op, call, object, outcome, kind, releases, value, line, file }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: Key.self)
    try container.encode(op.op, forKey: .op)
    try container.encode(op.call, forKey: .call)
    try container.encode(op.object, forKey: .object)
    try container.encode(op.outcome, forKey: .outcome)
    try container.encode(op.kind, forKey: .kind)
    try container.encode(op.releases, forKey: .releases)
    try container.encode(op.value, forKey: .value)
    try container.encode(op.line, forKey: .line)
    try container.encode(op.file, forKey: .file)
  }
}
