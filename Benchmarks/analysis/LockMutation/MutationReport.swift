import Foundation

/// The benchmark's report: recall per operator, size bucket, file and tree, in the largest
/// PTL / folio-lock functions, the time per mutant, every miss and every equivalent mutant.
public struct MutationReport: Sendable, Codable {
  public var results: [MutantResult]
  /// The `file:function` keys of the largest functions taking the PTL or folio lock, by tree.
  public var largest: [String: [String]]
  /// Error findings of the unmutated sampled functions (`tree file:line function rule`).
  public var falseErrors: [String]
  public var functionsSampled: Int

  public init(
    results: [MutantResult], largest: [String: [String]], falseErrors: [String]
  ) {
    self.results = results
    self.largest = largest
    self.falseErrors = falseErrors
    functionsSampled =
      Set(results.map { "\($0.tree) \($0.mutant.file):\($0.mutant.function)" }).count
  }

  public var total: RecallRow { RecallRow.total(results) }
  public var byOperator: [RecallRow] {
    RecallRow.rows(results) { $0.mutant.mutationOperator.rawValue }
  }
  public var bySize: [RecallRow] {
    RecallRow.rows(results) { SizeBucket(lines: $0.mutant.functionLines).rawValue }
  }
  public var byFile: [RecallRow] { RecallRow.rows(results) { "\($0.tree) \($0.mutant.file)" } }
  public var byTree: [RecallRow] { RecallRow.rows(results) { $0.tree } }
  public var inLargest: RecallRow {
    RecallRow.total(
      results.filter {
        largest[$0.tree]?.contains("\($0.mutant.file):\($0.mutant.function)") == true
      },
      name: "30 largest PTL/folio-lock functions")
  }

  /// One row per function of the largest PTL / folio-lock functions, with its size.
  public var perLargestFunction: [RecallRow] {
    let members = results.filter {
      largest[$0.tree]?.contains("\($0.mutant.file):\($0.mutant.function)") == true
    }
    return RecallRow.rows(members) {
      "\($0.tree) \($0.mutant.function) (\($0.mutant.functionLines))"
    }
  }

  public var misses: [MutantResult] {
    results.filter { $0.outcome == .missed || $0.outcome == .failed }
  }

  /// `mm/memory.c:do_swap_page:4521 delete-unlock: deleted spin_unlock(ptl) at 4521; expected
  /// lock-imbalance; said: …`
  public static func describe(_ result: MutantResult) -> String {
    let mutant = result.mutant
    var text =
      "\(result.tree) \(mutant.file):\(mutant.function):\(mutant.line) \(mutant.mutationOperator.rawValue): "
      + "\(mutant.change); expected \(mutant.expectedRules.joined(separator: " or ")) in "
      + mutant.functions.joined(separator: " or ")
    if result.incomplete { text += "; walk incomplete" }
    if let failure = result.failure { text += "; \(failure)" }
    if !result.otherFindings.isEmpty {
      text += "; said instead: " + result.otherFindings.joined(separator: ", ")
    }
    return text
  }

  /// What names one mutant in ``describe(_:)``'s line: the tree, place, operator and change.
  public static func key(of line: String) -> String {
    line.range(of: "; expected ").map { String(line[..<$0.lowerBound]) } ?? line
  }

  /// ``key(of:)`` of the mutant `mutant` of the tree `label`.
  public static func key(_ label: String, _ mutant: Mutant) -> String {
    "\(label) \(mutant.file):\(mutant.function):\(mutant.line) "
      + "\(mutant.mutationOperator.rawValue): \(mutant.change)"
  }

  /// An equivalent mutant with its reason, and the expected finding if one came anyway.
  public static func describeEquivalent(_ result: MutantResult) -> String {
    var text = describe(result) + " — " + (result.mutant.equivalence?.rawValue ?? "")
    if let evidence = result.evidence {
      text += " (reported anyway: \(evidence.rule) at \(evidence.line))"
    }
    return text
  }

  /// The plain-text report.
  public var text: String {
    var out: [String] = []
    let seconds = results.map(\.seconds).sorted()
    func table(_ title: String, _ rows: [RecallRow]) {
      out.append("== recall \(title)")
      out.append(RecallRow.header)
      out += rows.map(\.line)
      out.append("")
    }
    out.append(
      "mutants: \(results.count) (\(total.bugs) bugs, \(total.equivalent) equivalent) over "
        + "\(functionsSampled) functions; recall \(String(format: "%.1f%%", total.recall * 100))")
    table("overall", [total, inLargest] + byTree)
    table("per operator", byOperator)
    table(
      "per function size",
      SizeBucket.allCases.compactMap { bucket in bySize.first { $0.group == bucket.rawValue } })
    table("per file", byFile)
    table("in each of the largest PTL/folio-lock functions (lines)", perLargestFunction)
    if let median = seconds.dropFirst(seconds.count / 2).first, let maximum = seconds.last {
      let mean = seconds.reduce(0, +) / Double(seconds.count)
      let p95 = seconds[min(seconds.count - 1, seconds.count * 95 / 100)]
      out.append(
        String(
          format: "time per mutant (one lockstep process each): mean %.0f ms, median %.0f ms, "
            + "p95 %.0f ms, max %.0f ms", mean * 1000, median * 1000, p95 * 1000, maximum * 1000))
      out.append("")
    }
    out.append("== false errors on the unmutated sampled functions: \(falseErrors.count)")
    out += falseErrors.map { "   " + $0 }
    out.append("")
    out.append(
      "== equivalent mutants (not bugs): \(results.filter { $0.outcome == .equivalent }.count)")
    out += results.filter { $0.outcome == .equivalent }.map {
      "   " + Self.describeEquivalent($0)
    }
    out.append("")
    out.append("== misses: \(misses.count)")
    out += misses.map { "   " + Self.describe($0) }
    return out.joined(separator: "\n")
  }
}
