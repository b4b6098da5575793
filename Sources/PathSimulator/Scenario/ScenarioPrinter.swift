/// Writes a scenario in the scenario language, so that a composed race can be read, edited
/// and run again (`lockstep simulate --patch P --print-scenario > race.scenario`).
///
/// Each statement spliced from a path keeps its source line (`at mm/memory.c:4677`) and the
/// kernel call it stands for as a comment. Reading the text back gives a scenario with the
/// same threads, so the same verdicts.
///
/// ```swift
/// print(ScenarioPrinter.text(of: composed.scenario))
/// ```
///
/// - Complexity: O(statements); nesting is bounded by the splicer and the parser.
public enum ScenarioPrinter {
  public static func text(of scenario: Scenario) -> String {
    var out = "scenario \(scenario.name)\n"
    if !scenario.title.isEmpty { out += "title \(scenario.title)\n" }
    out += "cpus \(scenario.cpus.map(String.init).joined(separator: " "))\n"
    out += "preempt \(scenario.preempt.map(\.rawValue).joined(separator: " "))\n"
    for object in scenario.objects {
      out += "object \(object.name)"
      if object.refs != 0 { out += " refs \(object.refs)" }
      if !object.aliases.isEmpty { out += " aka " + object.aliases.joined(separator: " ") }
      out += "\n"
    }
    for thread in scenario.threads { out += "\n" + text(of: thread, indent: "") }
    for variant in scenario.variants {
      out += "\nvariant \(variant.name) {\n"
      for thread in variant.threads { out += text(of: thread, indent: "  ") }
      out += "}\n"
    }
    for expectation in scenario.expectations {
      out += "expect \(expectation.verdict.rawValue)"
      if let variants = expectation.variants {
        out += " variant " + variants.joined(separator: ",")
      }
      if let models = expectation.preempt {
        out += " preempt " + models.map(\.rawValue).joined(separator: ",")
      }
      if let counts = expectation.cpus {
        out += " cpus " + counts.map(String.init).joined(separator: ",")
      }
      out += "\n"
    }
    return out
  }

  private static func text(of thread: ThreadSpec, indent: String) -> String {
    var out = "\(indent)thread \(thread.name)"
    if let cpu = thread.cpu { out += " on cpu \(cpu)" }
    out += " {\n"
    out += lines(thread.body, indent: indent + "  ")
    return out + "\(indent)}\n"
  }

  private static func lines(_ statements: [Statement], indent: String) -> String {
    statements.map { line($0, indent: indent) }.joined()
  }

  private static func line(_ statement: Statement, indent: String) -> String {
    let inner = indent + "  "
    switch statement.kind {
    case .simple(let primitive, let object, let releasing):
      var words = primitive.rawValue
      switch primitive {
      case .progress: words += " \"\(object ?? "")\""
      case .call: words += " " + PathNamesForPrinting.word(object ?? "step")
      default:
        if let object { words += " \(object)" }
        if let releasing { words += " releasing \(releasing)" }
      }
      return indent + words + suffix(statement, shown: words) + "\n"
    case .attempt(let primitive, let object, let expected, let success, let failure):
      var head = "\(primitive.rawValue) \(object)"
      if primitive == .migrate { head += " expected \(expected)" }
      if case .fallThrough = success, case .block(let body) = failure {
        return indent + head + " else {" + suffix(statement, shown: head) + "\n"
          + lines(body, indent: inner) + indent + "}\n"
      }
      return indent + head + " {" + suffix(statement, shown: head) + "\n"
        + branch(success, indent: inner) + indent + "} else {\n" + branch(failure, indent: inner)
        + indent + "}\n"
    case .ifFlag(let flag, let then, let otherwise):
      var out = indent + "if \(flag) {\n" + lines(then, indent: inner)
      if !otherwise.isEmpty { out += indent + "} else {\n" + lines(otherwise, indent: inner) }
      return out + indent + "}\n"
    case .loop(let body):
      let note = statement.text == "loop" ? "" : "  # \(clean(statement.text))"
      return indent + "loop {" + note + "\n" + lines(body, indent: inner) + indent + "}\n"
    case .choose(let branches):
      var out = indent + "choose {\n"
      for (index, body) in branches.enumerated() {
        if index > 0 { out += indent + "} or {\n" }
        out += lines(body, indent: inner)
      }
      return out + indent + "}\n"
    case .retry: return indent + "retry\n"
    case .breakLoop: return indent + "break\n"
    case .returnThread: return indent + "return\n"
    case .paths(let function, let version, let via, let resolvedBy):
      var words = "paths \(function) \(version)"
      if let via { words += " via \(via)" }
      if !resolvedBy.isEmpty { words += " resolved-by \(resolvedBy.joined(separator: ","))" }
      return indent + words + "\n"
    }
  }

  private static func branch(_ branch: Branch, indent: String) -> String {
    switch branch {
    case .impossible: return indent + "impossible\n"
    case .fallThrough: return ""
    case .block(let body): return lines(body, indent: indent)
    }
  }

  /// ` at FILE:LINE  # kernel words` for a statement that came from a path.
  private static func suffix(_ statement: Statement, shown: String) -> String {
    var out = statement.source.map { " at \($0.file):\($0.line)" } ?? ""
    if statement.text != shown, !statement.text.isEmpty { out += "  # \(clean(statement.text))" }
    return out
  }

  private static func clean(_ text: String) -> String {
    String(text.map { $0 == "\n" ? " " : $0 })
  }
}

/// Labels of `call` steps as one word the parser reads back.
private enum PathNamesForPrinting {
  static func word(_ label: String) -> String {
    let kept = label.map { $0.isWhitespace || "#{}\"".contains($0) ? "_" : $0 }
    return kept.isEmpty ? "step" : String(kept)
  }
}
