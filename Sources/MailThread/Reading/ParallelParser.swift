import Dispatch

/// Parses split mbox messages on several cores while keeping their order.
///
/// The splitter hands over raw messages; they are copied into batches of
/// about a megabyte, and once there is a batch per core, the batches are
/// parsed at the same time and delivered in input order. Memory stays
/// bounded by `cores × batch size`.
final class ParallelParser {
  private struct Batch {
    var bytes: [UInt8] = []
    var items: [(range: Range<Int>, line: Int)] = []
  }

  private let name: String
  private let cores: Int
  private let batchBytes = 1 << 20
  private var current = Batch()
  private var full: [Batch] = []

  init(name: String, cores: Int) {
    self.name = name
    self.cores = max(1, cores)
  }

  func add<Sink: MailSink>(_ message: UnsafeBufferPointer<UInt8>, line: Int, into sink: inout Sink)
  {
    if cores == 1 {
      // One core: parse straight from the splitter's buffer, no copy.
      var problems: [MailProblem] = []
      let parsed = MessageParser.parse(message, location: "\(name):\(line)", problems: &problems)
      for problem in problems { sink.add(problem) }
      sink.add(parsed)
      return
    }
    let start = current.bytes.count
    current.bytes.append(contentsOf: message)
    current.items.append((start..<current.bytes.count, line))
    if current.bytes.count >= batchBytes {
      full.append(current)
      current = Batch()
      if full.count >= cores { drain(into: &sink) }
    }
  }

  func finish<Sink: MailSink>(into sink: inout Sink) {
    if !current.items.isEmpty {
      full.append(current)
      current = Batch()
    }
    drain(into: &sink)
  }

  private func drain<Sink: MailSink>(into sink: inout Sink) {
    let batches = full
    full = []
    guard !batches.isEmpty else { return }
    let results = UnsafeMutableBufferPointer<([Message], [MailProblem])>.allocate(
      capacity: batches.count)
    results.initialize(repeating: ([], []))
    defer {
      results.deinitialize()
      results.deallocate()
    }
    let name = self.name
    // Each iteration writes only its own slot.
    nonisolated(unsafe) let slots = results
    let parse: @Sendable (Int) -> Void = { index in
      var messages: [Message] = []
      var problems: [MailProblem] = []
      messages.reserveCapacity(batches[index].items.count)
      batches[index].bytes.withUnsafeBufferPointer { all in
        for item in batches[index].items {
          messages.append(
            MessageParser.parse(
              UnsafeBufferPointer(rebasing: all[item.range]), location: "\(name):\(item.line)",
              problems: &problems))
        }
      }
      slots[index] = (messages, problems)
    }
    if batches.count == 1 {
      parse(0)
    } else {
      DispatchQueue.concurrentPerform(iterations: batches.count, execute: parse)
    }
    for (messages, problems) in results {
      for problem in problems { sink.add(problem) }
      for message in messages { sink.add(message) }
    }
  }
}
