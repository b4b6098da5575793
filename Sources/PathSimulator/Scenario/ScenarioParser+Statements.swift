extension ScenarioParser {
  /// One statement of a thread body, with the blocks it opens.
  mutating func statement() throws(ScenarioError) -> Statement {
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
          resolvedBy: clauses["resolved-by"]?.split(separator: ",").map(String.init) ?? []))
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
