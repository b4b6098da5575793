import PathSimulator

/// The lines of a counterexample: step, CPU, task, operation and source line; a livelock's
/// cycle marked where it starts, then the tasks it starves.
enum TraceText {
  static func lines(_ trace: [TraceStep], cycleStart: Int?, starved: [String]) -> String {
    var out = ""
    let nameWidth = trace.map(\.thread.count).max() ?? 0
    for step in trace {
      if step.step == cycleStart { out += "  -- cycle, repeats forever without progress --\n" }
      let location = step.file.map { " \($0):\(step.line ?? 0)" } ?? ""
      let number = String(step.step)
      out +=
        "  " + String(repeating: " ", count: max(0, 3 - number.count)) + number
        + "  cpu\(step.cpu)  "
        + step.thread.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
        + "  \(step.op)\(location)\n"
    }
    for task in starved { out += "  starved: \(task)\n" }
    return out
  }

  /// `items` in groups of equal `key`, in order of first appearance: each trace printed once.
  static func grouped<Item>(_ items: [Item], by key: (Item) -> String) -> [[Item]] {
    var keys: [String] = []
    var groups: [String: [Item]] = [:]
    for item in items {
      let value = key(item)
      if groups[value] == nil { keys.append(value) }
      groups[value, default: []].append(item)
    }
    return keys.map { groups[$0]! }
  }

  /// One key per distinct trace, so configurations that share a trace print it once.
  static func key(_ trace: [TraceStep], cycleStart: Int?) -> String {
    trace.map { "\($0.cpu)|\($0.thread)|\($0.op)|\($0.file ?? ""):\($0.line ?? 0)" }
      .joined(separator: "\n") + "|\(cycleStart ?? 0)"
  }
}
