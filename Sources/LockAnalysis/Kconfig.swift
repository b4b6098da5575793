import CSyntax

/// `depends on`, `def_bool` and unconditional `select` lines of Kconfig files: `MIGRATION`
/// needs `MMU`, so code built with CONFIG_MIGRATION is built with CONFIG_MMU; and
/// `TRANSPARENT_HUGEPAGE` selects `COMPACTION`, which selects `MIGRATION`.
///
/// ```swift
/// let kconfig = Kconfig(text: "config MIGRATION\n\tdepends on MMU\n")
/// kconfig.closure(["CONFIG_MIGRATION"])   // ["CONFIG_MIGRATION", "CONFIG_MMU"]
/// ```
struct Kconfig {
  private var dependencies: [String: Set<String>] = [:]
  /// The symbols these files define (`config MIGRATION` → `CONFIG_MIGRATION`).
  private(set) var defined: Set<String> = []

  /// Reads the lines that matter (`config`, `menuconfig`, `select`, `depends on`, `def_bool`)
  /// on bytes: mm/Kconfig alone is 1,400 lines.
  init(text: String) {
    var current: String?
    for rawLine in text.utf8.split(separator: UInt8(ascii: "\n")) {
      guard let start = rawLine.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
        "cmsd".utf8.contains(rawLine[start])
      else { continue }
      let words = rawLine[start...].split(whereSeparator: { $0 == 0x20 || $0 == 0x09 }).map {
        String(Substring($0))
      }
      switch words.first {
      case "config", "menuconfig":
        guard words.count >= 2 else { continue }
        let symbol = "CONFIG_" + words[1]
        defined.insert(symbol)
        current = symbol
      case "select":
        // `select X if Y` selects only sometimes.
        guard let current, words.count >= 2, !words.contains("if") else { continue }
        dependencies[current, default: []].insert("CONFIG_" + words[1])
      case "depends" where words.count >= 2 && words[1] == "on", "def_bool":
        guard let current else { continue }
        // Only the terms of a top-level conjunction are certain.
        let expression = words.dropFirst(words[0] == "depends" ? 2 : 1).joined(separator: " ")
        for term in Self.conjuncts(expression) {
          dependencies[current, default: []].insert("CONFIG_" + term)
        }
      default:
        continue
      }
    }
  }

  /// `MMU && (A || B) && !C` → `["MMU"]`: the plain symbols of a top-level conjunction.
  static func conjuncts(_ expression: String) -> [String] {
    var terms: [String] = []
    var depth = 0
    var current: [UInt8] = []
    let bytes = Array(expression.utf8) + Array("&&".utf8)
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "(") { depth += 1 }
      if byte == UInt8(ascii: ")") { depth -= 1 }
      if depth == 0, byte == UInt8(ascii: "&"), index + 1 < bytes.count,
        bytes[index + 1] == UInt8(ascii: "&")
      {
        let term = current.drop { $0 == 0x20 || $0 == 0x09 }
          .reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed()
        if !term.isEmpty, term.allSatisfy(\.isIdentifierByte) {
          terms.append(String(decoding: term, as: UTF8.self))
        }
        current = []
        index += 2
        continue
      }
      current.append(byte)
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
