import Foundation

/// A value only read by concurrent workers: what it reaches that is not Sendable (a libgit2
/// repository behind a `SourceTree`) is serialized elsewhere (see `ParseCache`).
struct SharedForReading<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}

/// Results (per patch, per file, per function) written from concurrent workers, one slot each.
final class ResultSlots<Value>: @unchecked Sendable {
  private var slots: [Value?]
  private let lock = NSLock()

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func store(_ result: Value, at index: Int) {
    lock.lock()
    slots[index] = result
    lock.unlock()
  }

  var values: [Value] { slots.compactMap { $0 } }
}
