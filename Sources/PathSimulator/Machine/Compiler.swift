import PathFormat

/// Compiles the threads of one scenario variant into a `Program`, splicing exported paths.
struct Compiler {
  private var code: [Instruction] = []
  private var objects: [String] = []
  private var refs: [Int] = []
  private var aliases: [String: String] = [:]
  private let scenario: Scenario
  private let paths: PathSet?

  init(scenario: Scenario, paths: PathSet?) {
    self.scenario = scenario
    self.paths = paths
    for object in scenario.objects {
      objects.append(object.name)
      refs.append(object.refs)
      for alias in object.aliases { aliases[alias] = object.name }
    }
  }

  private func fail(_ line: Int, _ message: String) -> ScenarioError {
    ScenarioError(file: scenario.file, line: line, message: message)
  }

  static func compile(
    _ scenario: Scenario, variant: String, cpus: Int, paths: PathSet?
  ) throws(ScenarioError) -> Program {
    var compiler = Compiler(scenario: scenario, paths: paths)
    var threads: [ThreadInfo] = []
    let specs = scenario.threads(of: variant)
    guard !specs.isEmpty else { throw compiler.fail(1, "variant '\(variant)' has no threads") }
    guard specs.count + cpus <= 60 else {
      throw compiler.fail(specs[0].line, "too many threads and CPUs")
    }
    for spec in specs {
      let start = Int32(compiler.code.count)
      try compiler.emit(spec.body)
      compiler.code.append(Instruction(opcode: .jump, next: Instruction.end, text: "end"))
      threads.append(
        ThreadInfo(name: spec.name, cpu: spec.cpu.map { $0 % cpus }, entry: start))
    }
    guard compiler.code.count < Int(UInt16.max) else {
      throw compiler.fail(specs[0].line, "the threads compile to more than 65534 operations")
    }
    try compiler.resolveJumps(lines: specs.map(\.line))
    for index in threads.indices {
      threads[index].entry = try compiler.target(threads[index].entry, line: specs[index].line)
    }
    return Program(
      instructions: compiler.code, threads: threads, objectNames: compiler.objects,
      initialRefs: compiler.refs, cpus: cpus)
  }

  private mutating func object(_ name: String) -> Int32 {
    let name = aliases[name] ?? name
    if let index = objects.firstIndex(of: name) { return Int32(index) }
    objects.append(name)
    refs.append(0)
    return Int32(objects.count - 1)
  }

  /// The loop a `retry` restarts and the jumps a `break` leaves through.
  private struct Loop {
    var start: Int32
    var exits: [Int]
  }

  private var loops: [Loop] = []

  private mutating func jump(to target: Int32) {
    code.append(Instruction(opcode: .jump, next: target, text: "jump"))
  }

  /// How many statements enclose the one being compiled. The parser and the path splicer
  /// already refuse deeper nesting; this keeps a scenario built in code from overflowing the
  /// stack of this recursive compiler.
  private var depth = 0
  static let maxDepth = 4 * ScenarioParser.maxDepth

  private mutating func emit(_ statements: [Statement]) throws(ScenarioError) {
    depth += 1
    defer { depth -= 1 }
    guard depth <= Self.maxDepth else {
      throw fail(statements.first?.line ?? 1, "statements nested more than \(Self.maxDepth) deep")
    }
    for statement in statements { try emit(statement) }
  }

  private mutating func emit(_ statement: Statement) throws(ScenarioError) {
    switch statement.kind {
    case .simple(let primitive, let object, let releasing):
      var instruction = Instruction(
        opcode: Self.opcodes[primitive]!, next: Int32(code.count + 1), text: statement.text,
        source: statement.source)
      if let object, primitive != .progress, primitive != .call {
        instruction.object = self.object(object)
      }
      if let releasing { instruction.releasing = self.object(releasing) }
      code.append(instruction)
    case .attempt(let primitive, let object, let expected, let onSuccess, let onFailure):
      let index = code.count
      code.append(
        Instruction(
          opcode: Self.opcodes[primitive]!, object: self.object(object), value: Int32(expected),
          text: statement.text, source: statement.source))
      code[index].next = try branch(onSuccess)
      code[index].alternative = try branch(onFailure)
      patchExits()
    case .ifFlag(let flag, let then, let otherwise):
      let index = code.count
      code.append(Instruction(opcode: .testFlag, object: self.object(flag), text: statement.text))
      code[index].next = try branch(.block(then))
      code[index].alternative = try branch(.block(otherwise))
      patchExits()
    case .loop(let body):
      loops.append(Loop(start: Int32(code.count), exits: []))
      try emit(body)
      let inner = loops.removeLast()
      jump(to: inner.start)
      for exit in inner.exits { code[exit].next = Int32(code.count) }
    case .choose(let branches):
      let index = code.count
      code.append(Instruction(opcode: .choose, text: statement.text))
      var choices: [Int32] = []
      for branch in branches { choices.append(try self.branch(.block(branch))) }
      code[index].choices = choices
      patchExits()
    case .retry:
      guard let loop = loops.last else { throw fail(statement.line, "'retry' outside a loop") }
      jump(to: loop.start)
    case .breakLoop:
      guard !loops.isEmpty else { throw fail(statement.line, "'break' outside a loop") }
      loops[loops.count - 1].exits.append(code.count)
      jump(to: 0)
    case .returnThread:
      jump(to: Instruction.end)
    case .paths(let function, let version, let via, let resolvedBy):
      guard let paths else {
        throw fail(
          statement.line, "'paths \(function) \(version)' needs a path export (--paths FILE)")
      }
      guard let exported = paths.functions.first(where: { $0.name == function }) else {
        throw fail(statement.line, "the path export has no function \(function)")
      }
      let names = aliases
      let splicer = PathSplicer(
        function: exported, objectName: { names[$0] ?? $0 }, line: statement.line,
        scenarioFile: scenario.file)
      try emit(try splicer.statements(version: version, via: via, resolvedBy: resolvedBy))
    }
  }

  /// Jumps emitted at the end of each branch that must land after the whole statement.
  private var pendingExits: [Int] = []

  /// Emits a branch's statements followed by a jump to the end of the statement; returns its start.
  private mutating func branch(_ branch: Branch) throws(ScenarioError) -> Int32 {
    switch branch {
    case .impossible:
      return Instruction.impossible
    case .fallThrough:
      let start = Int32(code.count)
      pendingExits.append(code.count)
      jump(to: 0)
      return start
    case .block(let statements):
      let start = Int32(code.count)
      let saved = pendingExits
      pendingExits = []
      try emit(statements)
      pendingExits = saved + [code.count]
      jump(to: 0)
      return start
    }
  }

  /// Points the exit jumps of the branches just emitted at the next instruction.
  private mutating func patchExits() {
    for exit in pendingExits { code[exit].next = Int32(code.count) }
    pendingExits = []
  }

  private func target(_ start: Int32, line: Int) throws(ScenarioError) -> Int32 {
    var target = start
    var hops = 0
    while target >= 0, code[Int(target)].opcode == .jump {
      target = code[Int(target)].next
      hops += 1
      if hops > code.count { throw fail(line, "a loop with no operation in it never ends") }
    }
    return target
  }

  private mutating func resolveJumps(lines: [Int]) throws(ScenarioError) {
    let line = lines.first ?? 1
    for index in code.indices where code[index].opcode != .jump {
      code[index].next = try target(code[index].next, line: line)
      if code[index].alternative != Instruction.impossible {
        code[index].alternative = try target(code[index].alternative, line: line)
      }
      for choice in code[index].choices.indices {
        code[index].choices[choice] = try target(code[index].choices[choice], line: line)
      }
    }
  }

  private static let opcodes: [Primitive: Opcode] = [
    .spinLock: .spinLock, .spinUnlock: .spinUnlock, .lock: .lock, .unlock: .unlock,
    .trylock: .trylock, .readLock: .readLock, .readUnlock: .readUnlock, .writeLock: .writeLock,
    .writeUnlock: .writeUnlock, .get: .get, .put: .put, .tryGet: .tryGet, .migrate: .migrate,
    .waitUnlocked: .waitUnlocked, .drainAllCPUs: .drain, .condResched: .condResched,
    .mightSleep: .mightSleep, .call: .local, .progress: .progress, .set: .setFlag,
    .clear: .clearFlag,
  ]
}
