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
    let defined = Set(after.functions.map(\.name))
    var addedLines: Set<Int> = []
    for hunk in file.hunks {
      var newLine = hunk.newStart
      for line in hunk.lines {
        if line.kind == .added { addedLines.insert(newLine) }
        if line.kind != .removed { newLine += 1 }
      }
    }
    let calls = Expression.calls(in: after.tokens.filter { addedLines.contains($0.line) }).filter {
      !defined.contains($0.name) && !$0.indirect
    }
    // A header is parsed only when it names an added call; the Makefile and Kconfig are
    // read only when such a header declares it.
    let sortedHeaders = headers.sorted(by: { $0.key < $1.key })
    var declaring: [String: [(path: String, header: SourceFile)]] = [:]
    for call in calls where declaring[call.name] == nil {
      declaring[call.name] = sortedHeaders.compactMap { path, text in
        guard text.containsBytes(call.name) else { return nil }
        let header = cache.sourceFile(text: text, path: path)
        return header.declarations.contains { $0.name == call.name } ? (path, header) : nil
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
      text: kconfigFiles.filter { seenKconfig.insert($0).inserted }
        .compactMap { tree.text(of: $0) }.joined(separator: "\n"))
    let buildConditions = kconfig.closure(direct)
    var findings: [Finding] = []
    var seen: Set<String> = []
    for call in calls where seen.insert(call.name).inserted {
      for (path, header) in declaring[call.name] ?? [] {
        let declarations = header.declarations.filter { $0.name == call.name }
        guard let real = declarations.first else { continue }
        let conditions = header.conditions.clauses(atLine: real.line).filter {
          $0.hasPrefix("CONFIG_")
        }
        // Only a symbol defined in the Kconfig files read is judged: MMU, SMP and the like
        // are set by the architecture, and code such as hugetlb is only offered on
        // architectures that have them.
        guard let symbol = conditions.first(where: { !$0.contains(" ") }),
          kconfig.defined.contains(symbol)
        else { continue }
        let lineConditions = kconfig.closure(
          Set(
            after.conditions.clauses(atLine: call.line).filter {
              $0.hasPrefix("CONFIG_") && !$0.contains(" ")
            }))
        if buildConditions.contains(symbol) || lineConditions.contains(symbol) { continue }
        let stubs = declarations.filter {
          header.conditions.requires(symbol, atLine: $0.line) != true
        }
        let function = after.function(containing: call.line)?.name ?? "(file scope)"
        if stubs.isEmpty {
          findings.append(
            Finding(
              rule: "stub-gap", severity: .error, file: file.path, line: call.line,
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
  /// `name-$(CONFIG_X) := … file.o` lines (continuations joined); nil when the Makefile does
  /// not name the file (how it is built is then unknown).
  static func buildConditions(of path: String, makefile: String?) -> Set<String>? {
    guard let makefile else { return nil }
    let object = (path.split(separator: "/").last.map(String.init) ?? path).replacingSuffix(
      ".c", with: ".o")
    var conditions: Set<String> = []
    var named = false
    let joined = makefile.replacingOccurrences(of: "\\\n", with: " ")
    for line in joined.split(separator: "\n") {
      let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      guard words.contains(where: { $0 == object }), let first = words.first else { continue }
      named = true
      if let open = first.range(of: "$("), let close = first.range(of: ")") {
        conditions.insert(String(first[open.upperBound..<close.lowerBound]))
      }
    }
    return named ? conditions : nil
  }
}

/// `depends on`, `def_bool` and unconditional `select` lines of Kconfig files: `MIGRATION`
/// needs `MMU`, so code built with CONFIG_MIGRATION is built with CONFIG_MMU; and
/// `TRANSPARENT_HUGEPAGE` selects `COMPACTION`, which selects `MIGRATION`.
struct Kconfig {
  private var dependencies: [String: Set<String>] = [:]
  /// The symbols these files define (`config MIGRATION` → `CONFIG_MIGRATION`).
  private(set) var defined: Set<String> = []

  init(text: String) {
    var current: String?
    for rawLine in text.split(separator: "\n") {
      // Only `config`, `menuconfig`, `select`, `depends on` and `def_bool` lines matter.
      guard let first = rawLine.utf8.first(where: { $0 != 0x20 && $0 != 0x09 }),
        "cmsd".utf8.contains(first)
      else { continue }
      let line = rawLine.trimmingCharacters(in: .whitespaces)
      if line.hasPrefix("config ") || line.hasPrefix("menuconfig ") {
        let symbol = "CONFIG_" + (line.split(separator: " ").last.map(String.init) ?? "")
        defined.insert(symbol)
        current = symbol
      } else if let current, line.hasPrefix("select "), !line.contains(" if ") {
        let selected = line.dropFirst("select ".count).split(separator: " ").first.map(String.init)
        if let selected { dependencies[current, default: []].insert("CONFIG_" + selected) }
      } else if let current,
        let prefix = ["depends on ", "def_bool "].first(where: { line.hasPrefix($0) })
      {
        // Only the terms of a top-level conjunction are certain.
        for term in Self.conjuncts(String(line.dropFirst(prefix.count))) {
          dependencies[current, default: []].insert("CONFIG_" + term)
        }
      }
    }
  }

  static func conjuncts(_ expression: String) -> [String] {
    var terms: [String] = []
    var depth = 0
    var current = ""
    var characters = Array(expression)
    characters.append("&")
    characters.append("&")
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if character == "(" { depth += 1 }
      if character == ")" { depth -= 1 }
      if depth == 0, character == "&", index + 1 < characters.count, characters[index + 1] == "&" {
        let term = current.trimmingCharacters(in: .whitespaces)
        if !term.isEmpty, term.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
          terms.append(term)
        }
        current = ""
        index += 2
        continue
      }
      current.append(character)
      index += 1
    }
    return terms
  }

  /// The symbols and everything they depend on.
  func closure(_ symbols: Set<String>) -> Set<String> {
    var out = symbols
    var pending = Array(symbols)
    while let symbol = pending.popLast() {
      for dependency in dependencies[symbol] ?? [] where out.insert(dependency).inserted {
        pending.append(dependency)
      }
    }
    return out
  }
}

extension String {
  fileprivate func replacingSuffix(_ suffix: String, with replacement: String) -> String {
    hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
  }

}
