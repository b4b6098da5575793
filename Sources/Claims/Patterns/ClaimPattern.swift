/// One line of the claim-pattern table: where it is matched, the check it triggers, and the
/// words of a sentence it matches.
///
/// ```swift
/// let pattern = try ClaimPattern(line: "message renames replace* {A} with|by {B}", source: "x", number: 1)
/// pattern.match(Sentence.words(of: "Replace pte_unmap_unlock() with pte_unmap()."))?.captures
/// // ["A": "pte_unmap_unlock", "B": "pte_unmap"]
/// ```
public struct ClaimPattern: Sendable {
  /// One word of a pattern.
  enum Term: Sendable, Equatable {
    /// Any of these words (`a|an|the`); a trailing `*` matches by prefix.
    case words([String], prefix: Bool)
    /// A C name, captured under this label.
    case identifier(String)
    /// A Kconfig option, captured as `CONFIG`.
    case config
    /// A plain word naming where to look (`the migrate code`), captured as `SCOPE`.
    case scope
    /// Up to this many words of anything.
    case gap(Int)
  }

  public let place: PatternPlace
  public let check: ClaimCheck
  /// For a `condition`: what it states.
  public let condition: StatedCondition?
  let terms: [Term]
  /// `file:line` of the pattern, for errors and evidence.
  public let source: String

  /// Reads one line of the table (`WHERE CHECK PATTERN…`).
  ///
  /// - Throws: ``ClaimPatternError`` naming the file, line and what is wrong.
  init(line: String, source file: String, number: Int) throws(ClaimPatternError) {
    let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    func fail(_ message: String) -> ClaimPatternError {
      ClaimPatternError(file: file, line: number, message: message)
    }
    guard fields.count >= 3 else { throw fail("expected WHERE CHECK PATTERN…, got \"\(line)\"") }
    guard let place = PatternPlace(rawValue: fields[0]) else {
      let known = PatternPlace.allCases.map(\.rawValue).joined(separator: ", ")
      throw fail("unknown place \"\(fields[0])\" (one of: \(known))")
    }
    self.place = place
    source = "\(file):\(number)"
    if place == .condition {
      guard let stated = StatedCondition(fields[1]) else {
        throw fail("a condition states preempt=MODEL[,MODEL…] or cpus=N, not \"\(fields[1])\"")
      }
      condition = stated
      check = .livelock
    } else {
      guard let check = ClaimCheck(rawValue: fields[1]) else {
        let known = ClaimCheck.allCases.map(\.rawValue).joined(separator: ", ")
        throw fail("unknown check \"\(fields[1])\" (one of: \(known))")
      }
      self.check = check
      condition = nil
    }
    var terms: [Term] = []
    for word in fields.dropFirst(2) {
      if word == "..." {
        terms.append(.gap(12))
      } else if word == "{CONFIG}" {
        terms.append(.config)
      } else if word == "{SCOPE}" {
        terms.append(.scope)
      } else if word.hasPrefix("{"), word.hasSuffix("}"), word.count > 2 {
        terms.append(.identifier(String(word.dropFirst().dropLast())))
      } else {
        let prefix = word.hasSuffix("*")
        let text = prefix ? String(word.dropLast()) : word
        let choices = text.lowercased().split(separator: "|").map(String.init)
        guard !choices.isEmpty, choices.allSatisfy({ !$0.isEmpty }) else {
          throw fail("empty word in \"\(word)\"")
        }
        terms.append(.words(choices, prefix: prefix))
      }
    }
    for label in check.captures where place != .condition && place != .trailer {
      guard terms.contains(.identifier(label)) else {
        throw fail("check \(check.rawValue) reads {\(label)}: the pattern does not capture it")
      }
    }
    self.terms = terms
  }

  /// A match: the words it covers and what it captured.
  struct Match: Sendable, Equatable {
    var range: Range<Int>
    var captures: [String: String]
  }

  /// The shortest match anywhere in `words` (the leftmost of equal ones): in "I used a trylock
  /// in do_swap_page because the migrate_vma_* functions also use trylocks", `{A} ... use*
  /// trylock*` captures `migrate_vma_*`, the name nearest the verb.
  ///
  /// - Complexity: O(w² × t × g) for w words, t terms and gaps of g words.
  func match(_ words: [Word]) -> Match? {
    var best: Match?
    for start in words.indices {
      var captures: [String: String] = [:]
      if let end = match(words, from: start, term: 0, captures: &captures),
        end - start < best.map({ $0.range.count }) ?? Int.max
      {
        best = Match(range: start..<end, captures: captures)
      }
    }
    return best
  }

  private func match(_ words: [Word], from index: Int, term: Int, captures: inout [String: String])
    -> Int?
  {
    guard term < terms.count else { return index }
    switch terms[term] {
    case .gap(let most):
      for skip in 0...most where index + skip <= words.count {
        var tried = captures
        if let end = match(words, from: index + skip, term: term + 1, captures: &tried) {
          captures = tried
          return end
        }
      }
      return nil
    case .words(let choices, let prefix):
      guard index < words.count else { return nil }
      let word = words[index].lowered
      let hit = choices.contains { prefix ? word.hasPrefix($0) : word == $0 }
      return hit ? match(words, from: index + 1, term: term + 1, captures: &captures) : nil
    case .identifier(let label):
      guard index < words.count, let name = words[index].identifier else { return nil }
      captures[label] = name
      return match(words, from: index + 1, term: term + 1, captures: &captures)
    case .scope:
      let text = index < words.count ? words[index].lowered : ""
      guard text.count >= 3, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "_") }) else {
        return nil
      }
      captures["SCOPE"] = text
      return match(words, from: index + 1, term: term + 1, captures: &captures)
    case .config:
      guard index < words.count, let option = words[index].configOption else { return nil }
      captures["CONFIG"] = option
      return match(words, from: index + 1, term: term + 1, captures: &captures)
    }
  }
}

/// A line of a claim-pattern table that cannot be read.
public struct ClaimPatternError: Error, Sendable, CustomStringConvertible {
  public let file: String
  public let line: Int
  public let message: String

  public var description: String { "\(file):\(line): \(message)" }
}
