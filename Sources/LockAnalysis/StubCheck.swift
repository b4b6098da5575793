import CSyntax
import Foundation
import PatchDiff

/// `stub-gap`: a call added to code that is built without CONFIG_X, to a function a header
/// declares only under CONFIG_X with no `#else` stub (or with a stub whose signature differs).
///
/// Whether a file is built without CONFIG_X comes from its directory's Makefile
/// (`obj-$(CONFIG_MIGRATION) += migrate.o`), whether a call line is, from its `#if` conditions.
struct StubCheck {
  let tree: any SourceTree
  /// The texts of the headers the file includes, by path (parsed when a call is looked up).
  let headers: [String: String]
  let cache: ParseCache

  func findings(file: FilePatch, after: SourceFile, patchedPaths: Set<String>) -> [Finding] {
    // Without a header there is no declaration to judge a call by: a file that includes none
    // (a patch of 200,000 hunks to one) is not searched for its added calls.
    guard !headers.isEmpty else { return [] }
    let defined = Set(after.functions.map(\.name))
    var added = [Bool](repeating: false, count: (after.tokens.last?.line ?? 0) + 2)
    for hunk in file.hunks {
      var newLine = hunk.newStart
      for line in hunk.lines {
        if line.kind == .added, added.indices.contains(newLine) { added[newLine] = true }
        if line.kind != .removed { newLine += 1 }
      }
    }
    let isAdded = { (token: Token) in added.indices.contains(token.line) && added[token.line] }
    // Counted first, so that the copy is made at its size, not grown by doubling.
    var addedTokens: [Token] = []
    addedTokens.reserveCapacity(after.tokens.lazy.filter(isAdded).count)
    addedTokens.append(contentsOf: after.tokens.lazy.filter(isAdded))
    let calls = Expression.calls(in: addedTokens).filter {
      !defined.contains($0.name) && !$0.indirect
    }
    // A header is parsed only when it names an added call; the Makefile and Kconfig are
    // read only when such a header declares it.
    let sortedHeaders = headers.sorted(by: { $0.key < $1.key })
    var declaring: [String: [(path: String, header: SourceFile)]] = [:]
    let names = Set(calls.map(\.name)).sorted()
    for (path, text) in sortedHeaders {
      for name in names where cache.mentions(text, path: path, name: name) {
        let header = cache.sourceFile(text: text, path: path)
        if cache.declarations(of: header)[name] != nil {
          declaring[name, default: []].append((path, header))
        }
      }
    }
    guard
      declaring.values.contains(where: { !$0.isEmpty }),
      let direct = Self.buildConditions(
        of: file.path, makefile: tree.text(of: directory(file.path) + "Makefile"))
    else { return [] }
    // The directory's own Kconfig files, and mm/'s and lib/'s, where MIGRATION,
    // COMPACTION, TRANSPARENT_HUGEPAGE and the test options live.
    let kconfigFiles = [
      directory(file.path) + "Kconfig", directory(file.path) + "Kconfig.debug", "mm/Kconfig",
      "lib/Kconfig.debug",
    ]
    var seenKconfig: Set<String> = []
    let kconfig = cache.kconfig(
      files: kconfigFiles.filter { seenKconfig.insert($0).inserted }.compactMap { path in
        tree.text(of: path).map { (path, $0) }
      })
    let buildConditions = kconfig.closure(direct)
    var findings: [Finding] = []
    var seen: Set<String> = []
    for call in calls where seen.insert(call.name).inserted {
      for (path, header) in declaring[call.name] ?? [] {
        let declarations = cache.declarations(of: header)[call.name] ?? []
        guard let real = declarations.first else { continue }
        let conditions = header.conditions.clauses(atLine: real.line).filter {
          $0.hasPrefix("CONFIG_")
        }
        // Only a symbol defined in the Kconfig files read is judged: MMU, SMP and the like
        // are set by the architecture, and code such as hugetlb is only offered on
        // architectures that have them.
        guard let symbol = conditions.first(where: { !$0.containsASCII(" ") }),
          kconfig.defined.contains(symbol)
        else { continue }
        let lineConditions = kconfig.closure(
          Set(
            after.conditions.clauses(atLine: call.line).filter {
              $0.hasPrefix("CONFIG_") && !$0.containsASCII(" ")
            }))
        if buildConditions.contains(symbol) || lineConditions.contains(symbol) { continue }
        let stubs = declarations.filter {
          header.conditions.requires(symbol, atLine: $0.line) != true
        }
        // `#define mmu_notifier_range_init(range, …) _mmu_notifier_range_init(…)` in the
        // `#else` branch is a stub too (its signature is not compared: a macro has no types).
        let macroStub = header.directives.contains {
          $0.keyword == "define" && Self.defines($0.argument, name: call.name)
            && header.conditions.requires(symbol, atLine: $0.line) != true
        }
        if macroStub { continue }
        let function = after.function(containing: call.line)?.name ?? "(file scope)"
        if stubs.isEmpty {
          findings.append(
            Finding(
              rule: .stubGap, severity: .error, file: file.path, line: call.line,
              function: function,
              message:
                "\(file.path) calls \(call.name)() at \(call.line) and is built without \(symbol) "
                + (buildConditions.isEmpty
                  ? "(always built)"
                  : "(built with \(buildConditions.sorted().joined(separator: ", ")))")
                + ", but \(path):\(real.line) declares \(call.name)() only under \(symbol) with no stub: a "
                + "\(symbol)=n build fails; add a static inline stub in the #else branch of \(path)",
              path: [PathOp(op: .call, call: call.name, line: call.line)]))
        } else if let stub = stubs.first, stub.parameterTypes != real.parameterTypes {
          findings.append(
            Finding(
              rule: .stubGap, severity: .error, file: path, line: stub.line, function: call.name,
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

  /// Whether a `#define` argument (`name(args) body` or `name body`) defines `name`.
  static func defines(_ argument: String, name: String) -> Bool {
    guard argument.hasPrefix(name) else { return false }
    let next = argument.utf8.dropFirst(name.utf8.count).first
    return next == nil || next == UInt8(ascii: "(") || next == 0x20 || next == 0x09
  }

  private func directory(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return String(path[...slash])
  }

  /// The CONFIG_ symbols a file needs to be built, from `obj-$(CONFIG_X) += file.o` and
  /// `name-$(CONFIG_X) := … file.o` lines (continuations joined); nil when the Makefile does
  /// not name the file (how it is built is then unknown).
  static func buildConditions(of path: String, makefile: String?) -> Set<String>? {
    guard let makefile else { return nil }
    let object = (path.split(separator: "/").last.map(String.init) ?? path).replacingSuffix(
      ".c", with: ".o")
    var conditions: Set<String> = []
    var named = false
    for line in Self.logicalLines(makefile) {
      let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      guard words.contains(where: { $0 == object }), let first = words.first else { continue }
      named = true
      // The `)` closing the `$(`: one before it (`x)$(CONFIG_Y`) closes nothing.
      if let open = first.range(of: "$("),
        let close = first[open.upperBound...].firstIndex(of: ")")
      {
        conditions.insert(String(first[open.upperBound..<close]))
      }
    }
    return named ? conditions : nil
  }

  /// A Makefile's lines with `\` continuations joined (by a space).
  static func logicalLines(_ text: String) -> [String] {
    var lines: [String] = []
    var pending = ""
    for raw in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      if raw.last == UInt8(ascii: "\\") {
        pending += String(Substring(raw.dropLast())) + " "
        continue
      }
      lines.append(pending + String(Substring(raw)))
      pending = ""
    }
    if !pending.isEmpty { lines.append(pending) }
    return lines
  }
}

extension String {
  fileprivate func replacingSuffix(_ suffix: String, with replacement: String) -> String {
    hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
  }

}
