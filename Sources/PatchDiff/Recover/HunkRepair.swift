/// One diff line as found in the mail, quote prefix removed.
struct HunkEntry: Sendable {
  var content: Substring
  var source: Int
  var flattened: Bool
  /// Index of the `BodyLine` it came from.
  var bodyIndex: Int

  enum Kind { case context, added, removed, lostSpace, blank, noNewline }

  var kind: Kind {
    switch content.utf8.first {
    case nil: .blank
    case 0x20: .context
    case 0x2B: .added
    case 0x2D: .removed
    case 0x5C: .noNewline
    default: .lostSpace
    }
  }
}

/// Rebuilds one hunk from damaged lines so that it has exactly the line counts
/// its header promises.
///
/// Each line that follows the header is either a line of its own (its kind given
/// by its marker, a context line that lost its space) or the tail of the line
/// before it, broken off by the mail client (the first may also continue the
/// header's function context). Every choice of where the hunk ends and which
/// lines are tails is scored: joining costs little where the line before is
/// plainly unfinished (`vmf-` before `>ptl);`, an open parenthesis) and much
/// where it is complete, and lines left over before the next hunk cost more
/// than any plausible join. The search is linear in the lines read: for each
/// end it only needs the cheapest joins of each kind, and joins are capped.
struct HunkRepair {
  static let maximumJoins = 32
  static let leftoverCost = 3.0
  static let maximumStrippedBlanks = 2

  var header: Hunk
  var entries: [HunkEntry]
  /// Another hunk or file follows the entries, so none may be left over.
  var followedByStructure: Bool
  /// The text ends after the entries: trailing blank context lines may have been stripped.
  var atEndOfText: Bool
  /// Identifiers seen in the mail, to rejoin `ent` + `ry` as `entry`.
  var identifiers: BodyIdentifiers

  struct Outcome {
    var hunk: Hunk
    /// How many entries the hunk consumed.
    var consumed: Int
    /// For each consumed entry, the hunk line it became part of (-1: the header).
    var lineOfEntry: [Int]
    var joined: [Int]
    /// Blank context lines added at the end because the text had lost them.
    var restoredBlankLines: Int
  }

  /// The cheapest reading that satisfies the counts, or nil when none does.
  func run() -> Outcome? {
    let old = header.oldCount
    let new = header.newCount
    if old == 0, new == 0 { return build(count: 0, joins: [], blankLines: 0) }
    let limit = min(entries.count, old + new + Self.maximumJoins)
    guard limit > 0 else { return nil }
    let leftovers = leftoverCosts()
    var joinable: [[(cost: Double, index: Int)]] = [[], [], []]  // context, added, removed
    var counts = (context: 0, added: 0, removed: 0)
    var best: (cost: Double, count: Int, joins: [Int], blanks: Int)?
    for count in 1...limit {
      let index = count - 1
      let slot: Int
      switch entries[index].kind {
      case .context, .lostSpace, .blank:
        counts.context += 1
        slot = 0
      case .added:
        counts.added += 1
        slot = 1
      case .removed:
        counts.removed += 1
        slot = 2
      case .noNewline: slot = -1
      }
      if slot >= 0, let cost = joinCost(index) {
        insert((cost, index), into: &joinable[slot])
      }
      let missing = atEndOfText && count == entries.count ? Self.maximumStrippedBlanks : 0
      for blanks in 0...missing {
        let extraOld = counts.context + counts.removed + blanks - old
        let extraNew = counts.context + counts.added + blanks - new
        guard extraOld >= 0, extraNew >= 0, extraOld + extraNew <= 2 * Self.maximumJoins else {
          continue
        }
        for contextJoins in 0...min(extraOld, extraNew) {
          let removedJoins = extraOld - contextJoins
          let addedJoins = extraNew - contextJoins
          guard contextJoins <= joinable[0].count, addedJoins <= joinable[1].count,
            removedJoins <= joinable[2].count,
            contextJoins + addedJoins + removedJoins <= Self.maximumJoins
          else { continue }
          let chosen =
            joinable[0].prefix(contextJoins) + joinable[1].prefix(addedJoins)
            + joinable[2].prefix(removedJoins)
          let cost =
            chosen.reduce(0) { $0 + $1.cost } + leftovers[count] + Double(count) * 0.001
            + Double(blanks) * 2
          if best == nil || cost < best!.cost {
            best = (cost, count, chosen.map(\.index).sorted(), blanks)
          }
        }
      }
    }
    guard let best else { return nil }
    return build(count: best.count, joins: best.joins, blankLines: best.blanks)
  }

  private func insert(
    _ item: (cost: Double, index: Int), into list: inout [(cost: Double, index: Int)]
  ) {
    var position = list.count
    while position > 0, list[position - 1].cost > item.cost { position -= 1 }
    guard position < Self.maximumJoins else { return }
    list.insert(item, at: position)
    if list.count > Self.maximumJoins { list.removeLast() }
  }

  /// Cost of ending the hunk after `count` entries, for every count.
  private func leftoverCosts() -> [Double] {
    var costs = [Double](repeating: 0, count: entries.count + 1)
    var run = 0
    for index in stride(from: entries.count - 1, through: 0, by: -1) {
      if followedByStructure {
        run += 1
      } else {
        run = entries[index].kind == .blank ? 0 : run + 1
      }
      costs[index] = Double(run) * Self.leftoverCost
    }
    return costs
  }

  /// What it costs to read entry `index` as the tail of the line before it.
  private func joinCost(_ index: Int) -> Double? {
    let entry = entries[index]
    let marked: Double
    switch entry.kind {
    case .blank, .noNewline: return nil
    case .lostSpace: marked = 0
    case .context, .added, .removed: marked = 5
    }
    guard index > 0 else {
      guard !header.section.isEmpty else { return nil }
      return (Self.opensParenthesis(header.section[...]) ? 0.3 : 3) + marked
    }
    let previous = entries[index - 1]
    guard previous.kind != .blank, previous.kind != .noNewline else { return nil }
    var cost = 1.0
    if entry.flattened {
      cost = 2
    } else if previous.content.hasSuffix("-"), entry.content.hasPrefix(">") {
      cost = 0.2
    } else if Self.opensParenthesis(previous.content) {
      cost = 0.3
    }
    let finished: [Substring] = [";", "{", "}", "*/"]
    if finished.contains(where: { previous.content.hasSuffix($0) }) { cost += 3 }
    return cost + marked
  }

  static func opensParenthesis(_ text: Substring) -> Bool {
    var depth = 0
    for byte in text.utf8 {
      if byte == 0x28 { depth += 1 } else if byte == 0x29 { depth -= 1 }
    }
    return depth > 0
  }

  /// The hunk read from the first `count` entries with `joins` as tails.
  func build(count: Int, joins: [Int], blankLines: Int) -> Outcome {
    var hunk = header
    hunk.lines = []
    var lineOfEntry: [Int] = []
    var joinSet = Set(joins)
    for index in 0..<count {
      let entry = entries[index]
      if joinSet.remove(index) != nil {
        let separator = self.separator(before: index)
        if hunk.lines.isEmpty {
          hunk.section += separator + entry.content
        } else {
          hunk.lines[hunk.lines.count - 1].text += separator + entry.content
        }
        lineOfEntry.append(hunk.lines.count - 1)
        continue
      }
      let text: Substring
      let kind: HunkLine.Kind
      switch entry.kind {
      case .noNewline:
        if !hunk.lines.isEmpty { hunk.lines[hunk.lines.count - 1].noNewlineAtEnd = true }
        lineOfEntry.append(hunk.lines.count - 1)
        continue
      case .blank, .lostSpace: (kind, text) = (.context, entry.content)
      case .context: (kind, text) = (.context, entry.content.dropFirst())
      case .added: (kind, text) = (.added, entry.content.dropFirst())
      case .removed: (kind, text) = (.removed, entry.content.dropFirst())
      }
      lineOfEntry.append(hunk.lines.count)
      hunk.lines.append(HunkLine(kind, String(text), sourceLine: entry.source))
    }
    for _ in 0..<blankLines {
      hunk.lines.append(HunkLine(.context, "", sourceLine: entries.last?.source ?? 0))
    }
    return Outcome(
      hunk: hunk, consumed: count, lineOfEntry: lineOfEntry, joined: joins,
      restoredBlankLines: blankLines)
  }

  /// How the mail client broke the line: at a space it dropped, inside a word
  /// (`ent` + `ry`, when `entry` is a word of the mail), after `-` of `->`, or
  /// at a lost line break that was written ` > `.
  func separator(before index: Int) -> String {
    let entry = entries[index]
    if entry.flattened { return " > " }
    let previous = index > 0 ? entries[index - 1].content : header.section[...]
    if previous.hasSuffix("-"), entry.content.hasPrefix(">") { return "" }
    let tail = previous.reversed().prefix { Self.isIdentifier($0) }
    let head = entry.content.prefix { Self.isIdentifier($0) }
    if !tail.isEmpty, !head.isEmpty, identifiers.contains(Substring(String(tail.reversed()) + head))
    {
      return ""
    }
    return " "
  }

  static func isIdentifier(_ char: Character) -> Bool {
    char == "_" || (char.isASCII && (char.isLetter || char.isNumber))
  }
}
