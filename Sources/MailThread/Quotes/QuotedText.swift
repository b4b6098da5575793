/// A body read as a reply: every line's quote depth, the attribution lines
/// that say who wrote each quoted level, and the reviewer's inline comments
/// anchored to the quoted line they follow.
///
/// Flattened text (line breaks lost) is cut into lines again before each
/// quote marker, so `… livelock. > > On …` becomes separate lines.
///
/// ```swift
/// let quoted = QuotedText(message.body, flattened: message.form == .flattened)
/// quoted.authors        // [0: "Thomas Hellström", 1: "Alistair Popple", 2: "Thomas Hellström"]
/// quoted.comments[0].anchor.text
/// ```
public struct QuotedText: Sendable {
  public struct Line: Sendable, Equatable {
    /// 1-based line number (in the re-segmented text for flattened input).
    public let number: Int
    public let depth: Int
    /// The text without its quote prefix.
    public let text: String
  }

  /// `On <date>, <name> wrote:`: introduces the text one level deeper.
  public struct Attribution: Sendable, Equatable {
    public let line: Int
    /// The depth of the attribution line itself; it introduces `depth + 1`.
    public let depth: Int
    public let author: Mailbox
    public let date: String?
  }

  /// A reply written between quoted lines, and the quoted line it answers.
  public struct Comment: Sendable {
    public let depth: Int
    public let author: String?
    public let lines: [Line]
    public let anchor: Line
  }

  public let lines: [Line]
  public let attributions: [Attribution]
  /// Author of each quote depth, as far as attributions tell: index = depth.
  public let authors: [String?]
  public private(set) var comments: [Comment]

  public init(_ body: String, flattened: Bool = false, author: String? = nil) {
    let raw = flattened ? QuotedText.resegment(body) : QuotedText.splitLines(body)
    var lines: [Line] = []
    lines.reserveCapacity(raw.count)
    for (offset, text) in raw.enumerated() {
      let (depth, rest) = QuotedText.stripQuote(text)
      lines.append(Line(number: offset + 1, depth: depth, text: rest))
    }
    self.lines = lines
    let attributions = QuotedText.findAttributions(lines)
    self.attributions = attributions
    var authors: [String?] = [author]
    for attribution in attributions {
      let level = attribution.depth + 1
      guard level < 1000 else { continue }
      while authors.count <= level { authors.append(nil) }
      if authors[level] == nil { authors[level] = attribution.author.displayName }
    }
    // An in-body "From:" opening a quoted level names its author better
    // than an attribution whose address the archive hid.
    for level in 1..<min(authors.count, 64) {
      guard let first = lines.first(where: { $0.depth == level && !$0.text.isEmpty }),
        first.text.hasPrefix("From: ")
      else { continue }
      let named = Mailbox(parsing: String(first.text.dropFirst(6)))
      if authors[level] == nil || Mailbox(parsing: authors[level]!).isObfuscated {
        authors[level] = named.displayName
      }
    }
    if authors[0] == nil {
      // People named in Cc lines are candidates too ("Thanks,\nBalbir").
      let copied = lines.lazy.filter { $0.text.hasPrefix("Cc: ") && $0.text.utf8.count < 200 }
        .compactMap { Mailbox(parsing: String($0.text.dropFirst(4))).name }
      authors[0] = QuotedText.signatureAuthor(lines, known: authors.compactMap { $0 } + copied)
    }
    self.authors = authors
    comments = QuotedText.findComments(lines, authors: authors)
  }

  /// The authors and the first comments as `lockstep thread` prints them, without the
  /// lines of the body: a streamed review keeps this of each message.
  var keepingWhatIsShown: QuotedText {
    // The output shows the first 20 comments new in the message, each as one line (its
    // lines joined; a longer one cut at a word, with "…") and the line it answers.
    func clipped(_ line: Line, _ length: Int) -> Line {
      Line(number: line.number, depth: line.depth, text: line.text.clipped(to: length))
    }
    let shown = comments.prefix(20).map { comment in
      let text = comment.lines.map { $0.text.trimmingSpaces() }.filter { !$0.isEmpty }
        .joined(separator: " ")
      let first = comment.lines.first.map {
        [clipped(Line(number: $0.number, depth: $0.depth, text: text), 200)]
      }
      return Comment(
        depth: comment.depth, author: comment.author, lines: first ?? [],
        anchor: clipped(comment.anchor, 120))
    }
    return QuotedText(lines: [], attributions: [], authors: authors, comments: shown)
  }

  /// The comments not in `seen` (an earlier message wrote or quoted them), which are then
  /// added to it: a reply quoting a review does not list the review's comments again, and a
  /// review whose own mail is not in the input is listed where it is first quoted.
  ///
  /// - Complexity: O(c) set operations for c comments.
  mutating func keepNewComments(seen: inout Set<String>) {
    comments = comments.filter { comment in
      let text = comment.lines.lazy.filter { !$0.text.isEmpty }.map(\.text).first ?? ""
      return seen.insert("\(comment.author ?? "?")\u{0}\(text.prefix(200))").inserted
    }
  }

  /// Leaves out the "comments" inside a build robot's report that starts at line `start`
  /// at quote depth `depth`: there `>>` marks a new error and `>` the failing line of the
  /// source excerpt, so the compiler's lines after them (`4690 | …`, `cc1: some warnings
  /// …`) are the report (a ``Splat``), not a reviewer answering a quote. A reply quoting
  /// the report keeps its own comments (they are shallower than the report).
  ///
  /// ```swift
  /// quoted.dropComments(inReportAt: robot.line, depth: quoted.depth(ofLine: robot.line))
  /// ```
  mutating func dropComments(inReportAt start: Int, depth: Int) {
    comments.removeAll { $0.depth >= depth && $0.anchor.number >= start }
  }

  /// The quote depth of line `number` (1-based), 0 when there is no such line.
  func depth(ofLine number: Int) -> Int {
    lines.indices.contains(number - 1) ? lines[number - 1].depth : 0
  }

  private init(lines: [Line], attributions: [Attribution], authors: [String?], comments: [Comment])
  {
    self.lines = lines
    self.attributions = attributions
    self.authors = authors
    self.comments = comments
  }

  /// The authors from the reply outward: "Thomas Hellström → Alistair Popple → …".
  public var attributionChain: [String] { authors.map { $0 ?? "?" } }

  static func splitLines(_ body: String) -> [Substring] {
    body.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
      let text = Substring(line)
      return text.utf8.last == 0x0D ? text.dropLast() : text
    }
  }

  /// Cuts flattened text before each quote marker (a lone `>` word) that
  /// follows a word which is not itself a marker.
  static func resegment(_ body: String) -> [Substring] {
    var result: [Substring] = []
    let text = Substring(body)
    var lineStart = text.startIndex
    var previousWordIsMarker = true
    var index = text.startIndex
    while index < text.endIndex {
      guard text[index] != " " else {
        index = text.index(after: index)
        continue
      }
      let wordEnd = text[index...].firstIndex(of: " ") ?? text.endIndex
      let isMarker = text[index..<wordEnd].allSatisfy { $0 == ">" }
      if isMarker && !previousWordIsMarker && index > lineStart {
        result.append(text[lineStart..<index])
        lineStart = index
      }
      previousWordIsMarker = isMarker
      index = wordEnd
    }
    result.append(text[lineStart...])
    return result.map { Substring($0.trimmingSpaces()) }
  }

  /// Quote depth: the `>` at the start, spaces between them allowed.
  static func stripQuote(_ line: Substring) -> (Int, String) {
    var depth = 0
    var index = line.startIndex
    var afterMarker = line.startIndex
    while index < line.endIndex {
      let character = line[index]
      if character == ">" {
        let next = line.index(after: index)
        // A marker is followed by a space, another marker or the line's end;
        // ">ptl);" is text a mail client wrapped, not a quote.
        if depth > 0 && next < line.endIndex && line[next] != " " && line[next] != ">" {
          break
        }
        depth += 1
        index = line.index(after: index)
        afterMarker = index
      } else if character == " " && depth > 0 {
        index = line.index(after: index)
      } else {
        break
      }
    }
    if depth == 0 { return (0, String(line)) }
    var rest = line[afterMarker...]
    if rest.first == " " { rest = rest.dropFirst() }
    return (depth, String(rest))
  }

  /// Reviewer text after a deeper-quoted line: each comment runs over its paragraphs until
  /// the quote resumes. Elisions (`...`, `[...]`, `<snip>`), sign-offs (`Thanks,`,
  /// `- Alistair`), trailer paragraphs and the signature after `-- ` are not comments.
  static func findComments(_ lines: [Line], authors: [String?]) -> [Comment] {
    var result: [Comment] = []
    var i = 0
    var lastAny: Line? = nil
    let names = Set(authors.compactMap { $0?.split(separator: " ").first.map(String.init) })
    while i < lines.count {
      let line = lines[i]
      if line.depth == 0 && line.text == "-- " { break }  // the signature
      if line.text.trimmingSpaces().isEmpty {
        i += 1
        continue
      }
      if let previous = lastAny, previous.depth > line.depth {
        var block: [Line] = []
        var j = i
        // Paragraphs at this depth, until the quote resumes or the signature starts.
        while j < lines.count, lines[j].depth == line.depth, lines[j].text != "-- " {
          var paragraph: [Line] = []
          while j < lines.count, lines[j].depth == line.depth,
            !lines[j].text.trimmingSpaces().isEmpty, lines[j].text != "-- "
          {
            paragraph.append(lines[j])
            j += 1
          }
          if !isNoise(paragraph.map(\.text), names: names) {
            if !block.isEmpty {
              block.append(Line(number: paragraph[0].number, depth: 0, text: ""))
            }
            block += paragraph
          }
          while j < lines.count, lines[j].depth == line.depth,
            lines[j].text.trimmingSpaces().isEmpty
          {
            j += 1
          }
        }
        if !block.isEmpty {
          let author = line.depth < authors.count ? authors[line.depth] : nil
          result.append(Comment(depth: line.depth, author: author, lines: block, anchor: previous))
        }
        lastAny = lines[max(i, j - 1)]
        i = max(j, i + 1)
        continue
      }
      lastAny = line
      i += 1
    }
    return result
  }

  /// Whether a paragraph says nothing of its own: an elision (`...`, `[...]`, `<snip>`), a
  /// sign-off (`Thanks,` / `- Alistair` / `/Thomas`, names from `names`), or trailers.
  ///
  /// ```swift
  /// QuotedText.isNoise(["Thanks.", "", "- Alistair"], names: ["Alistair"])  // true
  /// ```
  public static func isNoise(_ paragraph: [String], names: Set<String> = []) -> Bool {
    paragraph.allSatisfy { raw in
      let text = raw.trimmingSpaces()
      if text.isEmpty { return true }
      let bare = text.lowercased().trimmingCharacters(",.!:;")
      if elisions.contains(bare) || farewells.contains(bare) { return true }
      if text.first == "[" && text.last == "]" && bare.count <= 12 { return true }  // [ snip ]
      if let colon = text.firstIndex(of: ":"), text[..<colon].hasSuffix("-by"),
        !text[..<colon].contains(" ")
      {
        return true
      }
      var name = Substring(text)
      while let first = name.first, first == "-" || first == "/" || first == " " {
        name = name.dropFirst()
      }
      let words = name.split(separator: " ")
      return !words.isEmpty && words.count <= 3 && names.contains(String(words[0]))
    }
  }

  private static let elisions: Set<String> = [
    "", "...", "[...]", "[..]", "…", "<snip>", "[snip]", "snip", "<...>", "[ ... ]", "(snip)",
  ]
  private static let farewells: Set<String> = [
    "thanks", "thank you", "thanks a lot", "regards", "best regards", "kind regards", "cheers",
    "br", "thx", "best", "greetings",
  ]
}

extension Substring {
  func trimmingCharacters(_ characters: String) -> String {
    var text = self
    while let first = text.first, characters.contains(first) { text = text.dropFirst() }
    while let last = text.last, characters.contains(last) { text = text.dropLast() }
    return String(text)
  }
}

extension String {
  /// At most `length` characters, cut at a word, `…` marking the cut.
  ///
  /// ```swift
  /// "Code wise this looks fine to me".clipped(to: 20)  // "Code wise this looks…"
  /// ```
  public func clipped(to length: Int) -> String {
    guard count > length else { return self }
    let head = prefix(length)
    let cut = head.lastIndex(of: " ").map { head[..<$0] } ?? head
    return cut.trimmingSpaces() + "…"
  }

  func trimmingCharacters(_ characters: String) -> String {
    self[...].trimmingCharacters(characters)
  }
}
