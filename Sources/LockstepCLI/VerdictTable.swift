import PathSimulator

/// The plain-text report of `lockstep simulate`: one row per run, then each distinct
/// counterexample once, under the configurations that share it.
struct VerdictTable {
  var runs: [Run]

  var text: String {
    var rows = [
      [
        "scenario", "variant", "preempt", "cpus", "verdict", "expected", "states", "transitions",
        "time",
      ]
    ]
    for run in runs {
      let mark = Self.contradicts(run) ? " (!)" : ""
      rows.append([
        run.scenario, run.variant, run.preempt.rawValue, "\(run.cpus)", run.verdict.rawValue + mark,
        run.expected?.rawValue ?? "-", "\(run.states)", "\(run.transitions)",
        Self.duration(run.seconds),
      ])
    }
    var out =
      TextTable(rows).rendered.split(separator: "\n").map {
        String($0.reversed().drop(while: { $0 == " " }).reversed())
      }.joined(separator: "\n") + "\n"
    if runs.contains(where: Self.contradicts) {
      out += "(!) the verdict differs from the one the scenario's 'expect' line gives\n"
    }
    out += Self.offPathNote(runs)
    let groups = TraceText.grouped(runs.filter { $0.verdict != .ok }) { run in
      "\(run.scenario)|\(run.verdict)|"
        + (run.verdict == .boundReached
          ? "\(run.variant)|\(run.preempt)|\(run.cpus)"
          : TraceText.key(run.trace, cycleStart: run.cycleStart))
    }
    for group in groups {
      let first = group[0]
      let where_ = group.map { "\($0.variant) / preempt \($0.preempt.rawValue) / \($0.cpus) cpu" }
      out += "\n\(first.scenario): \(first.verdict.rawValue) in " + where_.joined(separator: ", ")
      out += "\n"
      if first.verdict == .boundReached {
        out +=
          "  stopped after \(first.states) states and \(first.transitions) transitions: not decided\n"
        continue
      }
      out += TraceText.lines(first.trace, cycleStart: first.cycleStart, starved: first.starved)
      if let leaked = first.leaked {
        out += "  \(leaked): the reference count grows without bound (a get on a retried path)\n"
      }
      if let underflowed = first.underflowed {
        out +=
          "  \(underflowed): put on a zero reference count (a use-after-free or a double put)\n"
      }
    }
    return out
  }

  /// A decided verdict other than the one the scenario's `expect` line gives (a bound
  /// reached decides nothing, so it contradicts nothing).
  static func contradicts(_ run: Run) -> Bool {
    run.verdict != .boundReached && run.expected.map { $0 != run.verdict } ?? false
  }

  /// How many runs left out states where a thread stood at an outcome its paths never take
  /// (`Run.offPathStates`), so that a verdict resting on fewer states says so.
  static func offPathNote(_ runs: [Run]) -> String {
    let partial = runs.filter { $0.offPathStates > 0 }
    guard !partial.isEmpty else { return "" }
    let states = partial.reduce(0) { $0 + $1.offPathStates }
    return
      "\(partial.count) run(s) left out \(states) state(s) where a thread stood at an outcome "
      + "its paths never take ('impossible'): no verdict rests on them\n"
  }

  private static func duration(_ seconds: Double) -> String {
    seconds < 1
      ? "\(Int((seconds * 1000).rounded())) ms"
      : "\(Int(seconds * 10) / 10).\(Int(seconds * 10) % 10) s"
  }
}
