import CSyntax
import Foundation
import ShippedResources

/// The primitive table: kernel knowledge as data a user can read and extend.
///
/// ```swift
/// var table = try PrimitiveTable.builtin()
/// try table.add(contentsOf: "my_lock acquire family=spinlock\n", source: "mine.txt")
/// table["pte_unmap_unlock"]?.effect   // .unmapUnlock
/// ```
public struct PrimitiveTable: Sendable {
  private var entries: [String: Primitive] = [:]
  /// The names of ``entries``, as bits (invariant: set before an entry is added): most calls
  /// a walk asks about are of no primitive.
  private var entryNames = NameBits()
  private var retryCallers: [String: Primitive] = [:]
  private var changingTests: Set<String> = []
  /// The name lists that are no primitives (`reads-only`, `keeps-reference`, `assertion`,
  /// `quiet`, `same-object`, the `*-word` lists; ``Primitive/Effect/isNameList``).
  private var nameLists: [Primitive.Effect: NamePatterns] = [:]
  /// `releasing-pointer-word` words with `unless=CODE`: the callee keeps the locks of what it
  /// is given when it returns CODE (`writepage` → `AOP_WRITEPAGE_ACTIVATE`).
  private var keptResults: [String: String] = [:]
  /// `batch-fill-locked` names with the argument (0-based) that names the batch (`object=$4`).
  private var batchArguments: [String: Int] = [:]

  public init() {}

  /// The table shipped in `Resources/primitives.txt`.
  public static func builtin() throws(AnalysisError) -> PrimitiveTable {
    guard let url = ShippedResources.url("primitives.txt", module: "LockAnalysis"),
      let text = try? String(contentsOf: url, encoding: .utf8)
    else {
      throw AnalysisError(
        file: "primitives.txt", line: 0,
        message: "the built-in primitive table is missing: "
          + ShippedResources.missing(module: "LockAnalysis"))
    }
    var table = PrimitiveTable()
    try table.add(contentsOf: text, source: "primitives.txt")
    return table
  }

  public subscript(name: String) -> Primitive? {
    entryNames.mayContain(name) ? entries[name] : nil
  }

  /// The `retry-caller` entry of a function whose callers retry what it returns.
  public func retryCaller(_ name: String) -> Primitive? { retryCallers[name] }

  /// Whether `name` is a test whose answer may change between two calls
  /// (`fatal_signal_pending`, `need_resched`): no earlier call of it decides a later one.
  public func isChangingTest(_ name: String) -> Bool { changingTests.contains(name) }

  /// Whether a condition's text calls a changing test: `unlikely(fatal_signal_pending(current))`
  /// (a name of the list right before a `(`; `my_need_resched(` is another function).
  ///
  /// Asked for every condition on every path, so it reads the bytes once and makes a string
  /// only of a name that is called.
  /// - Complexity: O(*n*) in the length of `condition`.
  func callsChangingTest(_ condition: String) -> Bool {
    guard !changingTests.isEmpty else { return false }
    let utf8 = condition.utf8
    var nameStart: String.Index?
    var nameEnd: String.Index?
    var index = utf8.startIndex
    while index != utf8.endIndex {
      let byte = utf8[index]
      let letter = byte | 0x20
      let isNameByte =
        byte == UInt8(ascii: "_") || (byte >= 0x30 && byte <= 0x39)
        || (letter >= 0x61 && letter <= 0x7A)
      if isNameByte {
        if nameStart == nil || nameEnd != nil { (nameStart, nameEnd) = (index, nil) }
      } else if byte == UInt8(ascii: " ") {
        if nameStart != nil && nameEnd == nil { nameEnd = index }
      } else {
        if byte == UInt8(ascii: "("), let start = nameStart,
          changingTests.contains(String(decoding: utf8[start..<(nameEnd ?? index)], as: UTF8.self))
        {
          return true
        }
        (nameStart, nameEnd) = (nil, nil)
      }
      index = utf8.index(after: index)
    }
    return false
  }

  /// Whether `name` is in the table's list of calls of kind `list` (`reads-only`,
  /// `keeps-reference`, `assertion`), by name or pattern (`folio_test_*`).
  func lists(_ name: String, as list: Primitive.Effect) -> Bool {
    nameLists[list]?.contains(name) ?? false
  }

  /// Whether one of the `_`-separated words of `name` is on the word list `list`
  /// (`lock-handing-word`, `reference-handing-word`, `releasing-pointer-word`):
  /// `folio_walk_start` has the word `start`.
  func namesWord(_ name: String, as list: Primitive.Effect) -> Bool {
    guard let words = nameLists[list] else { return false }
    return name.split(separator: "_").contains { words.contains(String($0)) }
  }

  /// The result with which a call through the pointer `name` keeps the locks of what it is
  /// given (`unless=` on the line of a word of its name): `(*writepage)(page, wbc, data)`
  /// unlocks the page unless it returns `AOP_WRITEPAGE_ACTIVATE` (Documentation/filesystems/
  /// locking.rst); nil when no word says so.
  func keptResult(ofPointer name: String) -> String? {
    guard !keptResults.isEmpty else { return nil }
    for word in name.split(separator: "_") {
      if let code = keptResults[String(word)] { return code }
    }
    return nil
  }

  /// The argument (0-based) of a `batch-fill-locked` call that names the batch it fills with
  /// locked objects (`find_lock_entries(mapping, &index, end, &fbatch, indices)` → 3).
  func batchArgument(of name: String) -> Int? { batchArguments[name] }

  /// All entries, by name.
  public var names: [String] { entries.keys.sorted() }

  /// Adds (or replaces) entries from table text; `source` names the file in errors and evidence.
  public mutating func add(contentsOf text: String, source: String) throws(AnalysisError) {
    // Lines and fields are split on bytes: the table is read at every start.
    let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    for (offset, rawLine) in lines.enumerated() {
      let line = Substring(rawLine.prefix { $0 != UInt8(ascii: "#") })
      let fields = line.utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 }).map {
        String(Substring($0))
      }
      guard !fields.isEmpty else { continue }
      let lineNumber = offset + 1
      guard fields.count >= 2, let effect = Primitive.Effect(rawValue: fields[1]) else {
        throw AnalysisError(
          file: source, line: lineNumber,
          message:
            "expected `NAME EFFECT key=value…` with a known effect, got `\(line.trimmingCharacters(in: .whitespaces))`"
        )
      }
      var primitive = Primitive(
        name: fields[0], effect: effect, evidence: "\(source):\(lineNumber)")
      for field in fields.dropFirst(2) {
        // `=` alone or `=x` has an empty key: an unknown-key error, not an empty split.
        let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
          .map(String.init)
        let value = parts.count > 1 ? parts[1] : ""
        switch parts[0] {
        case "family":
          guard let family = Primitive.Family(rawValue: value) else {
            throw AnalysisError(
              file: source, line: lineNumber, message: "unknown lock family `\(value)`")
          }
          primitive.family = family
        case "object": primitive.object = value
        case "success":
          guard let success = Primitive.Success(rawValue: value) else {
            throw AnalysisError(
              file: source, line: lineNumber, message: "unknown success form `\(value)`")
          }
          primitive.success = success
        case "sleeps": primitive.sleeps = true
        case "through-calls": primitive.throughCalls = true
        case "class": primitive.object = value
        case "sleeps-if": primitive.sleepsIf = value
        case "if-set": primitive.releasesIfSet = value
        case "releases": primitive.releases = value
        case "map": primitive.map = value
        case "guards": primitive.guards = value
        case "success-flag": primitive.successFlag = value
        case "unless": primitive.finalValues = value.split(separator: ",").map(String.init)
        case "lookup": primitive.isLookup = true
        default:
          throw AnalysisError(file: source, line: lineNumber, message: "unknown key `\(parts[0])`")
        }
      }
      if effect == .retryCaller {
        retryCallers[primitive.name] = primitive
      } else if effect == .changingTest {
        changingTests.insert(primitive.name)
      } else if effect.isNameList {
        nameLists[effect, default: NamePatterns()].insert(primitive.name)
        if effect == .releasingPointerWord {
          keptResults[primitive.name] = primitive.finalValues.first
        }
        if effect == .batchFillLocked {
          guard primitive.object.hasPrefix("$"), let number = Int(primitive.object.dropFirst()),
            number >= 1
          else {
            throw AnalysisError(
              file: source, line: lineNumber,
              message: "a batch-fill-locked line names its batch argument: `object=$N`")
          }
          batchArguments[primitive.name] = number - 1
        }
      } else {
        entryNames.insert(primitive.name)
        entries[primitive.name] = primitive
      }
    }
  }

  /// Adds what a function of the analyzed files was found to return (``ReturnedObjects``),
  /// unless the table already knows the function: a line of the table is the user's word.
  mutating func learn(returned primitive: Primitive) {
    if entries[primitive.name] == nil {
      entryNames.insert(primitive.name)
      entries[primitive.name] = primitive
    }
  }

  /// Adds the lock effects of `__acquires` / `__releases` annotations on a function definition
  /// or prototype, unless the table already knows the function.
  ///
  /// `void migration_entry_wait_on_locked(softleaf_t entry, spinlock_t *ptl) __releases(ptl)`
  /// becomes a release of its second argument, with the file and line as evidence.
  public mutating func learn(from function: Declaration, file: String) {
    // `__releases(x) __acquires(x)`: dropped and taken again inside, no net effect for the caller.
    let names = Set(function.annotations.map(\.name))
    if names.contains("__acquires") && names.contains("__releases") { return }
    for annotation in function.annotations {
      let effect: Primitive.Effect
      switch annotation.name {
      case "__acquires": effect = .acquire
      // `void softleaf_entry_wait_on_locked(softleaf_t entry, spinlock_t *ptl) __releases(ptl)`:
      // a function whose name says it waits, and releases a lock, sleeps until the object is
      // unlocked after dropping that lock (as migration_entry_wait_on_locked() in the table).
      case "__releases":
        effect = function.name.split(separator: "_").contains("wait") ? .waitUnlocked : .release
      default: continue
      }
      let evidence = "\(file):\(function.line) \(annotation.name)(\(annotation.argument))"
      if var known = entries[function.name] {
        // The table already knows the effect; the tree's annotation is better evidence.
        if !known.evidence.containsASCII("__") { known.evidence = evidence }
        entries[function.name] = known
        continue
      }
      var primitive = Primitive(name: function.name, effect: effect, evidence: evidence)
      let parameterNames = function.parameters.map {
        Lexer.tokens(of: $0).last { $0.kind == .identifier }?.text ?? ""
      }
      let template = Self.template(for: annotation.argument, parameters: parameterNames)
      if effect == .waitUnlocked {
        primitive.releases = template
      } else {
        primitive.object = template
      }
      let parameter = function.parameters.first {
        Lexer.tokens(of: $0).last?.text == annotation.argument
      }
      primitive.family = parameter.map(Self.family(ofParameter:)) ?? .spinlock
      if annotation.argument.uppercased() == "RCU" {
        primitive.family = .rcu
        primitive.object = "RCU"
      }
      entryNames.insert(function.name)
      entries[function.name] = primitive
    }
  }

  /// `ptl` with parameters `[entry, ptl]` → `$2`; `&vma->vm_lock` → `$1->vm_lock`.
  static func template(for argument: String, parameters: [String]) -> String {
    var text = argument
    if text.hasPrefix("&") { text.removeFirst() }
    let tokens = Lexer.tokens(of: text)
    return tokens.map { token in
      if token.kind == .identifier, let index = parameters.firstIndex(of: token.text) {
        return "$\(index + 1)"
      }
      return token.text
    }.joined()
  }

  static func family(ofParameter parameter: String) -> Primitive.Family {
    if parameter.containsASCII("mutex") { return .mutex }
    if parameter.containsASCII("rw_semaphore") { return .rwsem }
    if parameter.containsASCII("folio") || parameter.containsASCII("page") { return .page }
    return .spinlock
  }
}

/// A problem with an input of the analysis: a table line, a patch, a tree file.
public struct AnalysisError: Error, Sendable, CustomStringConvertible {
  public let file: String
  public let line: Int
  public let message: String

  public init(file: String, line: Int, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  public var description: String {
    line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
  }
}
