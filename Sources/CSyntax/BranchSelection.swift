/// Picks one branch of an `#if` / `#else` block whose branches each open a brace or a
/// parenthesis that one shared line closes, so that functions after it stay functions.
///
/// A common kernel pattern gives a function two signatures (or a loop two heads) under a
/// config option and one body:
///
/// ```c
/// #ifdef CONFIG_NUMA
/// static int alloc_on(int nid, gfp_t gfp) {
/// #else
/// static int alloc_on(gfp_t gfp) {
/// #endif
///         return 0;
/// }
/// ```
///
/// Read without a preprocessor, both `{` count and the rest of the file becomes one body.
/// Where the branches of one block are not each balanced, the first branch is read (the
/// second when the first is `#if 0`) and the others are left out, with a note naming them.
/// Blocks whose branches each balance (stubs, whole alternative functions) are read whole.
enum BranchSelection {
  /// One `#if … #endif` block: the line of each branch's directive and of `#endif`.
  struct Block {
    var branchLines: [Int]
    var conditions: [String]
    var endLine: Int
  }

  /// The tokens to read, and a note for each block read on one branch only.
  static func select(_ tokens: [Token], directives: [Lexer.Directive]) -> (
    tokens: [Token], notes: [String]
  ) {
    let blocks = Self.blocks(directives).filter { $0.branchLines.count > 1 }
    guard !blocks.isEmpty else { return (tokens, []) }
    var dropped = [Bool](repeating: false, count: tokens.count)
    var notes: [String] = []
    // Inner blocks close first, so an outer block's counts see the inner choice made.
    for block in blocks {
      let ranges = (0..<block.branchLines.count).map { branch in
        tokenRange(
          tokens, after: block.branchLines[branch],
          before: branch + 1 < block.branchLines.count
            ? block.branchLines[branch + 1] : block.endLine)
      }
      let balances = ranges.map { balance(tokens, $0, dropped) }
      guard balances.contains(where: { $0 != .zero }) else { continue }
      let kept = block.conditions[0] == "if 0" ? 1 : 0
      for (branch, range) in ranges.enumerated() where branch != kept {
        for index in range { dropped[index] = true }
      }
      let skipped = ranges.indices.filter { $0 != kept }.map {
        "line \(block.branchLines[$0]) (#\(block.conditions[$0]))"
      }
      notes.append(
        "line \(block.branchLines[0]): the branches of this #if block do not each close what "
          + "they open; read the branch at line \(block.branchLines[kept]) "
          + "(#\(block.conditions[kept])), left out "
          + skipped.joined(separator: ", "))
    }
    guard dropped.contains(true) else { return (tokens, notes) }
    return (tokens.indices.filter { !dropped[$0] }.map { tokens[$0] }, notes)
  }

  /// `{`/`}` and `(`/`)` counts of a branch: what it leaves open (or closes of what came before).
  struct Balance: Equatable {
    var braces = 0
    var parentheses = 0
    static let zero = Balance()
  }

  static func balance(_ tokens: [Token], _ range: Range<Int>, _ dropped: [Bool]) -> Balance {
    var result = Balance()
    for index in range where !dropped[index] && tokens[index].kind == .punctuation {
      switch tokens[index].text {
      case "{": result.braces += 1
      case "}": result.braces -= 1
      case "(": result.parentheses += 1
      case ")": result.parentheses -= 1
      default: break
      }
    }
    return result
  }

  /// The indices of the tokens on lines strictly between `first` and `last`.
  static func tokenRange(_ tokens: [Token], after first: Int, before last: Int) -> Range<Int> {
    let lower = firstIndex(tokens, line: first + 1)
    let upper = firstIndex(tokens, line: last)
    return lower..<max(lower, upper)
  }

  /// The first token on `line` or after it.
  static func firstIndex(_ tokens: [Token], line: Int) -> Int {
    var low = 0
    var high = tokens.count
    while low < high {
      let middle = (low + high) / 2
      if tokens[middle].line < line { low = middle + 1 } else { high = middle }
    }
    return low
  }

  /// The `#if` blocks of a file, each listed when its `#endif` is read (inner ones first).
  static func blocks(_ directives: [Lexer.Directive]) -> [Block] {
    var open: [Block] = []
    var closed: [Block] = []
    for directive in directives {
      let text = (directive.keyword + " " + directive.argument).trimmingSpaces
      switch directive.keyword {
      case "if", "ifdef", "ifndef":
        open.append(Block(branchLines: [directive.line], conditions: [text], endLine: 0))
      case "elif", "elifdef", "elifndef", "else":
        guard !open.isEmpty else { continue }
        open[open.count - 1].branchLines.append(directive.line)
        open[open.count - 1].conditions.append(text)
      case "endif":
        guard var block = open.popLast() else { continue }
        block.endLine = directive.line
        closed.append(block)
      default:
        continue
      }
    }
    return closed
  }
}
