/// Who wrote each quoted level: the attribution lines (`On <date>, <name> wrote:`)
/// and the sign-off that names the reply's own author.
extension QuotedText {
  static func findAttributions(_ lines: [Line]) -> [Attribution] {
    var result: [Attribution] = []
    var i = 0
    while i < lines.count {
      let line = lines[i]
      var text = line.text.trimmingSpaces()
      let startsOn = text.hasPrefix("On ")
      if startsOn && !text.containsBytes(" wrote") {
        // The attribution may wrap onto one or two more lines at the same depth.
        var j = i + 1
        while j < lines.count && j <= i + 2 && lines[j].depth == line.depth {
          text += " " + lines[j].text.trimmingSpaces()
          if text.containsBytes(" wrote") { break }
          j += 1
        }
      }
      if let attribution = parseAttribution(text, line: line) {
        result.append(attribution)
      }
      i += 1
    }
    return result
  }

  static func parseAttribution(_ text: String, line: Line) -> Attribution? {
    guard text.utf8.count < 600 else { return nil }
    if text.hasPrefix("On "), let wrote = text.utf8Range(of: " wrote") {
      let tail = text[wrote.upperBound...].trimmingSpaces()
      guard tail.isEmpty || tail.allSatisfy({ $0 == ":" || $0 == "." }) else { return nil }
      let between = text[text.index(text.startIndex, offsetBy: 3)..<wrote.lowerBound]
      let (date, name) = splitDateAndName(between)
      guard !name.isEmpty else { return nil }
      return Attribution(
        line: line.number, depth: line.depth, author: Mailbox(parsing: name), date: date)
    }
    for marker in [" writes:", " wrote:"] {
      if text.hasSuffix(marker) {
        let name = String(text.dropLast(marker.count)).trimmingSpaces()
        guard !name.isEmpty, name.split(separator: " ").count <= 6 else { return nil }
        return Attribution(
          line: line.number, depth: line.depth, author: Mailbox(parsing: name), date: nil)
      }
    }
    return nil
  }

  /// The name follows the last date-like word (a zone, a time, a year, AM/PM).
  static func splitDateAndName(_ text: Substring) -> (String?, String) {
    let words = text.split(separator: " ")
    var lastDateWord = -1
    for (index, word) in words.enumerated() {
      let bare = word.trimmingCharacters(",")
      if isDateWord(Substring(bare)) { lastDateWord = index }
    }
    if lastDateWord < 0 {
      guard let comma = text.lastIndex(of: ",") else { return (nil, text.trimmingSpaces()) }
      return (
        text[..<comma].trimmingSpaces(), text[text.index(after: comma)...].trimmingSpaces()
      )
    }
    let date = words[...lastDateWord].joined(separator: " ").trimmingCharacters(",")
    let name = words[(lastDateWord + 1)...].joined(separator: " ").trimmingSpaces()
    return (date, name.hasPrefix(",") ? String(name.dropFirst()).trimmingSpaces() : name)
  }

  private static func isDateWord(_ word: Substring) -> Bool {
    if word.isEmpty { return false }
    let lower = word.lowercased()
    if ["am", "pm", "at", "utc", "gmt"].contains(lower) { return true }
    if lower.hasSuffix("am") || lower.hasSuffix("pm"), word.containsBytes(":") { return true }
    if (word.first == "+" || word.first == "-") && word.count == 5 && Int(word.dropFirst()) != nil {
      return true
    }
    if word.containsBytes(":") && word.first?.isNumber == true { return true }
    if word.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "/" }) { return true }
    let months = [
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    let prefix = String(lower.prefix(3))
    return (months.contains(prefix) || days.contains(prefix)) && lower.count <= 9
      && word.allSatisfy(\.isLetter) && word.first?.isUppercase == true
  }

  /// The reply's author from its sign-off (`/Thomas`, `- Alistair`, `Thanks,\nBalbir`)
  /// matched to a full name seen in an attribution.
  static func signatureAuthor(_ lines: [Line], known: [String]) -> String? {
    for line in lines.reversed() where line.depth == 0 {
      var text = line.text.trimmingSpaces()
      if text.isEmpty || text == "--" { continue }
      for prefix in ["/", "-", "--"] where text.hasPrefix(prefix) {
        text = String(text.dropFirst(prefix.count)).trimmingSpaces()
      }
      guard text.split(separator: " ").count <= 3, let first = text.split(separator: " ").first
      else { return nil }
      return known.first { $0.split(separator: " ").first == first }
    }
    return nil
  }
}
