import CSyntax
import PatchDiff

/// `stub-gap`: a call added to code that is built without CONFIG_X, to a function a header
/// declares only under CONFIG_X with no `#else` stub (or with a stub whose signature differs).
///
/// Whether a file is built without CONFIG_X comes from its directory's Makefile
/// (`obj-$(CONFIG_MIGRATION) += migrate.o`), whether a call line is, from its `#if` conditions.
struct StubCheck {
  let tree: any SourceTree
  let headers: [String: SourceFile]

  func findings(file: FilePatch, after: SourceFile, patchedPaths: Set<String>) -> [Finding] {
    let buildConditions = Self.buildConditions(of: file.path, makefile: tree.text(of: directory(file.path) + "Makefile"))
    let defined = Set(after.functions.map(\.name))
    var addedLines: Set<Int> = []
    var delta = 0
    for hunk in file.hunks {
      var newLine = hunk.newStart
      for line in hunk.lines {
        if line.kind == .added { addedLines.insert(newLine) }
        if line.kind != .removed { newLine += 1 }
      }
      delta += 0
    }
    var findings: [Finding] = []
    var seen: Set<String> = []
    for call in Expression.calls(in: after.tokens.filter { addedLines.contains($0.line) })
    where !defined.contains(call.name) && !call.indirect && seen.insert(call.name).inserted {
      for (path, header) in headers.sorted(by: { $0.key < $1.key }) {
        let declarations = header.declarations.filter { $0.name == call.name }
        guard let real = declarations.first else { continue }
        let conditions = header.conditions.clauses(atLine: real.line).filter { $0.hasPrefix("CONFIG_") }
        guard let symbol = conditions.first(where: { !$0.contains(" ") }) else { continue }
        if buildConditions.contains(symbol) || after.conditions.requires(symbol, atLine: call.line) == true { continue }
        let stubs = declarations.filter { header.conditions.requires(symbol, atLine: $0.line) != true }
        let function = after.function(containing: call.line)?.name ?? "(file scope)"
        if stubs.isEmpty {
          findings.append(
            Finding(
              rule: "stub-gap", severity: .error, file: file.path, line: call.line, function: function,
              message:
                "\(file.path) calls \(call.name)() at \(call.line) and is built without \(symbol) "
                + (buildConditions.isEmpty ? "(always built)" : "(built with \(buildConditions.sorted().joined(separator: ", ")))")
                + ", but \(path):\(real.line) declares \(call.name)() only under \(symbol) with no stub: a "
                + "\(symbol)=n build fails; add a static inline stub in the #else branch of \(path)",
              path: [PathOp(op: .call, call: call.name, line: call.line)]))
        } else if let stub = stubs.first, stub.parameterTypes != real.parameterTypes {
          findings.append(
            Finding(
              rule: "stub-gap", severity: .error, file: path, line: stub.line, function: call.name,
              message:
                "the !\(symbol) stub of \(call.name)() at \(path):\(stub.line) takes (\(stub.parameters.joined(separator: ", "))) "
                + "but the real declaration at \(real.line) takes (\(real.parameters.joined(separator: ", "))): "
                + "\(file.path):\(call.line) builds only one way",
              path: [PathOp(op: .call, call: call.name, line: call.line)]))
        }
      }
    }
    return findings
  }

  private func directory(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return String(path[...slash])
  }

  /// The CONFIG_ symbols a file needs to be built, from `obj-$(CONFIG_X) += file.o` and
  /// `name-$(CONFIG_X) := … file.o` lines (continuations joined).
  static func buildConditions(of path: String, makefile: String?) -> Set<String> {
    guard let makefile else { return [] }
    let object = (path.split(separator: "/").last.map(String.init) ?? path).replacingSuffix(".c", with: ".o")
    var conditions: Set<String> = []
    let joined = makefile.replacingOccurrences(of: "\\\n", with: " ")
    for line in joined.split(separator: "\n") {
      let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      guard words.contains(where: { $0 == object }), let first = words.first,
        let open = first.range(of: "$("), let close = first.range(of: ")")
      else { continue }
      conditions.insert(String(first[open.upperBound..<close.lowerBound]))
    }
    return conditions
  }
}

extension String {
  fileprivate func replacingSuffix(_ suffix: String, with replacement: String) -> String {
    hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
  }

  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
