import Foundation
import LockAnalysis

/// The `--json` form of `lockstep analyze` (keys in README.md, "lockstep analyze"; encoded
/// with every key, absent values `null`, in AnalyzeOutput+JSON.swift):
/// `{"schema": 1, "findings": [{rule, severity, file, line, function, message, path[], patch}],
///   "functions": [{name, file, before: {paths[]}, after: {paths[]}, patch}], "notes": [...],
///   "patches": [{number, subject}], "problems": [...]}`. `patch` numbers the input's patches
/// from 1 (`null` for `--whole-file`); a series is analyzed patch after patch.
struct AnalyzeOutput: Encodable {
  struct FunctionEntry: Encodable {
    struct Side: Encodable {
      var source: FunctionPaths.Source
      var truncated: Bool
      var pathCount: Int
      var paths: [AnalysisPath]?
    }

    var name: String
    var file: String
    var before: Side?
    var after: Side?
    var patch: Int?
  }

  /// A finding and the patch it is about.
  struct FindingEntry: Encodable {
    var finding: Finding
    var patch: Int?
  }

  /// Patch 3 of the input, by the subject of its mail (`[PATCH 3/30] mm: madvise: …`).
  struct PatchEntry: Encodable {
    var number: Int
    var subject: String
  }

  /// The version of the path schema (`PathSet.schemaVersion`): with `--paths`, this JSON is
  /// what `lockstep simulate --paths` reads as a `PathSet`.
  var schema = PathSet.schemaVersion
  var findings: [FindingEntry] = []
  var functions: [FunctionEntry] = []
  var notes: [String] = []
  var patches: [PatchEntry] = []
  /// What could not be read (a malformed hunk, a damaged repository object), each naming
  /// where; with any, the command exits 65 after printing the rest.
  var problems: [String] = []

  /// The results of `--whole-file` (not about a patch).
  init(_ result: PatchAnalysis, withPaths: Bool) {
    add(result, patch: nil, subject: nil, withPaths: withPaths)
  }

  var hasErrors: Bool { findings.contains { $0.finding.severity == .error } }

  mutating func add(_ result: PatchAnalysis, patch: Int?, subject: String?, withPaths: Bool) {
    if let patch { patches.append(PatchEntry(number: patch, subject: subject ?? "")) }
    findings += result.findings.map { FindingEntry(finding: $0, patch: patch) }
    // Each note of a series says which patch it is about, so that the text can group them.
    notes += result.notes.map { note in
      guard let patch, !note.hasPrefix("patch ") else { return note }
      return "patch \(patch): \(note)"
    }
    functions += result.functions.map { function in
      func side(_ side: FunctionPaths.Side?) -> FunctionEntry.Side? {
        side.map {
          FunctionEntry.Side(
            source: $0.source, truncated: $0.truncated, pathCount: $0.paths.count,
            paths: withPaths ? $0.paths : nil)
        }
      }
      return FunctionEntry(
        name: function.name, file: function.file, before: side(function.before),
        after: side(function.after), patch: patch)
    }
  }

  /// How much the text says: everything, one line per finding (`--terse`, as
  /// `checkpatch.pl --terse`), or only warnings and errors (`--quiet`).
  enum Detail {
    case full, terse, quiet
  }

  /// Plain text for a terminal: notes (the same note of several patches once, with their
  /// numbers), then one block per finding with its path; with more than one patch, the
  /// findings under a heading per patch (`== patch 2 of 30: [PATCH 2/30] …`).
  func text(withPaths: Bool, detail: Detail = .full) -> String {
    var out = ""
    if detail == .full {
      for note in Self.grouped(notes) { out += "note: \(note)\n" }
    }
    for problem in problems { out += "problem: \(problem)\n" }
    let groups = Dictionary(grouping: findings, by: \.patch)
    for patch in [nil] + patches.map(\.number) {
      guard let group = groups[patch] else { continue }
      let ordered = group.map(\.finding).sorted {
        ($0.severity, $1.file, $1.line) > ($1.severity, $0.file, $0.line)
      }.filter { detail != .quiet || $0.severity != .info }
      if let patch, patches.count > 1, detail == .full, !ordered.isEmpty {
        let subject = patches[patch - 1].subject
        out +=
          "== patch \(patch) of \(patches.count)" + (subject.isEmpty ? "" : ": \(subject)") + "\n"
      }
      for finding in ordered {
        if detail == .terse {
          out += Self.terse(finding, patch: patches.count > 1 ? patch : nil)
        } else {
          out += Self.text(finding)
        }
      }
    }
    if withPaths && detail == .full {
      for function in functions {
        for (label, side) in [("before", function.before), ("after", function.after)] {
          guard let side else { continue }
          out +=
            "\(function.file): \(function.name)() \(label) (\(side.source.rawValue)\(side.truncated ? ", truncated" : "")):\n"
          for path in side.paths ?? [] {
            let head = "  #\(path.id) \(path.exit)\(path.retries ? " (retried)" : ""): "
            out += Self.wrapped(head, path.ops.map(\.summary)) + "\n"
          }
        }
      }
    }
    guard detail == .full else { return out }
    let counts = Dictionary(grouping: findings, by: \.finding.severity).mapValues(\.count)
    out +=
      "\(functions.count) function(s); \(counts[.error] ?? 0) error(s), \(counts[.warning] ?? 0) "
    out += "warning(s), \(counts[.info] ?? 0) info\n"
    return out
  }

  /// Notes once each: `patch 3: X` and `patch 7: X` become `patches 3, 7: X`, and a series'
  /// `patch 2 of 3 (mm/a.c): X` and `patch 3 of 3 (mm/b.c): X` become one
  /// `patches 2, 3 of 3 (mm/a.c, mm/b.c): X`; a note repeated word for word is shown once
  /// with its count.
  ///
  /// ```swift
  /// AnalyzeOutput.grouped(["patch 1: a", "patch 2: a", "b", "b"])  // ["patches 1, 2: a", "b (2 times)"]
  /// ```
  static func grouped(_ notes: [String]) -> [String] {
    var order: [String] = []
    var patchesOf: [String: [NumberedNote]] = [:]
    var count: [String: Int] = [:]
    for note in notes {
      var key = note
      let numbered = NumberedNote(note)
      if let numbered { key = (numbered.of.map { "\($0)\u{0}" } ?? "") + numbered.rest }
      if count[key] == nil { order.append(key) }
      count[key, default: 0] += 1
      if let numbered { patchesOf[key, default: []].append(numbered) }
    }
    return order.map { key in
      guard let numbered = patchesOf[key], let first = numbered.first else {
        return count[key]! > 1 ? "\(key) (\(count[key]!) times)" : key
      }
      var files: [String] = []
      for file in numbered.compactMap(\.file) where !files.contains(file) { files.append(file) }
      return (numbered.count == 1 ? "patch " : "patches ")
        + numbered.map(\.number).joined(separator: ", ") + (first.of.map { " of \($0)" } ?? "")
        + (files.isEmpty ? "" : " (\(files.joined(separator: ", ")))") + ": \(first.rest)"
    }
  }

  /// A note about one patch of a series: `patch 3: X`, or `patch 3 of 14 (mm/hmm.c): X`.
  struct NumberedNote {
    let number: String
    /// The series' length, when the note gives it.
    let of: String?
    let file: String?
    let rest: String

    init?(_ note: String) {
      guard note.hasPrefix("patch "), let colon = note.firstIndex(of: ":") else { return nil }
      var head = note[note.index(note.startIndex, offsetBy: 6)..<colon]
      var file: String?
      if head.hasSuffix(")"), let open = head.lastIndex(of: "(") {
        file = String(head[head.index(after: open)..<head.index(before: head.endIndex)])
        head = head[..<open]
        while head.last == " " { head = head.dropLast() }
      }
      let words = head.split(separator: " ")
      guard let first = words.first, first.allSatisfy(\.isNumber) else { return nil }
      if words.count == 3, words[1] == "of", words[2].allSatisfy(\.isNumber) {
        of = String(words[2])
      } else if words.count == 1 {
        of = nil
      } else {
        return nil
      }
      (number, self.file) = (String(first), file)
      rest = String(note[note.index(after: colon)...].drop { $0 == " " })
    }
  }

  /// `head` and the steps joined by ` → `, wrapped before a step at 100 columns; the
  /// continuation lines indented under the first step.
  static func wrapped(_ head: String, _ steps: [String], width: Int = 100) -> String {
    var out = head
    var column = head.count
    let indent = String(repeating: " ", count: min(head.count, 12))
    for (index, step) in steps.enumerated() {
      let piece = index == 0 ? step : " → " + step
      if index > 0, column + piece.count > width {
        out += "\n" + indent + "→ " + step
        column = indent.count + 2 + step.count
      } else {
        out += piece
        column += piece.count
      }
    }
    return out
  }

  /// `mm/memory.c:4677: warning: [trylock-retry] do_swap_page(): …` on one line.
  static func terse(_ finding: Finding, patch: Int?) -> String {
    let message = finding.message.split(separator: "\n").joined(separator: " ")
    let prefix = patch.map { "patch \($0): " } ?? ""
    return "\(prefix)\(finding.file):\(finding.line): \(finding.severity.rawValue): "
      + "[\(finding.rule)] \(finding.function)(): \(message)\n"
  }

  /// `mm/memory.c:4677: warning: [trylock-retry] do_swap_page(): …` and its path.
  static func text(_ finding: Finding) -> String {
    var out =
      "\(finding.file):\(finding.line): \(finding.severity.rawValue): [\(finding.rule)] \(finding.function)(): "
    out += finding.message + "\n"
    let shown = finding.path.filter { $0.op != .call || finding.path.count == 1 }
    if !shown.isEmpty { out += wrapped("    path: ", shown.map(\.summary)) + "\n" }
    return out
  }
}
