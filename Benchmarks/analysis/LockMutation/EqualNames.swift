import CSyntax

/// Whether two local names hold the same value on every path to a statement: a must-analysis
/// over the function's statements, independent of the analyzer it judges, so that a guard
/// `a != b` the code makes false on every path marks its branch as dead code (a mutant there
/// is no bug).
///
/// The fixture's `do_swap_page()` sets `swapcache = folio;` on every path and changes neither
/// after (it has no `ksm_might_need_to_copy()`), so its `if (folio != swapcache && swapcache)`
/// branches never run; real 6.12's reassigns `folio` after, and its branches stay live.
///
/// ```swift
/// EqualNames("folio", "swapcache", in: body).alwaysEqual(atLine: 4802)  // true or false
/// ```
///
/// Sound by giving up: a name whose address is taken (`&a`) answers false; one given bare to a
/// call that may be a macro assigning it (an upper-case name, `swap()`, `get_user()`) or walked
/// by an iterator macro, and a body the reader skipped (``Statement/unread(_:line:)``), leave
/// "unknown" behind them. Paths
/// meet by "and"; loops and labels reached by `goto` run to a fixpoint from "equal" down.
struct EqualNames {
  let names: (String, String)
  let body: [Statement]

  init(_ first: String, _ second: String, in body: [Statement]) {
    names = (first, second)
    self.body = body
  }

  /// A path state: nil where no path reaches, else whether the names are equal.
  typealias State = Bool?

  private struct Flow {
    var normal: State = nil
    var breaks: State = nil
    var continues: State = nil
  }

  /// Whether every path reaching the statement starting at `line` arrives with the names equal
  /// (false when no path reaches it, or when the reading gives up).
  func alwaysEqual(atLine line: Int) -> Bool {
    var run = Run(names: names, target: line)
    guard !run.givesUp(body) else { return false }
    // Labels start at "equal" (the top) and fall to what the `goto`s bring, until stable.
    for _ in 0..<8 {
      run.atTarget = nil
      run.jumps = [:]
      _ = run.execute(body, false)
      let settled = run.jumps
      if settled == run.labels { return run.atTarget ?? false }
      run.labels = settled
    }
    return false
  }

  /// One pass over the body.
  private struct Run {
    let names: (String, String)
    let target: Int
    /// What reaches each label by `goto` (nil: no `goto` reached it); absent: not yet known.
    var labels: [String: State] = [:]
    var jumps: [String: State] = [:]
    var atTarget: State = nil

    static func meet(_ one: State, _ other: State) -> State {
      guard let one else { return other }
      guard let other else { return one }
      return one && other
    }

    func isName(_ text: String) -> Bool { text == names.0 || text == names.1 }

    /// Whether the body gives either name's address away (`&swapcache`): anything may then
    /// change it. (A body the reader skipped leaves "unknown" behind it, ``execute(_:_:)``.)
    func givesUp(_ statements: [Statement]) -> Bool {
      var gaveUp = false
      for statement in statements {
        statement.forEachTokens { tokens in
          for index in tokens.indices.dropFirst()
          where isName(tokens[index].text) && tokens[index - 1].isPunct("&") {
            gaveUp = true
          }
        }
      }
      return gaveUp
    }

    /// The state after `tokens` run: an assignment of one name from the other makes them
    /// equal, any other change of either makes them unknown.
    func after(_ tokens: [Token], _ state: State) -> State {
      guard var state else { return nil }
      for index in tokens.indices where isName(tokens[index].text) {
        let name = tokens[index].text
        let previous = index > 0 ? tokens[index - 1] : nil
        if previous?.isPunct("->") == true || previous?.isPunct(".") == true { continue }
        let next = index + 1 < tokens.count ? tokens[index + 1] : nil
        if Self.steps(previous) || Self.steps(next) || Self.isCompoundAssignment(next) {
          state = false
          continue
        }
        if next?.isPunct("=") == true {
          let other = name == names.0 ? names.1 : names.0
          let value = index + 2 < tokens.count ? tokens[index + 2] : nil
          let end = index + 3 < tokens.count ? tokens[index + 3] : nil
          let ends = end.map { $0.isPunct(",") || $0.isPunct(";") || $0.isPunct(")") } ?? true
          state = value?.text == other && ends
          continue
        }
        // Given bare to what may be a macro that assigns it (`swap(a, b)`, `WRITE_ONCE(a, v)`).
        if let previous, previous.isPunct("(") || previous.isPunct(","),
          next?.isPunct(")") == true || next?.isPunct(",") == true,
          let call = Self.calledName(tokens, argumentAt: index),
          call.contains(where: \.isUppercase) || ["swap", "get_user", "__get_user"].contains(call)
            || Statement.isIteratorMacro(call)
        {
          state = false
        }
      }
      return state
    }

    /// `++` or `--`.
    static func steps(_ token: Token?) -> Bool {
      token?.isPunct("++") == true || token?.isPunct("--") == true
    }

    /// `+=`, `|=`, `<<=`, … (not `==`, `!=`, `<=`, `>=`).
    static func isCompoundAssignment(_ token: Token?) -> Bool {
      guard let token, token.kind == .punctuation, token.text.count > 1,
        token.text.hasSuffix("=")
      else { return false }
      return !["==", "!=", "<=", ">="].contains(token.text)
    }

    /// The name of the call whose argument list holds the token at `index`.
    static func calledName(_ tokens: [Token], argumentAt index: Int) -> String? {
      var depth = 0
      var position = index - 1
      while position >= 0 {
        if tokens[position].isPunct(")") { depth += 1 }
        if tokens[position].isPunct("(") {
          if depth == 0 {
            return position > 0 && tokens[position - 1].kind == .identifier
              ? tokens[position - 1].text : nil
          }
          depth -= 1
        }
        position -= 1
      }
      return nil
    }

    mutating func execute(_ statements: [Statement], _ entry: State) -> Flow {
      var flow = Flow()
      var state = entry
      for statement in statements {
        let inner = execute(statement, state)
        state = inner.normal
        flow.breaks = Self.meet(flow.breaks, inner.breaks)
        flow.continues = Self.meet(flow.continues, inner.continues)
      }
      flow.normal = state
      return flow
    }

    mutating func execute(_ statement: Statement, _ state: State) -> Flow {
      var flow = Flow()
      switch statement {
      case .expression(let tokens, _):
        flow.normal = after(tokens, state)
      case .block(let inner, _):
        return execute(inner, state)
      case .ifElse(let condition, let then, let otherwise, let line):
        if line == target { atTarget = Self.meet(atTarget, state) }
        let decided = after(condition, state)
        let first = execute(then, decided)
        let second = otherwise.map { execute($0, decided) } ?? Flow(normal: decided)
        flow.normal = Self.meet(first.normal, second.normal)
        flow.breaks = Self.meet(first.breaks, second.breaks)
        flow.continues = Self.meet(first.continues, second.continues)
      case .switchCase(let subject, let inner, _):
        let entered = after(subject, state)
        guard case .block(let cases, _) = inner else {
          let body = execute(inner, entered)
          flow.normal = Self.meet(Self.meet(body.normal, body.breaks), entered)
          flow.continues = body.continues
          return flow
        }
        var current: State = nil
        for statement in cases {
          if case .caseLabel = statement { current = Self.meet(current, entered) }
          let body = execute(statement, current)
          current = body.normal
          flow.breaks = Self.meet(flow.breaks, body.breaks)
          flow.continues = Self.meet(flow.continues, body.continues)
        }
        flow.normal = Self.meet(Self.meet(current, flow.breaks), entered)
        flow.breaks = nil
      case .loop(let initial, let condition, let step, let inner, _):
        let entered = after(initial, state)
        var head = entered
        var body = Flow()
        for _ in 0..<4 {
          body = execute(inner, after(condition, head))
          let next = Self.meet(entered, after(step, Self.meet(body.normal, body.continues)))
          if next == head { break }
          head = next
        }
        flow.normal = Self.meet(after(condition, head), body.breaks)
      case .doWhile(let inner, let condition, _):
        var head = state
        var body = Flow()
        for _ in 0..<4 {
          body = execute(inner, head)
          let next = Self.meet(state, after(condition, Self.meet(body.normal, body.continues)))
          if next == head { break }
          head = next
        }
        let leaving = after(condition, Self.meet(body.normal, body.continues))
        flow.normal = Self.meet(leaving, body.breaks)
      case .goto(let label, _):
        if state != nil { jumps[label] = Self.meet(jumps[label] ?? nil, state) }
      case .label(let name, _):
        // Not yet known: "equal", the top the fixpoint falls from.
        let jumped = labels[name] ?? true
        flow.normal = Self.meet(state, jumped)
      case .returnStatement:
        break
      case .breakStatement:
        flow.breaks = state
      case .continueStatement:
        flow.continues = state
      case .caseLabel:
        flow.normal = state
      case .unread:
        flow.normal = false
      }
      return flow
    }
  }
}
