/// A word of a sentence as the patterns read it: lowercased, and as a C name or a Kconfig
/// option when it is one.
///
/// ```swift
/// Word("migration_entry_wait_on_locked(),").identifier  // "migration_entry_wait_on_locked"
/// Word("!CONFIG_MIGRATION").configOption                // "!CONFIG_MIGRATION"
/// Word("lock").identifier                               // nil: not written as code
/// ```
struct Word: Sendable, Equatable {
  let text: String
  let lowered: String

  init(_ raw: Substring) {
    let trimmed = raw.trimmingCharacters(in: Self.punctuation)
    text = trimmed
    lowered = trimmed.lowercased()
  }

  private static let punctuation: Set<Character> = [
    ",", ".", ";", ":", "\"", "'", "`", "(", ")", "[", "]", "?", "<", ">",
  ]

  /// A C name written as code: with `()`, an underscore, or `->`; `migrate_vma_*` keeps its
  /// `*` (a family of names). The `()` and surrounding punctuation are dropped.
  var identifier: String? {
    var name = Substring(text)
    if name.hasSuffix("()") { name = name.dropLast(2) }
    if let open = name.firstIndex(of: "("), name.hasSuffix(")") || !name.contains(")") {
      name = name[..<open]
    }
    let looksLikeCode = text.contains("()") || name.contains("_") || name.contains("->")
    guard looksLikeCode, let first = name.first, first.isLetter || first == "_",
      name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "*") })
    else { return nil }
    guard !name.hasPrefix("CONFIG_") else { return nil }
    return String(name)
  }

  /// `CONFIG_X` or `!CONFIG_X`.
  var configOption: String? {
    let bare = text.hasPrefix("!") ? text.dropFirst() : Substring(text)
    guard bare.hasPrefix("CONFIG_"), bare.count > 7,
      bare.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") })
    else { return nil }
    return text
  }
}

extension Substring {
  fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
    var slice = self
    // `foo()` keeps its parentheses; a closing bracket or quote after them goes.
    while let last = slice.last, set.contains(last), !slice.hasSuffix("()") { slice.removeLast() }
    while let first = slice.first, set.contains(first) { slice.removeFirst() }
    return String(slice)
  }
}

/// Sentences of prose: lines joined into paragraphs, paragraphs cut at `. ` and the like.
///
/// ```swift
/// Sentence.split("Resolve this by waiting.\nFuture work might\nmove it.")
/// // ["Resolve this by waiting.", "Future work might move it."]
/// ```
enum Sentence {
  /// - Complexity: O(n) in the text's length.
  static func split(_ text: String) -> [String] {
    var sentences: [String] = []
    for paragraph in text.components(separatedBy: "\n\n") {
      let joined = paragraph.split(separator: "\n").map { $0.trimmedBlanks }.joined(
        separator: " ")
      var current = ""
      var previous: Character = " "
      for character in joined {
        if character == " ", [".", "?", "!"].contains(previous), !current.hasSuffix("e.g."),
          !current.hasSuffix("i.e."), !current.hasSuffix("etc.")
        {
          sentences.append(current)
          current = ""
        } else {
          current.append(character)
        }
        previous = character
      }
      if !current.trimmedBlanks.isEmpty { sentences.append(current) }
    }
    return sentences.map(\.trimmedBlanks).filter { !$0.isEmpty }
  }

  static func words(of sentence: String) -> [Word] {
    sentence.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "/" || $0 == "\u{A0}" }).map(
      Word.init
    )
    .filter { !$0.text.isEmpty }
  }
}

extension StringProtocol {
  var trimmedBlanks: String {
    let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    return String(String(drop(while: blank).reversed().drop(while: blank)).reversed())
  }
}
