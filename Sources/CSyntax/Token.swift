/// One token of kernel C, with the source line it starts on.
///
/// Comments and preprocessor directives are not tokens: the reader keeps
/// directives apart (see ``ConditionMap``) and drops comments.
///
/// ```swift
/// Lexer.tokens(of: "spin_lock(&vmf->ptl);").map(\.text)
/// // ["spin_lock", "(", "&", "vmf", "->", "ptl", ")", ";"]
/// ```
public struct Token: Sendable, Equatable, CustomStringConvertible {
  /// What a token is, as far as a reader without a preprocessor can tell.
  public enum Kind: Sendable, Equatable {
    case identifier
    case number
    case string
    case character
    case punctuation
  }

  // Stored text, line, kind in that order: 16 + 4 + 1 bytes, a stride of 24 instead of 32.
  // A file is kept as its tokens, so this is a quarter of the memory of every file read.
  public let text: String
  private let storedLine: Int32
  public let kind: Kind

  /// The 1-based line the token starts on.
  @inline(__always) public var line: Int { Int(storedLine) }

  public init(kind: Kind, text: String, line: Int) {
    self.kind = kind
    self.text = text
    self.storedLine = Int32(clamping: line)
  }

  public var description: String { text }

  /// Whether this is the punctuation `text`.
  public func isPunct(_ text: String) -> Bool { kind == .punctuation && self.text == text }
  /// Whether this is `(`, `[` or `{`.
  public var opensGroup: Bool {
    kind == .punctuation && (text == "(" || text == "[" || text == "{")
  }

  /// Whether this is `)`, `]` or `}`.
  public var closesGroup: Bool {
    kind == .punctuation && (text == ")" || text == "]" || text == "}")
  }

  /// Whether this is the identifier or keyword `text`.
  public func isWord(_ text: String) -> Bool { kind == .identifier && self.text == text }
}

extension Array where Element == Token {
  /// The tokens joined back into compact C text: `vmf->ptl`, `folio_trylock(folio)`.
  ///
  /// Spaces are kept only between two words, so that equal expressions
  /// written with different spacing compare equal.
  public var joinedText: String {
    var out = ""
    var previousWasWord = false
    for token in self {
      let isWord = token.kind == .identifier || token.kind == .number
      if isWord && previousWasWord { out += " " }
      out += token.text
      previousWasWord = isWord
    }
    return out
  }
}

extension ArraySlice where Element == Token {
  /// See `Array.joinedText`.
  public var joinedText: String { Array(self).joinedText }
}
