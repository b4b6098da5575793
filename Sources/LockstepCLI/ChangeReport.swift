import PathSimulator

/// The plain-text report of `simulate --patch`: per function, what the patch changes (each
/// distinct trace printed once, under the configurations that share it, naming the contender),
/// then a count of every race and configuration checked.
struct ChangeReport {
  var replay: PatchReplay

  var text: String {
    if replay.isEmpty { return "" }
    var out = ""
    let shown = replay.changes.filter { $0.kind != .unchanged }
    let groups = TraceText.grouped(shown) { change in
      "\(change.function)|\(change.kind)|\(change.contender)|"
        + TraceText.key(change.trace, cycleStart: change.cycleStart)
    }
    for changes in groups {
      let first = changes[0]
      let configurations = changes.map { "preempt \($0.preempt.rawValue) / \($0.cpus) cpu" }
      out +=
        "\(first.function)(): \(Self.words(first.kind)) against \(first.contender) (\(first.contenderSource))\n"
      out += "  in: " + configurations.joined(separator: ", ") + "\n"
      if first.kind == .undecided {
        out += "  a bound ended the search after \(first.states) states: not decided\n\n"
        continue
      }
      out += "  \(first.variant) the patch, shortest trace:\n"
      out += TraceText.lines(first.trace, cycleStart: first.cycleStart, starved: first.starved)
      out += "\n"
    }
    let counts = Dictionary(grouping: replay.changes, by: \.kind).mapValues(\.count)
    let summary = ChangeKind.allCases.compactMap { kind in
      counts[kind].map { "\($0) \(kind.rawValue)" }
    }
    out +=
      "\(replay.composed.count) race(s) composed, \(replay.changes.count) configuration(s): "
      + summary.joined(separator: ", ") + "\n"
    out += VerdictTable.offPathNote(replay.runs)
    return out
  }

  private static func words(_ kind: ChangeKind) -> String {
    switch kind {
    case .introducesLivelock: "the patch introduces a livelock"
    case .introducesDeadlock: "the patch introduces a deadlock"
    case .removesLivelock: "the patch removes a livelock"
    case .removesDeadlock: "the patch removes a deadlock"
    case .introducesLeak: "the patch introduces a reference leak on a retried path"
    case .removesLeak: "the patch removes a reference leak on a retried path"
    case .introducesUnderflow:
      "the patch introduces a put on a zero reference count (use-after-free or double put)"
    case .removesUnderflow: "the patch removes a put on a zero reference count"
    case .unchanged: "unchanged"
    case .undecided: "undecided (bound reached)"
    }
  }
}
