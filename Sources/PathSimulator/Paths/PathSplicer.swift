/// Turns the exported paths of one function version into thread statements.
///
/// Paths share their beginning (every path of `do_swap_page` takes the PTL first), so
/// they are merged into a tree; where they part at a `trylock` or `try-get`, the
/// outcome decides (the thread takes the branch the lock's state allows); where they
/// part for reasons the export does not model, the thread chooses. A path ends by
/// falling through to the statement after `paths`, or with `retry` when it `retries` —
/// unless it calls the scenario's `resolved-by` operation (`migrate_to_ram`): a fault
/// handler returns to the retrying caller either way, but only a path that moved the
/// page back leaves the caller nothing to retry.
struct PathSplicer {
  private final class Node {
    let op: PathExport.Operation?
    var children: [Node] = []
    var endings: [Bool] = []
    init(_ op: PathExport.Operation?) { self.op = op }
  }

  let function: PathExport.Function
  /// Maps an exported object expression (`vmf->page`) to the scenario's object name.
  let objectName: (String) -> String
  let line: Int
  let scenarioFile: String

  func statements(version: String, via: String?, resolvedBy: String? = nil) throws(ScenarioError)
    -> [Statement]
  {
    guard let paths = (version == "before" ? function.before : function.after)?.paths else {
      throw ScenarioError(
        file: scenarioFile, line: line,
        message: "the path export has no '\(version)' paths for \(function.name)")
    }
    // `via a,b`: the paths that call any of the named functions.
    let wanted = via.map { Set($0.split(separator: ",").map(String.init)) }
    let selected = paths.filter { path in
      wanted.map { names in path.ops.contains { $0.call.map(names.contains) ?? false } } ?? true
    }
    guard !selected.isEmpty else {
      throw ScenarioError(
        file: scenarioFile, line: line,
        message: "no \(version) path of \(function.name) calls \(via ?? "anything")")
    }
    let root = Node(nil)
    for path in selected {
      var node = root
      for op in path.ops where op.op != "return" {
        if let child = node.children.first(where: { $0.op == op }) {
          node = child
        } else {
          let child = Node(op)
          node.children.append(child)
          node = child
        }
      }
      let resolves = resolvedBy.map { name in path.ops.contains { $0.call == name } } ?? false
      let retries = (path.retries ?? false) && !resolves
      if !node.endings.contains(retries) { node.endings.append(retries) }
    }
    return try continuation(of: root)
  }

  private func continuation(of node: Node) throws(ScenarioError) -> [Statement] {
    var alternatives: [[Statement]] = []
    var paired: Set<Int> = []
    for (position, child) in node.children.enumerated() where !paired.contains(position) {
      guard let op = child.op else { continue }
      if let primitive = Self.attempts[op.op] {
        var success: Branch = .impossible
        var failure: Branch = .impossible
        for (other, sibling) in node.children.enumerated().dropFirst(position) {
          guard let siblingOp = sibling.op, siblingOp.op == op.op, siblingOp.object == op.object,
            siblingOp.line == op.line
          else { continue }
          paired.insert(other)
          let rest = Branch.block(try continuation(of: sibling))
          if siblingOp.outcome == "failed" { failure = rest } else { success = rest }
        }
        alternatives.append([
          statement(
            .attempt(
              primitive, object: objectName(op.object ?? "?"), expected: 0, onSuccess: success,
              onFailure: failure), op)
        ])
      } else {
        alternatives.append(try simple(op) + continuation(of: child))
      }
    }
    for retries in node.endings {
      alternatives.append(retries ? [Statement(kind: .retry, line: line, text: "retry")] : [])
    }
    if alternatives.count == 1 { return alternatives[0] }
    return [Statement(kind: .choose(alternatives), line: line, text: "choose a path")]
  }

  private static let attempts: [String: Primitive] = ["trylock": .trylock, "try-get": .tryGet]

  /// The scenario primitive for each exported operation (see PATHS.md); `map`, `unmap`,
  /// `call` and `return` are steps that touch nothing shared.
  private func simple(_ op: PathExport.Operation) throws(ScenarioError) -> [Statement] {
    let object = op.object.map(objectName)
    let primitive: Primitive
    var releasing: String?
    switch op.op {
    case "lock":
      primitive = op.kind == "spinlock" ? .spinLock : op.kind == "rwsem" ? .writeLock : .lock
    case "unlock":
      primitive = op.kind == "spinlock" ? .spinUnlock : op.kind == "rwsem" ? .writeUnlock : .unlock
    case "read-lock": primitive = .readLock
    case "read-unlock": primitive = .readUnlock
    case "write-lock": primitive = .writeLock
    case "write-unlock": primitive = .writeUnlock
    case "get": primitive = .get
    case "put": primitive = .put
    case "map-lock": primitive = .spinLock
    case "unmap-unlock": primitive = .spinUnlock
    case "wait-unlocked":
      primitive = .waitUnlocked
      releasing = op.releases.map(objectName)
    case "drain-all-cpus": primitive = .drainAllCPUs
    case "cond-resched": primitive = .condResched
    case "may-sleep": primitive = .mightSleep
    case "map", "unmap", "call":
      return [statement(.simple(.call, object: op.call ?? op.op, releasing: nil), op)]
    default:
      throw ScenarioError(
        file: scenarioFile, line: line,
        message: "unknown operation '\(op.op)' in the paths of \(function.name)")
    }
    let needsObject = ![.drainAllCPUs, .condResched, .mightSleep].contains(primitive)
    if needsObject, object == nil {
      throw ScenarioError(
        file: scenarioFile, line: line,
        message: "operation '\(op.op)' at line \(op.line ?? 0) of \(function.name) has no object")
    }
    return [
      statement(.simple(primitive, object: needsObject ? object : nil, releasing: releasing), op)
    ]
  }

  private func statement(_ kind: Statement.Kind, _ op: PathExport.Operation) -> Statement {
    var text = op.call ?? op.op
    if let object = op.object, let call = op.call { text = "\(call)(\(object))" }
    if op.op == "return", let value = op.value { text = "return \(value)" }
    return Statement(
      kind: kind, line: line, text: text,
      source: op.line.map { SourceLocation(file: op.file ?? function.file, line: $0) })
  }
}
