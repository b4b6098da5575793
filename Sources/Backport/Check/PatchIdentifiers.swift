import CSyntax
import PatchDiff

/// The identifiers a patch adds or relies on (its added and context lines), each with
/// the kind its use suggests, the arity of a call, and a definition the patch itself
/// writes (a stub).
///
/// ```swift
/// let uses = PatchIdentifiers(patch).uses
/// uses["softleaf_t"]?.kind                          // .type
/// uses["migration_entry_wait_on_locked"]?.arity     // 2
/// ```
struct PatchIdentifiers: Sendable {
  struct Use: Sendable, Hashable {
    let name: String
    let kind: MissingIdentifier.Kind
    /// The number of arguments of a call on an added line, when the line closes it.
    var arity: Int?
    /// The function head the patch defines or declares (`static inline void f(int a)`).
    var definition: String?
    /// Whether an added line declares it (`softleaf_t entry;`, a parameter): the patch
    /// brings it, the line need not have it.
    var declared = false
  }

  /// In order of first use.
  let uses: [Use]
  /// The names on added lines: what the patch brings for the patches after it.
  let added: Set<String>

  init(_ patch: Patch) {
    var order: [String] = []
    var found: [String: Use] = [:]
    var added: Set<String> = []
    for file in patch.files {
      for hunk in file.hunks {
        for line in hunk.lines where line.kind != .removed {
          let tokens = Lexer.tokens(of: line.text)
          for (index, token) in tokens.enumerated() where token.kind == .identifier {
            let name = token.text
            guard !Self.keywords.contains(name) else { continue }
            let next = index + 1 < tokens.count ? tokens[index + 1] : nil
            let previous = index > 0 ? tokens[index - 1] : nil
            let kind = Self.kind(name, previous: previous, next: next)
            if line.kind == .added { added.insert(name) }
            var use = found[name] ?? Use(name: name, kind: kind)
            if found[name] == nil { order.append(name) }
            if line.kind == .added, Self.isDeclared(tokens, at: index) { use.declared = true }
            if line.kind == .added, next?.isPunct("(") == true {
              let head = Self.isDefinitionHead(tokens, at: index)
              if head { use.definition = line.text.trimmed }
              if use.arity == nil || head { use.arity = Self.arity(tokens, open: index + 1) }
            }
            found[name] = use
          }
        }
      }
    }
    uses = order.compactMap { found[$0] }
    self.added = added
  }

  static func kind(_ name: String, previous: Token?, next: Token?) -> MissingIdentifier.Kind {
    if let previous, previous.isPunct("->") || previous.isPunct(".") { return .member }
    if let previous, ["struct", "union", "enum"].contains(previous.text) { return .type }
    if name.hasSuffix("_t") { return .type }
    let isUpper = name.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" }
    if isUpper { return .macro }
    if next?.isPunct("(") == true { return .function }
    return .identifier
  }

  /// Whether the identifier at `index` is declared there: after a type word (or `*`
  /// after one) and before `;`, `=`, `,`, `[` or `)`: `softleaf_t entry;`, `int *p = …`,
  /// a parameter `struct page *page)`.
  static func isDeclared(_ tokens: [Token], at index: Int) -> Bool {
    guard index > 0, index + 1 < tokens.count else { return false }
    let next = tokens[index + 1]
    guard [";", "=", ",", "[", ")"].contains(where: next.isPunct) else { return false }
    var before = index - 1
    while before > 0, tokens[before].isPunct("*") { before -= 1 }
    let type = tokens[before]
    guard type.kind == .identifier, before < index else { return false }
    return !keywords.contains(type.text) || typeWords.contains(type.text)
  }

  /// Keywords that name a type (`int x;` declares x; `return x;` does not).
  static let typeWords: Set<String> = [
    "char", "int", "long", "short", "signed", "unsigned", "void", "bool", "float", "double",
  ]

  /// Whether the identifier at `index` is the name in a function head: a type word before
  /// it and nothing like an assignment or a call before that.
  static func isDefinitionHead(_ tokens: [Token], at index: Int) -> Bool {
    guard index > 0 else { return false }
    return tokens[..<index].allSatisfy { $0.kind == .identifier || $0.isPunct("*") }
  }

  /// Arguments of the call whose `(` is at `open`: top-level commas plus one, 0 for `()`
  /// or `(void)`; `nil` when the line does not close the call.
  static func arity(_ tokens: [Token], open: Int) -> Int? {
    var depth = 0
    var commas = 0
    var inside: [Token] = []
    for token in tokens[open...] {
      if token.opensGroup {
        depth += 1
        if depth == 1 { continue }
      } else if token.isPunct(")") || token.isPunct("]") || token.isPunct("}") {
        depth -= 1
        if depth == 0 {
          let empty = inside.isEmpty || (inside.count == 1 && inside[0].text == "void")
          return empty ? 0 : commas + 1
        }
      }
      if depth == 1, token.isPunct(",") { commas += 1 }
      inside.append(token)
    }
    return nil
  }

  static let keywords: Set<String> = [
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
    "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
    "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union",
    "unsigned", "void", "volatile", "while", "bool", "true", "false", "NULL", "__always_inline",
    "unlikely", "likely", "define", "ifdef", "ifndef", "endif", "include", "defined", "elif",
  ]
}
