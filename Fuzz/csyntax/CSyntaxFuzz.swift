// libFuzzer entry point for the C reader: tokens, `#if` blocks and conditions, functions,
// declarations and statements. Built by `Fuzz/run.sh csyntax` together with the CSyntax
// sources, so internals are in scope and their invariants can be checked.

/// The input is read as a C file and as a fragment of a function body; every function's
/// statements are read and walked without recursion, and the reader's bounds must hold.
@_cdecl("LLVMFuzzerTestOneInput")
public func cSyntaxFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  let file = SourceFile(text: text, path: "fuzz.c")
  let lines = text.utf8.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
  for line in stride(from: 1, through: lines, by: max(1, lines / 16)) {
    _ = file.conditions.clauses(atLine: line)
    _ = file.conditions.requires("CONFIG_MMU", atLine: line)
  }
  _ = file.includes
  for declaration in file.declarations { _ = declaration.parameterTypes }
  for function in file.functions {
    if function.line > function.endLine {
      fatalError("function \(function.name) ends before it starts")
    }
    _ = function.parameterNames
    checkBounds(function.body)
  }
  for segment in StatementParser.segments(Lexer.tokens(of: text)) { checkBounds(segment) }
  return 0
}

/// Walks statements with an explicit stack: no nesting deeper than the reader's bound, and
/// no expression past the bracket or `?:` bounds left read.
func checkBounds(_ statements: [Statement]) {
  var pending = statements.map { ($0, 1) }
  while let (statement, depth) = pending.popLast() {
    if depth > ReadingLimit.maximumNesting + 1 {
      fatalError("a statement nested \(depth) deep was read")
    }
    switch statement {
    case .expression(let tokens, _), .returnStatement(let tokens, _), .caseLabel(let tokens, _):
      if let limit = ReadingLimit.exceeded(by: tokens) { fatalError("read past \(limit)") }
    case .block(let body, _): pending += body.map { ($0, depth + 1) }
    case .ifElse(_, let then, let elseBranch, _):
      pending.append((then, depth + 1))
      if let elseBranch { pending.append((elseBranch, depth + 1)) }
    case .loop(_, _, _, let body, _), .switchCase(_, let body, _), .doWhile(let body, _, _):
      pending.append((body, depth + 1))
    case .goto, .label, .breakStatement, .continueStatement, .unread: break
    }
  }
}
