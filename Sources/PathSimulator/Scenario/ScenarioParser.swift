/// Reads the line-oriented scenario format documented in `Sources/PathSimulator/Resources/scenarios/README.md`.
///
/// Each line is one declaration or statement; `#` starts a comment; blocks open
/// with `{` at the end of a line and close with `}` on a line of their own
/// (`} else {` and `} or {` continue a statement). This file splits lines into words and
/// reads blocks; the declarations of a scenario are read in `ScenarioParser+Declarations`,
/// the statements of a thread body in `ScenarioParser+Statements`, a contenders file in
/// `ScenarioParser+Contenders`.
///
/// ```swift
/// var parser = ScenarioParser(text: "scenario s\nthread t {\n  lock l\n  unlock l\n}\n", file: "s")
/// let scenario = try parser.parse()
/// ```
///
/// - Complexity: O(characters); nesting is bounded by ``maxDepth``.
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
}
