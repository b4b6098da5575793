import PathFormat

/// Turns the exported paths of one function version into thread statements.
///
/// Paths share their beginning (every path of `do_swap_page` takes the PTL first), so
/// they are merged into a tree; where they part at a `trylock` or `try-get`, the
/// outcome decides (the thread takes the branch the lock's state allows); where they
/// part for reasons the export does not model, the thread chooses. A path ends by
/// falling through to the statement after `paths`, or with `retry` when it `retries` —
/// unless it calls one of the scenario's `resolved-by` operations (`migrate_to_ram`,
/// `set_pte_at`): a fault handler returns to the retrying caller either way, but only a
/// path that moved the page back or installed the PTE leaves the caller nothing to retry.
/// A path that ends where the patch's lines end (`fragment-end`) releases what it still
/// holds: the rest of the function is unknown.
///
/// - Complexity: O(total operations); a straight run of operations is spliced without
///   recursion, so a path's length never deepens the stack (only its nested branch points).
struct PathSplicer {
  private final class Node {
    let op: PathOp?
    var children: [Node] = []
    var endings: [Bool] = []
    init(_ op: PathOp?) { self.op = op }
  }

  /// Branch points nested deeper than this end the splice with an error, not a stack overflow.
  static let maxBranchDepth = 200

  let function: FunctionPaths
  /// Maps an exported object expression (`vmf->page`) to the scenario's object name.
  let objectName: (String) -> String
  let line: Int
  let scenarioFile: String

  func statements(version: String, via: String?, resolvedBy: [String] = []) throws(ScenarioError)
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
      for op in Self.completed(path) where op.op != .return {
        if let child = node.children.first(where: { $0.op == op }) {
          node = child
        } else {
          let child = Node(op)
          node.children.append(child)
          node = child
        }
      }
      let resolves = path.ops.contains { $0.call.map(resolvedBy.contains) ?? false }
      let retries = path.retries && !resolves
      if !node.endings.contains(retries) { node.endings.append(retries) }
    }
    return try continuation(of: root, depth: 0)
  }

  /// The path's operations; at a `fragment-end`, followed by the release of every lock the
  /// path took and did not release, last taken first.
  static func completed(_ path: AnalysisPath) -> [PathOp] {
    guard path.exit == .fragmentEnd else { return path.ops }
    var held: [PathOp] = []
    for op in path.ops {
      switch op.op {
      case .lock, .readLock, .writeLock, .mapLock: held.append(op)
      case .trylock where op.outcome != .failed: held.append(op)
      case .unlock, .readUnlock, .writeUnlock, .unmapUnlock:
        if let index = held.lastIndex(where: { $0.object == op.object }) { held.remove(at: index) }
      default: break
      }
    }
    return path.ops
      + held.reversed().map { taken in
        let release: PathOp.Kind =
          switch taken.op {
          case .readLock: .readUnlock
          case .writeLock: .writeUnlock
          case .mapLock: .unmapUnlock
          default: .unlock
          }
        var op = PathOp(
          op: release, call: "(end of the lines shown)", object: taken.object, line: taken.line)
        op.kind = taken.kind
        op.file = taken.file
        return op
      }
  }

  private func continuation(of start: Node, depth: Int) throws(ScenarioError) -> [Statement] {
    guard depth <= Self.maxBranchDepth else {
      throw ScenarioError(
        file: scenarioFile, line: line,
        message:
          "the paths of \(function.name) branch more than \(Self.maxBranchDepth) levels deep")
    }
    // A straight run: one child that is not an attempt, and no path ends here.
    var prefix: [Statement] = []
    var node = start
    while node.endings.isEmpty, node.children.count == 1, let op = node.children[0].op,
      Self.attempts[op.op] == nil
    {
      prefix += try simple(op)
      node = node.children[0]
    }
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
          let rest = Branch.block(try continuation(of: sibling, depth: depth + 1))
          if siblingOp.outcome == .failed { failure = rest } else { success = rest }
        }
        alternatives.append([
          statement(
            .attempt(
              primitive, object: objectName(op.object ?? "?"), expected: 0, onSuccess: success,
              onFailure: failure), op)
        ])
      } else {
        alternatives.append(try simple(op) + continuation(of: child, depth: depth + 1))
      }
    }
    for retries in node.endings {
      alternatives.append(retries ? [Statement(kind: .retry, line: line, text: "retry")] : [])
    }
    if alternatives.count == 1 { return prefix + alternatives[0] }
    return prefix + [Statement(kind: .choose(alternatives), line: line, text: "choose a path")]
  }

  private static let attempts: [PathOp.Kind: Primitive] = [.trylock: .trylock, .tryGet: .tryGet]

  /// The scenario primitive for each exported operation (see PATHS.md); `map`, `unmap`,
  /// `call` and `return` are steps that touch nothing shared.
  private func simple(_ op: PathOp) throws(ScenarioError) -> [Statement] {
    let object = op.object.map(objectName)
    let primitive: Primitive
    var releasing: String?
    switch op.op {
    case .lock:
      primitive = op.kind == .spinlock ? .spinLock : op.kind == .rwsem ? .writeLock : .lock
    case .unlock:
      primitive = op.kind == .spinlock ? .spinUnlock : op.kind == .rwsem ? .writeUnlock : .unlock
    case .readLock: primitive = .readLock
    case .readUnlock: primitive = .readUnlock
    case .writeLock: primitive = .writeLock
    case .writeUnlock: primitive = .writeUnlock
    case .get: primitive = .get
    case .put: primitive = .put
    case .mapLock: primitive = .spinLock
    case .unmapUnlock: primitive = .spinUnlock
    case .waitUnlocked:
      primitive = .waitUnlocked
      releasing = op.releases.map(objectName)
    case .drainAllCPUs: primitive = .drainAllCPUs
    case .condResched: primitive = .condResched
    case .maySleep: primitive = .mightSleep
    case .map, .unmap, .call, .return:
      return [statement(.simple(.call, object: op.call ?? op.op.rawValue, releasing: nil), op)]
    case .trylock, .tryGet:
      throw ScenarioError(
        file: scenarioFile, line: line,
        message: "operation '\(op.op.rawValue)' of \(function.name) outside a branch point")
    }
    let needsObject = ![.drainAllCPUs, .condResched, .mightSleep].contains(primitive)
    if needsObject, object == nil {
      throw ScenarioError(
        file: scenarioFile, line: line,
        message:
          "operation '\(op.op.rawValue)' at line \(op.line) of \(function.name) has no object")
    }
    return [
      statement(.simple(primitive, object: needsObject ? object : nil, releasing: releasing), op)
    ]
  }

  private func statement(_ kind: Statement.Kind, _ op: PathOp) -> Statement {
    var text = op.call ?? op.op.rawValue
    if let object = op.object, let call = op.call { text = "\(call)(\(object))" }
    if op.op == .return, let value = op.value { text = "return \(value)" }
    return Statement(
      kind: kind, line: line, text: text,
      source: SourceLocation(file: op.file ?? function.file, line: op.line))
  }
}
