import CSyntax
import PatchDiff

/// The added and removed lines of a patch with the C names on each, for statements about
/// the diff: what it adds, removes, renames, defines.
///
/// ```swift
/// let facts = DiffFacts(patch)
/// facts.net("migration_entry_wait_on_locked")   // 2: added twice (stub, call), removed never
/// facts.firstAdded("pte_unmap")?.number         // 4687
/// ```
struct DiffFacts: Sendable {
  struct Line: Sendable {
    var file: String
    /// The post-image line of an added line, the pre-image line of a removed one.
    var number: Int
    var text: String
    var kind: HunkLine.Kind
    /// The C names on the line, in order, each with whether a `(` follows it (a call or a
    /// definition).
    var names: [(name: String, called: Bool)]
  }

  let added: [Line]
  let removed: [Line]
  /// Every C name of the patch, context lines too (candidates for a misspelt name).
  let allNames: Set<String>

  /// - Complexity: O(n) in the patch's lines.
  init(_ patch: Patch) {
    var added: [Line] = []
    var removed: [Line] = []
    var all: Set<String> = []
    for file in patch.files {
      for hunk in file.hunks {
        var old = hunk.oldStart
        var new = hunk.newStart
        for line in hunk.lines {
          let tokens = Lexer.tokens(of: line.text)
          var names: [(String, Bool)] = []
          for (index, token) in tokens.enumerated() where token.kind == .identifier {
            let called = index + 1 < tokens.count && tokens[index + 1].isPunct("(")
            names.append((token.text, called))
            all.insert(token.text)
          }
          switch line.kind {
          case .added:
            added.append(
              Line(file: file.path, number: new, text: line.text, kind: .added, names: names))
            new += 1
          case .removed:
            removed.append(
              Line(file: file.path, number: old, text: line.text, kind: .removed, names: names))
            old += 1
          case .context:
            old += 1
            new += 1
          }
        }
      }
    }
    self.added = added
    self.removed = removed
    allNames = all
  }

  /// Whether `name` is `pattern`, or starts with it when the pattern ends in `*`.
  static func name(_ name: String, matches pattern: String) -> Bool {
    pattern.hasSuffix("*") ? name.hasPrefix(pattern.dropLast()) : name == pattern
  }

  private static func count(_ pattern: String, in lines: [Line]) -> Int {
    lines.reduce(0) { sum, line in
      sum + line.names.filter { Self.name($0.name, matches: pattern) }.count
    }
  }

  /// How many more times the added lines name `pattern` than the removed lines do.
  func net(_ pattern: String) -> Int {
    Self.count(pattern, in: added) - Self.count(pattern, in: removed)
  }

  func firstAdded(_ pattern: String) -> Line? {
    added.first { $0.names.contains { Self.name($0.name, matches: pattern) } }
  }

  func firstRemoved(_ pattern: String) -> Line? {
    removed.first { $0.names.contains { Self.name($0.name, matches: pattern) } }
  }

  /// The added line that starts a `static inline` definition of `name` (a stub), if any.
  func inlineDefinition(of name: String) -> Line? {
    added.first { line in
      let head = line.text.first.map { $0 != " " && $0 != "\t" } ?? false
      return head && line.text.contains("inline")
        && line.names.contains { $0.name == name && $0.called }
    }
  }

  /// Every call on an added line (not a definition or prototype, which starts its line):
  /// the name and the line.
  var addedCalls: [(name: String, line: Line)] {
    added.filter { $0.text.first == " " || $0.text.first == "\t" }.flatMap { line in
      line.names.filter(\.called).map { ($0.name, line) }
    }
  }
}

extension DiffFacts.Line {
  /// The line as the diff shows it: `+ pte_unmap(vmf->pte);`.
  var shown: String {
    String(kind.marker) + " " + text.trimmingCharacters(in: [" ", "\t"])
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
    var slice = Substring(self)
    while let first = slice.first, set.contains(first) { slice.removeFirst() }
    while let last = slice.last, set.contains(last) { slice.removeLast() }
    return String(slice)
  }
}
