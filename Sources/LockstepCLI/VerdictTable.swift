import PathSimulator

/// The plain-text report of `lockstep simulate`: one row per run, then the
/// counterexample of every run that is not ok.
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
      let mark = run.expected.map { $0 == run.verdict ? "" : " (!)" } ?? ""
      rows.append([
        run.scenario, run.variant, run.preempt.rawValue, "\(run.cpus)", run.verdict.rawValue + mark,
        run.expected?.rawValue ?? "-", "\(run.states)", "\(run.transitions)",
        Self.duration(run.seconds),
      ])
    }
    let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    var out = ""
    for row in rows {
      out +=
        zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
        .joined(separator: "  ").trimmingTrailingSpaces() + "\n"
    }
    for run in runs where run.verdict != .ok {
      out +=
        "\n\(run.scenario) / \(run.variant) / preempt \(run.preempt.rawValue) / \(run.cpus) cpu: \(run.verdict.rawValue)\n"
      if run.verdict == .boundReached {
        out += "  stopped after \(run.states) states and \(run.transitions) transitions\n"
        continue
      }
      let nameWidth = run.trace.map(\.thread.count).max() ?? 0
      for step in run.trace {
        if step.step == run.cycleStart {
          out += "  -- cycle, repeats forever without progress --\n"
        }
        let location = step.file.map { " \($0):\(step.line ?? 0)" } ?? ""
        out +=
          String(
            "  \(String(step.step).leftPadded(3))  cpu\(step.cpu)  "
              + step.thread.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
              + "  \(step.op)\(location)")
          + "\n"
      }
      for starved in run.starved { out += "  starved: \(starved)\n" }
    }
    return out
  }

  private static func duration(_ seconds: Double) -> String {
    seconds < 1
      ? "\(Int((seconds * 1000).rounded())) ms"
      : "\(Int(seconds * 10) / 10).\(Int(seconds * 10) % 10) s"
  }
}

extension String {
  fileprivate func leftPadded(_ width: Int) -> String {
    String(repeating: " ", count: max(0, width - count)) + self
  }

  fileprivate func trimmingTrailingSpaces() -> String {
    var result = self
    while result.last == " " { result.removeLast() }
    return result
  }
}
