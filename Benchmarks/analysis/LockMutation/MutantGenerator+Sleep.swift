import CSyntax
import Foundation

/// The sleeping-call and `mmap_lock` recursion operators.
extension MutantGenerator {
  /// A sleeping call right after a spinlock is taken: `might_sleep()`, a `GFP_KERNEL`
  /// allocation, a `folio_lock()` of a folio in scope, or a `mutex_lock()` of a mutex the
  /// function uses: one mutant each.
  func sleepsAfterSpinlock(_ scan: FunctionScan, _ point: HeldPoint) -> [Mutant] {
    let indent = scan.indent(point.indentLine)
    var choices: [[String]] = [
      ["might_sleep();"], ["kfree(kmalloc(sizeof(long), GFP_KERNEL));"],
    ]
    if hasFolio(scan) { choices.append(["folio_lock(folio);", "folio_unlock(folio);"]) }
    if let mutex = scan.calls.first(where: { $0.name == "mutex_lock" })?.arguments.first {
      choices.append(["mutex_lock(\(mutex));", "mutex_unlock(\(mutex));"])
    }
    return choices.map { chosen in
      mutant(
        scan, .sleepUnderSpinlock, line: point.insertAfter, rules: ["sleep-under-spinlock"],
        change: "`\(chosen.joined(separator: " "))` after line \(point.insertAfter), while "
          + "\(point.call.name)() holds \(point.lock ?? point.object)",
        edits: [.insert(after: point.insertAfter, chosen.map { indent + $0 })],
        equivalence: scan.equivalence(at: scan.site(of: point.call)))
    }
  }

  /// Whether a `struct folio *folio` is a parameter or declared in the body.
  func hasFolio(_ scan: FunctionScan) -> Bool {
    if scan.function.parameters.contains(where: {
      $0.replacingOccurrences(of: " ", with: "") == "structfolio*folio"
    }) {
      return true
    }
    let body = scan.function.bodyTokens
    return body.indices.dropLast(3).contains { index in
      body[index].isWord("struct") && body[index + 1].isWord("folio")
        && body[index + 2].isPunct("*")
        && body[index + 3].isWord("folio")
    }
  }

  /// `mmap_read_lock()` again while `mmap_lock` is held: at the top of a same-file callee
  /// called while it is held (with the callee's `mm` or `vma->vm_mm`), and directly after
  /// the acquisition.
  func recursiveMmapLock(_ scan: FunctionScan, _ point: HeldPoint, definedHere: [String: Function])
    -> [Mutant]
  {
    guard case .lock = point.held, point.object.hasSuffix("->mmap_lock"),
      roles.isThroughCalls(point.call.name) || point.call.name.hasPrefix("mmap_"),
      let mm = point.call.arguments.first
    else { return [] }
    let site = scan.site(of: point.call)
    var found: [Mutant] = []
    let indent = scan.indent(point.indentLine)
    found.append(
      mutant(
        scan, .recursiveMmapLock, line: point.insertAfter, rules: ["recursive-lock"],
        change:
          "`mmap_read_lock(\(mm)); mmap_read_unlock(\(mm));` after line \(point.insertAfter), "
          + "while \(point.call.name)(\(mm)) holds it (direct)",
        edits: [
          .insert(
            after: point.insertAfter,
            ["\(indent)mmap_read_lock(\(mm));", "\(indent)mmap_read_unlock(\(mm));"])
        ],
        equivalence: scan.equivalence(at: site)))
    let release =
      releaseLines(scan, point).filter { $0 > point.insertAfter }.min() ?? scan.function.endLine
    for call in scan.calls where call.line > point.insertAfter && call.line < release {
      guard call.name != scan.function.name, let callee = definedHere[call.name], callee.isComplete,
        !callee.bodyTokens.contains(where: { $0.text.hasPrefix("mmap_") }),
        let (mmInCallee, line) = calleeEntry(callee, scan)
      else { continue }
      let inner = scan.indent(line)
      found.append(
        mutant(
          scan, .recursiveMmapLock, line: line, rules: ["recursive-lock"],
          change:
            "`mmap_read_lock(\(mmInCallee)); mmap_read_unlock(\(mmInCallee));` at the top of \(callee.name)() "
            + "(line \(line)), which \(scan.function.name)() calls at \(call.line) while \(point.call.name)(\(mm)) "
            + "holds mmap_lock (in a callee)",
          edits: [
            .insert(
              after: line - 1,
              [
                "\(inner)mmap_read_lock(\(mmInCallee));",
                "\(inner)mmap_read_unlock(\(mmInCallee));",
              ])
          ],
          equivalence: scan.equivalence(at: scan.site(of: call)), functions: [callee.name]))
      break
    }
    return found
  }

  /// The `mm` a callee can name (`mm`, or `vma->vm_mm`) and the line of its first statement
  /// after its declarations, when that line starts the statement.
  func calleeEntry(_ callee: Function, _ scan: FunctionScan) -> (String, Int)? {
    var mm: String?
    for parameter in callee.parameters {
      let compact = parameter.replacingOccurrences(of: " ", with: "")
      let name = CSyntax.Lexer.tokens(of: parameter).last { $0.kind == .identifier }?.text ?? ""
      if compact.hasPrefix("structmm_struct*") {
        mm = name
      } else if mm == nil, compact.hasPrefix("structvm_area_struct*") {
        mm = "\(name)->vm_mm"
      }
    }
    guard let mm else { return nil }
    guard let first = callee.body.first(where: { !Self.isDeclaration($0) }) else { return nil }
    let line = first.line
    guard let index = callee.bodyTokens.firstIndex(where: { $0.line == line }),
      index == 0 || callee.bodyTokens[index - 1].line < line
    else { return nil }
    return (mm, line)
  }

  /// `int ret = 0;`, `struct folio *folio;`, `unsigned long addr;`: a declaration, roughly.
  static func isDeclaration(_ statement: Statement) -> Bool {
    guard case .expression(let tokens, _) = statement, tokens.count >= 3 else { return false }
    let typeWords: Set<String> = [
      "struct", "union", "enum", "const", "unsigned", "signed", "int", "long", "char", "bool",
      "short", "void", "static", "volatile",
    ]
    if tokens[0].kind == .identifier, typeWords.contains(tokens[0].text) { return true }
    if tokens[0].kind == .identifier, tokens[1].kind == .identifier { return true }
    return tokens[0].kind == .identifier && tokens[1].isPunct("*") && tokens[2].kind == .identifier
      && tokens.count > 3
      && (tokens[3].isPunct("=") || tokens[3].isPunct(";") || tokens[3].isPunct(","))
  }
}
