import CSyntax
import Testing

/// Code no kernel holds, read in linear time and bounded stack: what lies past a
/// ``ReadingLimit`` reads as ``Statement/unread(_:line:)``, the rest as usual.
@Suite struct ReadingLimitTests {
  /// The unread statements of a body, with their lines, however deep they are.
  static func unread(in statements: [Statement]) -> [(ReadingLimit, Int)] {
    var found: [(ReadingLimit, Int)] = []
    var pending = statements
    while let statement = pending.popLast() {
      switch statement {
      case .unread(let limit, let line): found.append((limit, line))
      case .block(let body, _): pending += body
      case .ifElse(_, let then, let elseBranch, _):
        pending += [then] + (elseBranch.map { [$0] } ?? [])
      case .loop(_, _, _, let body, _), .switchCase(_, let body, _), .doWhile(let body, _, _):
        pending.append(body)
      default: break
      }
    }
    return found
  }

  @Test func ifsNestedBeyondTheBoundStopAtIt() {
    let text = String(repeating: "if (x)\n", count: 300) + "y++;\n"
    let statements = StatementParser.parse(Lexer.tokens(of: text))
    let unread = Self.unread(in: statements)
    #expect(unread.count == 1)
    #expect(unread.first?.0 == .nesting(ReadingLimit.maximumNesting))
    #expect(unread.first?.1 == ReadingLimit.maximumNesting + 1)
  }

  @Test func fiftyThousandNestedBlocksAndParenthesesReadWithoutRecursingThatDeep() {
    let depth = 50_000
    let blocks =
      String(repeating: "if (x) {\n", count: depth) + String(repeating: "}\n", count: depth)
    #expect(Self.unread(in: StatementParser.parse(Lexer.tokens(of: blocks))).count == 1)
    let parentheses =
      "y = " + String(repeating: "(", count: depth) + "x" + String(repeating: ")", count: depth)
      + ";\nz = 1;"
    let statements = StatementParser.parse(Lexer.tokens(of: parentheses))
    guard statements.count == 2, case .unread(.bracketDepth, 1) = statements[0],
      case .expression(let tokens, 2) = statements[1]
    else {
      Issue.record("expected the deep statement unread and the next one read: \(statements)")
      return
    }
    #expect(tokens.map(\.text) == ["z", "=", "1"])
  }

  @Test func aChainOfConditionalOperatorsBeyondTheBoundIsUnreadAndAShortOneRead() {
    let long = "y = " + String(repeating: "x ? y : ", count: 1_000) + "0;"
    let short = "y = a ? b : c ? d : e;"
    let statements = StatementParser.parse(Lexer.tokens(of: long + "\n" + short))
    #expect(statements.count == 2)
    #expect(
      Self.unread(in: statements).map(\.0) == [.conditionals(ReadingLimit.maximumConditionals)])
    if case .expression(let tokens, 2) = statements[1] {
      #expect(tokens.count == 11)
    } else {
      Issue.record("the short chain is read: \(statements[1])")
    }
  }

  @Test func labelsBeyondTheBoundLeaveTheRestOfTheirBlockUnread() {
    let count = ReadingLimit.maximumLabels + 10
    let text = (0..<count).map { "l\($0):\n\ty++;\n" }.joined()
    let statements = StatementParser.parse(Lexer.tokens(of: text))
    let labels = statements.filter { if case .label = $0 { return true } else { return false } }
    #expect(labels.count == ReadingLimit.maximumLabels)
    #expect(Self.unread(in: statements).map(\.0) == [.labels(ReadingLimit.maximumLabels)])
    #expect(Self.unread(in: statements).first?.1 == 2 * ReadingLimit.maximumLabels + 1)
  }

  @Test func aLongElseIfLadderWithinTheBoundIsReadWhole() {
    let text = String(repeating: "if (x) y++; else\n", count: 100) + "y--;\n"
    let statements = StatementParser.parse(Lexer.tokens(of: text))
    #expect(Self.unread(in: statements).isEmpty)
    var depth = 0
    var current = statements.first
    while case .ifElse(_, _, let elseBranch, _)? = current {
      depth += 1
      current = elseBranch
    }
    #expect(depth == 100)
  }

  /// Brackets that close what they did not open are still matched innermost first, so an
  /// unbalanced fragment reads as it did before brackets were matched up front.
  @Test func mismatchedBracketsCloseTheInnermostOpenOne() {
    let statements = StatementParser.parse(Lexer.tokens(of: "if (a[1) { b(); }\nc();"))
    #expect(statements.count >= 1)
    #expect(Self.unread(in: statements).isEmpty)
  }
}
