import PathSimulator

/// A simulator trace laid out as per-CPU timelines for an inline SVG: one lane (column) per
/// CPU, time going down, each step a box in its CPU's lane naming the task and what it
/// does; a livelock's cycle bracketed and labelled, the starved tasks named below.
///
/// ```text
///  #   cpu0                         ┐
///  1  [migrate_device_unmap: lock]  │
///  4  [do_swap_page: trylock …]     │ cycle: repeats forever
/// ```
struct TraceDrawing {
  struct Lane {
    var x: Int
    var center: Int
    var label: String
  }

  struct Box {
    var x: Int
    var y: Int
    var width: Int
    var height: Int
    var textX: Int
    var taskY: Int
    var opY: Int
    var whereY: Int
    var numberY: Int
    var step: Int
    var task: String
    var op: String
    var location: String
    /// The full text, for the tooltip and readers of the SVG.
    var title: String
    var cls: String
  }

  struct Cycle {
    var x: Int
    var top: Int
    var bottom: Int
    var labelX: Int
    var labelY: Int
  }

  static let gutter = 34
  static let laneWidth = 270
  static let rowHeight = 58
  static let boxHeight = 50
  static let header = 30
  static let cycleWidth = 84
  /// Characters of an operation that fit a box at the drawing's font size.
  static let opWidth = 38

  var anchor: String
  var headline: String
  /// Whether the drawing is unfolded: the first trace, and every regression.
  var open = false
  /// `6 steps on 1 CPU`.
  var size: String
  var kindClass: String
  var side: String
  var configurations: String
  var contenderSource: String
  var width: Int
  var height: Int
  var lanes: [Lane]
  var boxes: [Box]
  var cycle: Cycle?
  var starved: [String]
  var titleID: String
  var descID: String
  /// The alt text: what the drawing shows, in words.
  var description: String
  /// The steps as text lines (`4  cpu0  do_swap_page  pte_offset_map_lock(vmf->ptl) …`).
  var textLines: [String]

  init(_ race: RaceTrace) {
    anchor = race.anchor
    headline = race.headline
    kindClass = race.kind.isRegression ? "bad" : "good"
    side = race.side
    configurations = race.configurations.joined(separator: ", ")
    contenderSource = race.contenderSource
    let cpus = max(race.cpus, 1)
    size = "\(race.steps.count) steps on \(cpus) CPU\(cpus == 1 ? "" : "s")"
    width = Self.gutter + cpus * Self.laneWidth + Self.cycleWidth
    height = Self.header + race.steps.count * Self.rowHeight + 8
    lanes = (0..<cpus).map { cpu in
      let x = Self.gutter + cpu * Self.laneWidth
      return Lane(x: x, center: x + Self.laneWidth / 2, label: "cpu\(cpu)")
    }
    var tasks: [String] = []
    boxes = race.steps.enumerated().map { row, step in
      if !tasks.contains(step.thread) { tasks.append(step.thread) }
      let x = Self.gutter + step.cpu * Self.laneWidth + 6
      let y = Self.header + row * Self.rowHeight
      let location = step.file.map { "\($0):\(step.line ?? 0)" } ?? ""
      let op = Self.withoutLocation(step.op, location)
      let inCycle = race.cycleStart.map { step.step >= $0 } ?? false
      return Box(
        x: x, y: y, width: Self.laneWidth - 12, height: Self.boxHeight, textX: x + 8,
        taskY: y + 16, opY: y + 31, whereY: y + 45, numberY: y + 30, step: step.step,
        task: step.thread, op: Self.clipped(op, Self.opWidth), location: location,
        title: "step \(step.step), cpu\(step.cpu), \(step.thread): \(step.op)"
          + (location.isEmpty || step.op.contains(location) ? "" : " at \(location)"),
        cls: "task\(tasks.firstIndex(of: step.thread)! % 4)" + (inCycle ? " cycle" : ""))
    }
    if let start = race.cycleStart, let first = race.steps.firstIndex(where: { $0.step == start }) {
      let x = Self.gutter + cpus * Self.laneWidth + 10
      let top = Self.header + first * Self.rowHeight
      let bottom = Self.header + (race.steps.count - 1) * Self.rowHeight + Self.boxHeight
      cycle = Cycle(x: x, top: top, bottom: bottom, labelX: x + 10, labelY: (top + bottom) / 2)
    }
    starved = race.starved
    titleID = "\(race.anchor)-title"
    descID = "\(race.anchor)-desc"
    var words =
      "Timeline of \(race.steps.count) steps on \(cpus) CPU(s), \(race.side) the patch. "
    if let start = race.cycleStart {
      words +=
        "Steps \(start) to \(race.steps.last?.step ?? start) repeat forever without progress. "
    }
    words += race.steps.map { "Step \($0.step), cpu\($0.cpu), \($0.thread): \($0.op)." }
      .joined(separator: " ")
    if !race.starved.isEmpty { words += " Starved: " + race.starved.joined(separator: "; ") + "." }
    description = words
    let nameWidth = race.steps.map(\.thread.count).max() ?? 0
    textLines =
      race.steps.map { step in
        let mark = race.cycleStart == step.step ? "-- cycle, repeats forever --\n" : ""
        return mark + String(step.step).leftPadded(3) + "  cpu\(step.cpu)  "
          + step.thread.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  " + step.op
          + (step.file.map { step.op.contains($0) ? "" : " \($0):\(step.line ?? 0)" } ?? "")
      } + race.starved.map { "starved: \($0)" }
  }

  /// `trylock_page(vmf->page): failed … mm/memory.c:4677` without its trailing location.
  static func withoutLocation(_ op: String, _ location: String) -> String {
    guard !location.isEmpty, op.hasSuffix(" " + location) else { return op }
    return String(op.dropLast(location.count + 1))
  }

  /// `text` cut at a word to fit `width` characters, with `…`.
  static func clipped(_ text: String, _ width: Int) -> String {
    guard text.count > width else { return text }
    let cut = text.prefix(width - 1)
    let word = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
    return String(word.count > width / 2 ? word : cut) + "…"
  }
}

extension String {
  func leftPadded(_ width: Int) -> String {
    String(repeating: " ", count: max(0, width - count)) + self
  }
}
