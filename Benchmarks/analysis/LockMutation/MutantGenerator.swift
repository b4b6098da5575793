import CSyntax
import LockAnalysis

/// Reads C files and plants one bug per mutant at every site an operator applies to.
///
/// ```swift
/// let generator = MutantGenerator(roles: PrimitiveRoles(table: try .builtin()))
/// let (functions, mutants) = generator.mutants(path: "mm/memory.c", text: source)
/// ```
public struct MutantGenerator: Sendable {
  public let roles: PrimitiveRoles

  public init(roles: PrimitiveRoles) { self.roles = roles }

  /// The functions of the file that call a primitive of the table, and every mutant of them.
  public func mutants(path: String, text: String) -> (functions: [FunctionInfo], mutants: [Mutant])
  {
    let file = SourceFile(text: text, path: path)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    var tokensPerLine: [Int: Int] = [:]
    for token in file.tokens { tokensPerLine[token.line, default: 0] += 1 }
    let definedHere = Dictionary(
      file.functions.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    var functions: [FunctionInfo] = []
    var mutants: [Mutant] = []
    var seen: [String: Int] = [:]
    for function in file.functions where function.isComplete {
      let scan = FunctionScan(
        path: path, function: function, lines: lines, tokensPerLine: tokensPerLine,
        conditions: file.conditions)
      let roleCalls = scan.calls.filter { roles.role(of: $0.name) != nil }
      guard !roleCalls.isEmpty else { continue }
      functions.append(
        FunctionInfo(
          file: path, name: function.name, lines: scan.size,
          takesPTLOrFolioLock: takesPTLOrFolioLock(scan)))
      var found = deletions(scan) + conversions(scan) + swaps(scan) + trylockRetries(scan)
      found += heldPointMutants(scan, definedHere: definedHere)
      for var mutant in found {
        let base = "\(path):\(function.name):\(mutant.line):\(mutant.mutationOperator.rawValue)"
        let count = seen[base, default: 0]
        seen[base] = count + 1
        mutant.id = count == 0 ? base : "\(base)#\(count + 1)"
        mutants.append(mutant)
      }
    }
    return (functions, mutants)
  }

  /// A mutant of `scan`'s function (its id is set by `mutants(path:text:)`).
  func mutant(
    _ scan: FunctionScan, _ mutationOperator: MutationOperator, line: Int, rules: [String],
    change: String, edits: [LineEdit], equivalence: Equivalence? = nil, functions: [String] = []
  ) -> Mutant {
    Mutant(
      id: "", file: scan.path, function: scan.function.name, functionLines: scan.size,
      mutationOperator: mutationOperator, line: line, expectedRules: rules,
      functions: [scan.function.name] + functions, change: change, equivalence: equivalence,
      edits: edits)
  }

  /// Whether the function takes a page-table lock or a folio/page lock.
  func takesPTLOrFolioLock(_ scan: FunctionScan) -> Bool {
    scan.calls.contains { call in
      switch roles.role(of: call.name) {
      case .map(locks: true), .unmap(unlocks: true): return true
      case .lock(let family), .conditionalLock(let family):
        if family == .page { return true }
        guard family == .spinlock, let object = roles.lockObject(of: call) else { return false }
        return object.hasSuffix("ptl") || call.name.hasPrefix("pmd_") || call.name.hasPrefix("pud_")
      default: return false
      }
    }
  }

  /// The statement `call` is, cut out: removed from its block, or `;` when it is the
  /// unbraced body of an `if` or loop.
  func deletion(_ scan: FunctionScan, _ site: StatementSite) -> LineEdit {
    let count = site.lastLine - site.firstLine + 1
    if site.block != nil { return LineEdit(start: site.firstLine, count: count, lines: []) }
    return LineEdit(start: site.firstLine, count: count, lines: [scan.indent(site.firstLine) + ";"])
  }

  /// The object a `put`, `get` or lock call names first, without `&`.
  static func firstArgument(_ call: CallSite) -> String? {
    call.arguments.first.map(PrimitiveRoles.bare)
  }
}
