/// Reads the line-oriented scenario format documented in `Sources/PathSimulator/Resources/scenarios/README.md`.
///
/// Each line is one declaration or statement; `#` starts a comment; blocks open
/// with `{` at the end of a line and close with `}` on a line of their own
/// (`} else {` and `} or {` continue a statement).
struct ScenarioParser {
  struct Line {
    var number: Int
    var words: [String]
  }

  let file: String
  var lines: [Line] = []
  var index = 0
  /// How many blocks enclose the line being read; deeper than `maxDepth` is an error, so a
  /// hostile file cannot overflow the stack of this recursive reader or of the compiler.
  private var depth = 0
  static let maxDepth = 200
  /// The offset of the first NUL byte: a binary file is refused, not echoed in errors.
  let binaryOffset: Int?

  init(text: String, file: String) {
    self.file = file
    binaryOffset = text.utf8.firstIndex(of: 0).map {
      text.utf8.distance(from: text.utf8.startIndex, to: $0)
    }
    var number = 0
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      number += 1
      let words = Self.words(of: Substring(raw))
      if !words.isEmpty { lines.append(Line(number: number, words: words)) }
    }
  }

  /// Splits a line into words: quoted strings stay whole (without quotes), braces stand alone.
  private static func words(of line: Substring) -> [String] {
    var words: [String] = []
    var current = ""
    var quoted = false
    func flush() {
      if !current.isEmpty { words.append(current) }
      current = ""
    }
    for character in line {
      if quoted {
        if character == "\"" {
          words.append(current)
          current = ""
          quoted = false
        } else {
          current.append(character)
        }
      } else if character == "\"" {
        flush()
        quoted = true
      } else if character == "#" {
        break
      } else if character == "{" || character == "}" {
        flush()
        words.append(String(character))
      } else if character.isWhitespace {
        flush()
      } else {
        current.append(character)
      }
    }
    flush()
    return words
  }

  /// An error naming the file and line, clipped to 200 characters with control bytes shown
  /// as `?`, so an error that quotes the file stays one readable line.
  func fail(_ line: Int?, _ message: String) -> ScenarioError {
    var shown = String(message.unicodeScalars.map { $0.value < 0x20 ? "?" : Character($0) })
    if shown.count > 200 { shown = String(shown.prefix(200)) + "…" }
    return ScenarioError(file: file, line: line, message: shown)
  }

  mutating func parse() throws(ScenarioError) -> Scenario {
    if let binaryOffset {
      throw fail(nil, "binary data (a NUL byte at offset \(binaryOffset)), not a scenario")
    }
    var name: String?
    var title = ""
    var defaultPaths: String?
    var cpus = [2]
    var preempt: [PreemptionModel] = [.none, .voluntary, .full]
    var objects: [ObjectSpec] = []
    var threads: [ThreadSpec] = []
    var variants: [VariantSpec] = []
    var expectations: [Expectation] = []
    while index < lines.count {
      let line = lines[index]
      let words = line.words
      switch words[0] {
      case "scenario":
        guard words.count == 2 else { throw fail(line.number, "expected 'scenario NAME'") }
        name = words[1]
        index += 1
      case "default-paths":
        guard words.count == 2 else { throw fail(line.number, "expected 'default-paths FILE'") }
        defaultPaths = words[1]
        index += 1
      case "title":
        title = words.dropFirst().joined(separator: " ")
        index += 1
      case "cpus":
        cpus = try numbers(Array(words.dropFirst()), line: line.number)
        guard !cpus.isEmpty, cpus.allSatisfy({ (1...32).contains($0) }) else {
          throw fail(line.number, "cpus takes counts from 1 to 32")
        }
        index += 1
      case "preempt":
        preempt = try models(Array(words.dropFirst()), line: line.number)
        index += 1
      case "object":
        objects.append(try object(words, line: line.number))
        index += 1
      case "expect":
        expectations.append(try expectation(words, line: line.number))
        index += 1
      case "thread":
        threads += try thread()
      case "variant":
        variants.append(try variant())
      default:
        throw fail(line.number, "unknown declaration '\(words[0])'")
      }
    }
    guard let name else { throw fail(nil, "missing 'scenario NAME'") }
    if variants.isEmpty { variants = [VariantSpec(name: "main", threads: [])] }
    return Scenario(
      name: name, title: title, file: file, defaultPaths: defaultPaths, cpus: cpus,
      preempt: preempt, objects: objects,
      threads: threads, variants: variants, expectations: expectations)
  }

  private func numbers(_ words: [String], line: Int) throws(ScenarioError) -> [Int] {
    var result: [Int] = []
    for word in words.flatMap({ $0.split(separator: ",") }) {
      guard let value = Int(word) else { throw fail(line, "'\(word)' is not a number") }
      result.append(value)
    }
    return result
  }

  private func models(_ words: [String], line: Int) throws(ScenarioError) -> [PreemptionModel] {
    var result: [PreemptionModel] = []
    for word in words.flatMap({ $0.split(separator: ",") }) {
      guard let model = PreemptionModel(rawValue: String(word)) else {
        throw fail(line, "unknown preemption model '\(word)' (none, voluntary, full, rt)")
      }
      result.append(model)
    }
    return result
  }

  private func object(_ words: [String], line: Int) throws(ScenarioError) -> ObjectSpec {
    guard words.count >= 2 else {
      throw fail(line, "expected 'object NAME [refs N] [aka EXPR...]'")
    }
    var spec = ObjectSpec(name: words[1], refs: 0, aliases: [])
    var rest = words.dropFirst(2)
    while let word = rest.popFirst() {
      switch word {
      case "refs":
        guard let value = rest.popFirst().flatMap({ Int($0) }), (0...200).contains(value) else {
          throw fail(line, "refs takes a count")
        }
        spec.refs = value
      case "aka":
        spec.aliases += rest
        rest = []
      default:
        throw fail(line, "unexpected '\(word)' in object declaration")
      }
    }
    return spec
  }

  private func expectation(_ words: [String], line: Int) throws(ScenarioError) -> Expectation {
    guard words.count >= 2, let verdict = Verdict(rawValue: words[1]) else {
      throw fail(line, "expected 'expect ok|livelock|deadlock [variant V] [preempt P] [cpus N]'")
    }
    var result = Expectation(verdict: verdict)
    var rest = Array(words.dropFirst(2))
    while rest.count >= 2 {
      let key = rest.removeFirst()
      let values = rest.removeFirst()
      switch key {
      case "variant": result.variants = values.split(separator: ",").map(String.init)
      case "preempt": result.preempt = try models([values], line: line)
      case "cpus": result.cpus = try numbers([values], line: line)
      default: throw fail(line, "unknown expect filter '\(key)' (variant, preempt, cpus)")
      }
    }
    guard rest.isEmpty else { throw fail(line, "'\(rest[0])' needs a value") }
    return result
  }

  /// `thread NAME [count N] [on cpu K] {` ... `}`; `count N` makes NAME1 ... NAMEn on CPUs K, K+1, ...
  private mutating func thread() throws(ScenarioError) -> [ThreadSpec] {
    let line = lines[index]
    var words = line.words
    guard words.count >= 3, words.last == "{" else {
      throw fail(line.number, "expected 'thread NAME [count N] [on cpu K] {'")
    }
    let name = words[1]
    words = Array(words[2..<(words.count - 1)])
    var count: Int?
    var cpu: Int?
    while !words.isEmpty {
      if words.count >= 2, words[0] == "count", let value = Int(words[1]), (1...32).contains(value)
      {
        count = value
        words.removeFirst(2)
      } else if words.count >= 3, words[0] == "on", words[1] == "cpu", let value = Int(words[2]) {
        cpu = value
        words.removeFirst(3)
      } else if words[0] == "count" {
        throw fail(
          line.number,
          "count takes a number from 1 to 32, not '\(words.count > 1 ? words[1] : "")'")
      } else {
        throw fail(line.number, "unexpected '\(words[0].prefix(60))' in thread header")
      }
    }
    index += 1
    let body = try block()
    try close(expecting: [])
    guard let count else {
      return [ThreadSpec(name: name, cpu: cpu, body: body, line: line.number)]
    }
    return (0..<count).map { copy in
      ThreadSpec(
        name: "\(name)\(copy + 1)", cpu: cpu.map { $0 + copy }, body: body, line: line.number)
    }
  }

  private mutating func variant() throws(ScenarioError) -> VariantSpec {
    let line = lines[index]
    guard line.words.count == 3, line.words[2] == "{" else {
      throw fail(line.number, "expected 'variant NAME {'")
    }
    index += 1
    var threads: [ThreadSpec] = []
    while index < lines.count, lines[index].words[0] == "thread" { threads += try thread() }
    try close(expecting: [])
    return VariantSpec(name: line.words[1], threads: threads)
  }

  /// Consumes a line starting with `}`; returns the words after it (`else {`, `or {`).
  @discardableResult
  mutating func close(expecting continuations: [String]) throws(ScenarioError) -> [String] {
    guard index < lines.count else { throw fail(lines.last?.number, "missing '}'") }
    let line = lines[index]
    guard line.words[0] == "}" else { throw fail(line.number, "expected '}'") }
    let rest = Array(line.words.dropFirst())
    if !rest.isEmpty {
      guard rest.count == 2, continuations.contains(rest[0]), rest[1] == "{" else {
        throw fail(line.number, "unexpected '\(rest.joined(separator: " "))' after '}'")
      }
    }
    index += 1
    return rest
  }

  /// Statements up to (not including) the next line starting with `}`.
  mutating func block() throws(ScenarioError) -> [Statement] {
    depth += 1
    defer { depth -= 1 }
    guard depth <= Self.maxDepth else {
      throw fail(
        lines.indices.contains(index) ? lines[index].number : lines.last?.number,
        "blocks nested more than \(Self.maxDepth) levels deep")
    }
    var statements: [Statement] = []
    while index < lines.count, lines[index].words[0] != "}" {
      statements.append(try statement())
    }
    return statements
  }

  private mutating func statement() throws(ScenarioError) -> Statement {
    let line = lines[index]
    var words = line.words
    switch words[0] {
    case "loop":
      guard words == ["loop", "{"] else { throw fail(line.number, "expected 'loop {'") }
      index += 1
      let body = try block()
      try close(expecting: [])
      return Statement(kind: .loop(body), line: line.number, text: "loop")
    case "choose":
      guard words == ["choose", "{"] else { throw fail(line.number, "expected 'choose {'") }
      index += 1
      var branches = [try block()]
      while try close(expecting: ["or"]) == ["or", "{"] { branches.append(try block()) }
      return Statement(kind: .choose(branches), line: line.number, text: "choose")
    case "if":
      guard words.count == 3, words[2] == "{" else {
        throw fail(line.number, "expected 'if FLAG {'")
      }
      index += 1
      let then = try block()
      var otherwise: [Statement] = []
      if try close(expecting: ["else"]) == ["else", "{"] {
        otherwise = try block()
        try close(expecting: [])
      }
      return Statement(
        kind: .ifFlag(words[1], then: then, otherwise: otherwise), line: line.number,
        text: "if \(words[1])")
    default:
      break
    }
    let source = try trailingSource(&words, line: line.number)
    let shown = words.joined(separator: " ")
    index += 1
    var statement = try simple(words, line: line.number, text: shown)
    statement.source = source
    return statement
  }

  /// Removes a trailing `at FILE:LINE` and returns it.
  private func trailingSource(_ words: inout [String], line: Int) throws(ScenarioError)
    -> SourceLocation?
  {
    guard let at = words.indices.dropFirst().dropLast().first(where: { words[$0] == "at" }) else {
      return nil
    }
    let location = words[at + 1]
    guard let colon = location.lastIndex(of: ":"),
      let number = Int(location[location.index(after: colon)...])
    else { throw fail(line, "expected 'at FILE:LINE'") }
    words.removeSubrange(at...(at + 1))
    return SourceLocation(file: String(location[..<colon]), line: number)
  }

  private mutating func simple(_ words: [String], line: Int, text: String) throws(ScenarioError)
    -> Statement
  {
    func make(_ kind: Statement.Kind) -> Statement { Statement(kind: kind, line: line, text: text) }
    switch words[0] {
    case "retry": return make(.retry)
    case "break": return make(.breakLoop)
    case "return": return make(.returnThread)
    case "paths":
      let usage = "expected 'paths FUNCTION before|after [via CALL] [resolved-by CALL]'"
      guard words.count >= 3, words.count % 2 == 1, ["before", "after"].contains(words[2]) else {
        throw fail(line, usage)
      }
      var clauses: [String: String] = [:]
      for index in stride(from: 3, to: words.count, by: 2) {
        guard ["via", "resolved-by"].contains(words[index]), clauses[words[index]] == nil else {
          throw fail(line, usage)
        }
        clauses[words[index]] = words[index + 1]
      }
      return make(
        .paths(
          function: words[1], version: words[2], via: clauses["via"],
          resolvedBy: clauses["resolved-by"]))
    default: break
    }
    guard let primitive = Primitive(rawValue: words[0]) else {
      throw fail(line, "unknown operation '\(words[0])'")
    }
    switch primitive {
    case .trylock, .tryGet, .migrate:
      var rest = words.dropFirst()
      guard let object = rest.popFirst() else { throw fail(line, "\(words[0]) needs an object") }
      var expected = 0
      if primitive == .migrate {
        guard rest.popFirst() == "expected", let value = rest.popFirst().flatMap({ Int($0) }) else {
          throw fail(line, "expected 'migrate OBJECT expected N else ...'")
        }
        expected = value
      }
      if Array(rest) == ["{"] {
        // `trylock L {` success `} else {` failure `}`: a branch may be `impossible`.
        let success = try branchBlock()
        guard try close(expecting: ["else"]) == ["else", "{"] else {
          throw fail(line, "expected '} else {' after the success branch of \(words[0])")
        }
        let failure = try branchBlock()
        try close(expecting: [])
        return Statement(
          kind: .attempt(
            primitive, object: object, expected: expected, onSuccess: success, onFailure: failure),
          line: line, text: Array(words.dropLast()).joined(separator: " "))
      }
      guard rest.popFirst() == "else", !rest.isEmpty else {
        throw fail(line, "expected '\(words[0]) \(object) ... else STATEMENT' or 'else {'")
      }
      let failure: [Statement]
      if Array(rest) == ["{"] {
        failure = try block()
        try close(expecting: [])
      } else {
        failure = [try simple(Array(rest), line: line, text: rest.joined(separator: " "))]
      }
      let shown = Array(words.prefix(while: { $0 != "else" })).joined(separator: " ")
      return Statement(
        kind: .attempt(
          primitive, object: object, expected: expected, onSuccess: .fallThrough,
          onFailure: .block(failure)), line: line, text: shown)
    case .drainAllCPUs, .condResched, .mightSleep:
      guard words.count == 1 else { throw fail(line, "\(words[0]) takes no argument") }
      return make(.simple(primitive, object: nil, releasing: nil))
    case .waitUnlocked:
      guard words.count == 2 || (words.count == 4 && words[2] == "releasing") else {
        throw fail(line, "expected 'wait_unlocked OBJECT [releasing SPINLOCK]'")
      }
      return make(
        .simple(primitive, object: words[1], releasing: words.count == 4 ? words[3] : nil))
    case .progress, .call:
      guard words.count >= 2 else { throw fail(line, "\(words[0]) needs a label") }
      let label = words.dropFirst().joined(separator: " ")
      return Statement(
        kind: .simple(primitive, object: label, releasing: nil), line: line,
        text: primitive == .progress ? "progress \"\(label)\"" : label)
    default:
      guard words.count == 2 else { throw fail(line, "\(words[0]) takes one object") }
      return make(.simple(primitive, object: words[1], releasing: nil))
    }
  }

  /// A branch of `trylock L { … } else { … }`: its statements, or `impossible` alone when the
  /// outcome never occurs on the paths it was written from (the thread cannot take it).
  private mutating func branchBlock() throws(ScenarioError) -> Branch {
    if index + 1 < lines.count, lines[index].words == ["impossible"],
      lines[index + 1].words.first == "}"
    {
      index += 1
      return .impossible
    }
    return .block(try block())
  }
}
