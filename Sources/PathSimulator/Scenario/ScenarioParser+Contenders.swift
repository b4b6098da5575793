extension ScenarioParser {
  /// Reads a contenders file (see `contenders.txt`): `contender NAME takes CLASS from SOURCE {`
  /// with a thread body in the scenario language, and one-line
  /// `retrier NAME retries F,G [when VALUE,…] [resolved-by CALL] from SOURCE` declarations.
  mutating func parseContenders() throws(ScenarioError) -> ([Contender], [Retrier]) {
    if let binaryOffset {
      throw fail(nil, "binary data (a NUL byte at offset \(binaryOffset)), not a contenders file")
    }
    var contenders: [Contender] = []
    var retriers: [Retrier] = []
    while index < lines.count {
      let line = lines[index]
      let words = line.words
      switch words[0] {
      case "contender":
        let classes = ContenderClass.allCases.map(\.rawValue).joined(separator: ", ")
        guard words.count == 7, words[2] == "takes", words[4] == "from", words[6] == "{" else {
          throw fail(line.number, "expected 'contender NAME takes CLASS from FILE:FUNCTION {'")
        }
        guard let kind = ContenderClass(rawValue: words[3]) else {
          throw fail(line.number, "unknown class '\(words[3])' (\(classes))")
        }
        index += 1
        let body = try block()
        try close(expecting: [])
        guard !body.isEmpty else { throw fail(line.number, "contender \(words[1]) does nothing") }
        contenders.append(
          Contender(
            name: words[1], takes: kind, source: words[5], declared: "\(file):\(line.number)",
            body: body))
      case "retrier":
        var rest = words.dropFirst()
        guard let name = rest.popFirst(), rest.popFirst() == "retries",
          let retried = rest.popFirst()
        else {
          throw fail(
            line.number,
            "expected 'retrier NAME retries F,G [when VALUE,…] [resolved-by CALL,…] from SOURCE'")
        }
        var resolvedBy: [String] = []
        var when: [String] = []
        if rest.first == "when" {
          rest.removeFirst()
          when = rest.popFirst().map { $0.split(separator: ",").map(String.init) } ?? []
        }
        if rest.first == "resolved-by" {
          rest.removeFirst()
          resolvedBy = rest.popFirst().map { $0.split(separator: ",").map(String.init) } ?? []
        }
        guard rest.popFirst() == "from", let source = rest.popFirst(), rest.isEmpty else {
          throw fail(line.number, "expected '... from FILE:FUNCTION' at the end of 'retrier'")
        }
        retriers.append(
          Retrier(
            name: name, retries: retried.split(separator: ",").map(String.init), when: when,
            resolvedBy: resolvedBy, source: source))
        index += 1
      default:
        throw fail(line.number, "unknown declaration '\(words[0])' (contender, retrier)")
      }
    }
    return (contenders, retriers)
  }
}
