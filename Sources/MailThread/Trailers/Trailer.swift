/// A trailer line: `Reviewed-by: Alistair Popple <apopple@nvidia.com>`.
///
/// A value may wrap onto the next line (`Fixes: 1afaeb8293c9 ("mm/migrate:
/// Trylock device page in` / `do_swap_page")`); it is joined back while its
/// parentheses or quotes are open. A name that is not a known trailer but is
/// close to one is kept and flagged with the one it was probably meant to be.
///
/// ```swift
/// let trailers = Trailer.find(in: QuotedText(body))
/// trailers.first { $0.name == "Suggessted-by" }?.probablyMeant  // "Suggested-by"
/// ```
public struct Trailer: Sendable, Equatable {
  public let name: String
  public let value: String
  /// Who gave it: the author of the text it appeared in, when known.
  public var by: String?
  public let depth: Int
  public let line: Int
  /// For an unknown name: the known trailer it is closest to.
  public let probablyMeant: String?

  /// Who gave it, when that is someone other than the person it names: nil for a
  /// reviewer's own `Reviewed-by:`, `Alistair Popple` for a `Tested-by: Balbir Singh`
  /// he passed on.
  public var givenOnBehalf: String? {
    guard let by else { return nil }
    let named = Mailbox(parsing: value)
    return named.name?.caseInsensitiveEquals(by) == true || named.address == by ? nil : by
  }

  /// The `# v6.15+` comment of a stable Cc, or nil.
  public var stableRange: String? {
    guard name.lowercased() == "cc", let hash = value.firstIndex(of: "#") else { return nil }
    let comment = value[value.index(after: hash)...].trimmingSpaces()
    let addressPart = value[..<hash]
    let isStable =
      addressPart.containsBytes("stable@") || Mailbox(parsing: String(addressPart)).isObfuscated
    guard isStable, comment.first == "v" || comment.first?.isNumber == true else { return nil }
    return comment.split(separator: " ").first.map(String.init)
  }

  public static let known: [String] = [
    "Signed-off-by", "Reviewed-by", "Acked-by", "Tested-by", "Reported-by", "Suggested-by",
    "Co-developed-by", "Fixes", "Cc", "Link", "Closes", "Requested-by", "Debugged-by",
    "Originally-by", "Helped-by", "Cc-stable", "Message-ID", "Based-on-patch-by", "Bisected-by",
    "Analyzed-by", "Reported-and-tested-by", "Stable-dep-of", "Tested-and-acked-by",
  ]

  /// Trailers that a reply gives to the patch it answers (b4's rule).
  public static let reviewTrailers: Set<String> = [
    "reviewed-by", "acked-by", "tested-by", "reported-by", "suggested-by", "nacked-by",
  ]

  /// Every trailer line at any quote depth; `by` from the depth's author.
  public static func find(in quoted: QuotedText) -> [Trailer] {
    var result: [Trailer] = []
    let lines = quoted.lines
    var i = 0
    while i < lines.count {
      let line = lines[i]
      guard let (name, rawValue) = split(line.text) else {
        i += 1
        continue
      }
      var value = rawValue
      var j = i + 1
      while !isBalanced(value), j < lines.count, j <= i + 3, lines[j].depth == line.depth,
        split(lines[j].text) == nil, !lines[j].text.trimmingSpaces().isEmpty
      {
        value += " " + lines[j].text.trimmingSpaces()
        j += 1
      }
      let knownName = known.first { $0.caseInsensitiveEquals(name) }
      let guess = knownName == nil ? closestKnown(name) : nil
      if knownName != nil || guess != nil || name.lowercased().hasSuffix("-by") {
        let author = line.depth < quoted.authors.count ? quoted.authors[line.depth] : nil
        result.append(
          Trailer(
            name: name, value: value, by: author, depth: line.depth, line: line.number,
            probablyMeant: guess))
      }
      i = j
    }
    return result
  }

  /// `Name: value` where Name is one word of letters and dashes.
  static func split(_ text: String) -> (String, String)? {
    guard text.utf8.prefix(48).contains(UInt8(ascii: ":")) else { return nil }
    let trimmed = text.trimmingSpaces()
    guard let colon = trimmed.utf8.firstIndex(of: UInt8(ascii: ":")) else { return nil }
    let name = trimmed[..<colon]
    guard name.count >= 2, name.count <= 40, name.first?.isLetter == true,
      name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
    else { return nil }
    let value = trimmed[trimmed.utf8.index(after: colon)...].trimmingSpaces()
    guard !value.isEmpty else { return nil }
    return (String(name), value)
  }

  private static func isBalanced(_ value: String) -> Bool {
    var depth = 0
    var quotes = 0
    for character in value {
      if character == "(" { depth += 1 }
      if character == ")" { depth -= 1 }
      if character == "\"" { quotes += 1 }
    }
    return depth <= 0 && quotes % 2 == 0
  }

  /// The known name within edit distance 2 (case-insensitive), if any.
  static func closestKnown(_ name: String) -> String? {
    let lower = Array(name.lowercased())
    guard lower.count >= 4 else { return nil }
    var best: (String, Int)? = nil
    for candidate in known {
      let distance = EditDistance.between(lower, Array(candidate.lowercased()))
      if distance > 0 && distance <= 2 && distance < (best?.1 ?? Int.max) {
        best = (candidate, distance)
      }
    }
    return best?.0
  }
}
