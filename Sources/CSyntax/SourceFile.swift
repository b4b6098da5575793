/// A C file or fragment read without a preprocessor: tokens, `#if` conditions,
/// functions and file-scope declarations.
///
/// ```swift
/// let file = SourceFile(text: memoryC, path: "mm/memory.c")
/// file.function(named: "do_swap_page")?.line        // 4580
/// file.conditions.clauses(atLine: 120)              // ["CONFIG_MIGRATION"]
/// ```
public struct SourceFile: Sendable {
  public let path: String
  public let text: String
  public let tokens: [Token]
  public let directives: [Lexer.Directive]
  public let conditions: ConditionMap
  public let functions: [Function]
  public let declarations: [Declaration]
  /// What the reader had to decide and a reviewer should know, each naming the file and
  /// line: one branch of an unbalanced `#if` block read, NUL bytes skipped, a string
  /// literal with no end.
  public let readingNotes: [String]
  /// The index in ``functions`` of the first function of each name.
  private let firstFunction: [String: Int]

  /// Reads `text` as the lines of a file from `firstLine` on: a hunk's lines keep their
  /// numbers in the file without padding the fragment with blank lines.
  ///
  /// - Complexity: O(*n*) in the length of `text`, whatever `firstLine` is.
  public init(text: String, path: String = "", firstLine: Int = 1) {
    let lexed = Lexer.lex(text, firstLine: firstLine)
    self.path = path
    self.text = text
    let selected = BranchSelection.select(lexed.tokens, directives: lexed.directives)
    tokens = selected.tokens
    directives = lexed.directives
    conditions = ConditionMap(lexed.directives)
    let scanned = FunctionScanner(tokens: selected.tokens).scan()
    (functions, declarations) = scanned
    firstFunction = Dictionary(
      scanned.0.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    let name = path.isEmpty ? "" : path + ": "
    readingNotes = (lexed.notes + selected.notes).map { name + $0 }
  }

  /// The first function called `name`.
  ///
  /// - Complexity: O(1): a patch touching every function of a file looks each up once.
  public func function(named name: String) -> Function? {
    firstFunction[name].map { functions[$0] }
  }

  /// The index in ``functions`` of the first function called `name`.
  ///
  /// - Complexity: O(1).
  public func functionIndex(named name: String) -> Int? { firstFunction[name] }

  /// The function whose body contains `line`.
  public func function(containing line: Int) -> Function? {
    functions.first { $0.line <= line && line <= $0.endLine }
  }

  /// Paths of `#include <…>` and `#include "…"` directives, as written.
  public var includes: [String] {
    directives.filter { $0.keyword == "include" }.map {
      String($0.argument.filter { !"<>\"".contains($0) }).trimmingSpaces
    }
  }
}

/// Finds function definitions and prototypes at file scope.
struct FunctionScanner {
  let tokens: [Token]

  func scan() -> ([Function], [Declaration]) {
    var functions: [Function] = []
    var declarations: [Declaration] = []
    var index = 0
    var statementStart = 0
    var depth = 0
    while index < tokens.count {
      let token = tokens[index]
      guard token.kind == .punctuation else {
        index += 1
        continue
      }
      switch token.text {
      case "{":
        if depth == 0, let header = header(before: index, from: statementStart) {
          let close = matchingBrace(index)
          let function = Function(
            name: header.name, parameters: header.parameters, annotations: header.annotations,
            line: header.line, endLine: tokens[min(close, tokens.count - 1)].line,
            returnType: header.returnType, isComplete: close < tokens.count,
            fileTokens: tokens, bodyRange: (index + 1)..<close)
          functions.append(function)
          declarations.append(
            Declaration(
              name: header.name, parameters: header.parameters, annotations: header.annotations,
              line: header.line, hasBody: true))
          index = close + 1
          statementStart = index
          continue
        }
        depth += 1
      case "}":
        depth = max(0, depth - 1)
        if depth == 0 { statementStart = index + 1 }
      case ";":
        if depth == 0 {
          if let header = header(before: index, from: statementStart) {
            declarations.append(
              Declaration(
                name: header.name, parameters: header.parameters, annotations: header.annotations,
                line: header.line, hasBody: false))
          }
          statementStart = index + 1
        }
      default:
        break
      }
      index += 1
    }
    return (functions, declarations)
  }

  struct Header {
    var name: String
    var parameters: [String]
    var annotations: [Function.Annotation]
    var line: Int
    var returnType: String
  }

  /// Reads `type name(params) annotations` ending just before `end`.
  func header(before end: Int, from start: Int) -> Header? {
    var cursor = end - 1
    var annotations: [Function.Annotation] = []
    while cursor >= start {
      let token = tokens[cursor]
      if token.isPunct(")") {
        guard let open = matchingOpen(cursor), open - 1 >= start else { return nil }
        let nameToken = tokens[open - 1]
        guard nameToken.kind == .identifier else { return nil }
        let isAnnotation =
          open - 2 >= start && tokens[open - 2].isPunct(")")
          || (nameToken.text.hasPrefix("__") && open - 2 >= start && tokens[open - 2].isPunct(")"))
        if isAnnotation {
          annotations.insert(
            Function.Annotation(
              name: nameToken.text, argument: Array(tokens[(open + 1)..<cursor]).joinedText), at: 0)
          cursor = open - 2
          continue
        }
        let before = tokens[start..<(open - 1)]
        if before.contains(where: { $0.isPunct("=") }) { return nil }
        if ["if", "while", "for", "switch", "return", "sizeof"].contains(nameToken.text) {
          return nil
        }
        var name = nameToken.text
        let parameters = splitParameters(open + 1, cursor)
        if name.hasPrefix("SYSCALL_DEFINE"), let first = parameters.first { name = "sys_" + first }
        return Header(
          name: name, parameters: parameters, annotations: annotations,
          line: nameToken.line, returnType: before.map(\.text).joined(separator: " "))
      }
      if token.kind == .identifier {
        // An attribute word after the parameter list (`__must_check`, `__init`).
        cursor -= 1
        continue
      }
      return nil
    }
    return nil
  }

  /// The parameters between `from` and `to`, each written with single spaces and no space
  /// after a `*`: `spinlock_t *ptl`, `struct vm_fault *vmf`.
  func splitParameters(_ from: Int, _ to: Int) -> [String] {
    var parameters: [String] = []
    var current: [UInt8] = []
    var depth = 0
    func append(_ token: Token) {
      if !current.isEmpty && current.last != UInt8(ascii: "*") { current.append(0x20) }
      for byte in token.text.utf8 where !(byte == 0x20 && current.last == UInt8(ascii: "*")) {
        current.append(byte)
      }
    }
    for token in tokens[from..<to] {
      if token.kind == .punctuation {
        if token.opensGroup { depth += 1 }
        if token.closesGroup { depth -= 1 }
        if token.text == "," && depth == 0 {
          parameters.append(String(decoding: current, as: UTF8.self))
          current = []
          continue
        }
      }
      append(token)
    }
    if !current.isEmpty { parameters.append(String(decoding: current, as: UTF8.self)) }
    return parameters
  }

  func matchingOpen(_ close: Int) -> Int? {
    var depth = 0
    var cursor = close
    while cursor >= 0 {
      let token = tokens[cursor]
      if token.isPunct(")") { depth += 1 }
      if token.isPunct("(") {
        depth -= 1
        if depth == 0 { return cursor }
      }
      cursor -= 1
    }
    return nil
  }

  func matchingBrace(_ open: Int) -> Int {
    var depth = 0
    var cursor = open
    while cursor < tokens.count {
      if tokens[cursor].isPunct("{") { depth += 1 }
      if tokens[cursor].isPunct("}") {
        depth -= 1
        if depth == 0 { return cursor }
      }
      cursor += 1
    }
    return tokens.count
  }
}
