extension ScenarioParser {
  /// Reads a whole scenario file: its declarations, threads, variants and expectations.
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
      throw fail(line, "expected 'expect VERDICT [variant V] [preempt P] [cpus N]'")
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
}
