/// Splits kernel C into tokens and preprocessor directives, without preprocessing.
///
/// Comments are dropped, `\` line continuations are joined, string and
/// character literals stay whole. A fragment (a hunk's lines) may start inside
/// a block comment: when `*/` comes before any `/*`, everything up to it is
/// taken as the comment's tail.
///
/// ```swift
/// let lexed = Lexer.lex("#ifdef CONFIG_MIGRATION\nint x; /* c */\n#endif\n")
/// lexed.tokens.map(\.text)          // ["int", "x", ";"]
/// lexed.directives.map(\.line)      // [1, 3]
/// ```
public enum Lexer {
  /// A preprocessor directive: `#ifdef CONFIG_MIGRATION` on line 12.
  public struct Directive: Sendable, Equatable {
    /// The directive word: `if`, `ifdef`, `ifndef`, `elif`, `else`, `endif`, `define`, `include`, …
    public let keyword: String
    /// The rest of the directive, continuations joined, comments removed.
    public let argument: String
    public let line: Int
  }

  /// Tokens and directives of a text.
  public struct Lexed: Sendable {
    public var tokens: [Token] = []
    public var directives: [Directive] = []
    /// The number of lines of the text.
    public var lineCount = 0
    /// What was read in a way a reviewer should know: NUL bytes skipped, a string literal
    /// with no closing quote (`line 12: …`).
    public var notes: [String] = []
  }

  /// The tokens of `text` (directives dropped).
  public static func tokens(of text: String) -> [Token] { lex(text).tokens }

  /// Tokens and directives of `text`, its first line numbered `firstLine`.
  public static func lex(_ text: String, firstLine: Int = 1) -> Lexed {
    var scanner = Scanner(bytes: Array(text.utf8), firstLine: firstLine)
    return scanner.run()
  }
}

private struct Scanner {
  let bytes: [UInt8]
  var index = 0
  var line = 1
  var atLineStart = true
  var result = Lexer.Lexed()
  /// NUL bytes skipped, and the line of the first.
  var nulBytes = (count: 0, firstLine: 0)
  /// The lines of string and character literals with no closing quote.
  var unterminated: [Int] = []
  let punctuation = Scanner.singleBytePunctuation

  init(bytes: [UInt8], firstLine: Int) {
    self.bytes = bytes
    line = firstLine
    result.tokens.reserveCapacity(bytes.count / 5)
  }

  /// `;`, `(`, `*`, … made once: most tokens of C are one byte of punctuation.
  static let singleBytePunctuation: [String] = (0..<128).map {
    String(decoding: [UInt8($0)], as: UTF8.self)
  }

  func peek(_ offset: Int = 0) -> UInt8 {
    let position = index + offset
    return position < bytes.count ? bytes[position] : 0
  }

  mutating func run() -> Lexer.Lexed {
    skipLeadingCommentTail()
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\n"):
        line += 1
        index += 1
        atLineStart = true
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0C, 0x0B:
        index += 1
      case 0:
        // A NUL in C source is damage (a truncated copy, a binary splice): read it as a blank.
        if nulBytes.count == 0 { nulBytes.firstLine = line }
        nulBytes.count += 1
        index += 1
      case UInt8(ascii: "\\") where peek(1) == UInt8(ascii: "\n"):
        index += 2
        line += 1
      case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
        skipBlockComment()
      case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "/"):
        skipLineComment()
      case UInt8(ascii: "#") where atLineStart:
        readDirective()
      default:
        atLineStart = false
        readToken()
      }
    }
    result.lineCount = line
    if nulBytes.count > 0 {
      result.notes.insert(
        "line \(nulBytes.firstLine): \(nulBytes.count) NUL byte(s) in the text, read as blanks",
        at: 0)
    }
    if let first = unterminated.first {
      let more = unterminated.count > 1 ? " (and \(unterminated.count - 1) more)" : ""
      result.notes.append(
        "line \(first)\(more): a string or character literal with no closing quote, read as "
          + "ending before its line's closing punctuation")
    }
    return result
  }

  /// A fragment that starts inside a block comment: skip to the first `*/`
  /// when it comes before any `/*`.
  mutating func skipLeadingCommentTail() {
    var position = 0
    var lines = 0
    while position + 1 < bytes.count {
      if bytes[position] == UInt8(ascii: "/") && bytes[position + 1] == UInt8(ascii: "*") { return }
      if bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "{")
        || bytes[position] == UInt8(ascii: ";")
      {
        return
      }
      if bytes[position] == UInt8(ascii: "\n") { lines += 1 }
      if bytes[position] == UInt8(ascii: "*") && bytes[position + 1] == UInt8(ascii: "/") {
        index = position + 2
        line += lines
        return
      }
      position += 1
    }
  }

  mutating func skipBlockComment() {
    index += 2
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/") {
        index += 2
        return
      }
      if bytes[index] == UInt8(ascii: "\n") { line += 1 }
      index += 1
    }
  }

  mutating func skipLineComment() {
    while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
  }

  mutating func readDirective() {
    let startLine = line
    index += 1
    var text: [UInt8] = []
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\\") && peek(1) == UInt8(ascii: "\n") {
        index += 2
        line += 1
        text.append(UInt8(ascii: " "))
        continue
      }
      if byte == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
        skipBlockComment()
        text.append(UInt8(ascii: " "))
        continue
      }
      if byte == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "/") {
        skipLineComment()
        continue
      }
      if byte == UInt8(ascii: "\n") { break }
      text.append(byte)
      index += 1
    }
    // On the bytes: `Character.isLetter` asks Unicode's tables for every character.
    let isBlank = { (byte: UInt8) in byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
    var start = text.startIndex
    while start < text.endIndex, isBlank(text[start]) { start += 1 }
    var keywordEnd = start
    while keywordEnd < text.endIndex,
      text[keywordEnd].isIdentifierByte || text[keywordEnd] >= 0x80
    {
      keywordEnd += 1
    }
    var argumentStart = keywordEnd
    while argumentStart < text.endIndex, isBlank(text[argumentStart]) { argumentStart += 1 }
    var end = text.endIndex
    while end > argumentStart, isBlank(text[end - 1]) { end -= 1 }
    let keyword = String(decoding: text[start..<keywordEnd], as: UTF8.self)
    let argument = String(decoding: text[argumentStart..<end], as: UTF8.self)
    result.directives.append(Lexer.Directive(keyword: keyword, argument: argument, line: startLine))
  }

  mutating func readToken() {
    let start = index
    let byte = bytes[index]
    let kind: Token.Kind
    if isIdentifierStart(byte) {
      while index < bytes.count && isIdentifierBody(bytes[index]) { index += 1 }
      kind = .identifier
    } else if isDigit(byte) || (byte == UInt8(ascii: ".") && isDigit(peek(1))) {
      index += 1
      while index < bytes.count
        && (isIdentifierBody(bytes[index]) || bytes[index] == UInt8(ascii: "."))
      {
        index += 1
      }
      kind = .number
    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
      readQuoted(byte)
      kind = byte == UInt8(ascii: "\"") ? .string : .character
    } else {
      index += punctuationLength()
      kind = .punctuation
    }
    let text =
      kind == .punctuation && index - start == 1 && byte < 0x80
      ? punctuation[Int(byte)]
      : bytes.withUnsafeBufferPointer {
        String(decoding: UnsafeBufferPointer(rebasing: $0[start..<index]), as: UTF8.self)
      }
    let count = result.tokens.count
    if count >= 1 << 16, count == result.tokens.capacity {
      // A big file's tokens, full: grown to what the rest of the text needs at the rate so
      // far and a sixteenth, not doubled (a generated file of 200,000 functions wasted a
      // seventh of its 80 MB of tokens); at least an eighth, so growing stays linear.
      let expected = count * bytes.count / max(index, 1)
      result.tokens.reserveCapacity(max(expected + expected / 16, count + count / 8))
    }
    result.tokens.append(Token(kind: kind, text: text, line: line))
  }

  mutating func readQuoted(_ quote: UInt8) {
    let start = index
    index += 1
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\\") {
        if peek(1) == UInt8(ascii: "\n") { line += 1 }
        index += 2
        continue
      }
      if byte == quote {
        index += 1
        return
      }
      if byte == UInt8(ascii: "\n") { break }
      index += 1
    }
    // No closing quote on the line (a fragment, broken input): the literal ends before the
    // `);` or `,` that close the line, so the statement around it still ends where it did.
    while index > start + 1, [0x20, 0x09, 0x0D, 0x29, 0x3B, 0x2C, 0x7D].contains(bytes[index - 1]) {
      index -= 1
    }
    unterminated.append(line)
  }

  /// The length of the operator at `index`: three-character operators first, then two.
  func punctuationLength() -> Int {
    let first = peek()
    let second = peek(1)
    let third = peek(2)
    switch (first, second) {
    case (UInt8(ascii: "<"), UInt8(ascii: "<")), (UInt8(ascii: ">"), UInt8(ascii: ">")):
      return third == UInt8(ascii: "=") ? 3 : 2
    case (UInt8(ascii: "."), UInt8(ascii: ".")):
      return third == UInt8(ascii: ".") ? 3 : 1
    case (UInt8(ascii: "-"), UInt8(ascii: ">")), (UInt8(ascii: "+"), UInt8(ascii: "+")),
      (UInt8(ascii: "-"), UInt8(ascii: "-")), (UInt8(ascii: "&"), UInt8(ascii: "&")),
      (UInt8(ascii: "|"), UInt8(ascii: "|")), (UInt8(ascii: "#"), UInt8(ascii: "#")):
      return 2
    // `<=`, `>=`, `==`, `!=`, `+=`, `-=`, `*=`, `/=`, `%=`, `&=`, `|=`, `^=`.
    case (UInt8(ascii: "<"), UInt8(ascii: "=")), (UInt8(ascii: ">"), UInt8(ascii: "=")),
      (UInt8(ascii: "="), UInt8(ascii: "=")), (UInt8(ascii: "!"), UInt8(ascii: "=")),
      (UInt8(ascii: "+"), UInt8(ascii: "=")), (UInt8(ascii: "-"), UInt8(ascii: "=")),
      (UInt8(ascii: "*"), UInt8(ascii: "=")), (UInt8(ascii: "/"), UInt8(ascii: "=")),
      (UInt8(ascii: "%"), UInt8(ascii: "=")), (UInt8(ascii: "&"), UInt8(ascii: "=")),
      (UInt8(ascii: "|"), UInt8(ascii: "=")), (UInt8(ascii: "^"), UInt8(ascii: "=")):
      return 2
    default:
      return 1
    }
  }

  func isIdentifierStart(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == UInt8(ascii: "_")
      || byte == UInt8(ascii: "$") || byte >= 0x80
  }

  func isIdentifierBody(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }

  func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}

extension String {
  /// The text without leading and trailing spaces, tabs and line ends (ASCII only: C's blanks).
  var trimmingSpaces: String {
    let blanks: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C]
    let bytes = utf8
    guard let first = bytes.firstIndex(where: { !blanks.contains($0) }),
      let last = bytes.lastIndex(where: { !blanks.contains($0) })
    else { return "" }
    return String(self[first...last])
  }
}
