import Foundation

/// A value only read by concurrent workers: what it reaches that is not Sendable (a libgit2
/// repository behind a `SourceTree`) is serialized elsewhere (see `ParseCache`).
struct SharedForReading<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}

/// Per-file (per-patch) results written from concurrent workers, one slot each.
final class ResultSlots: @unchecked Sendable {
  private var slots: [PatchAnalysis?]
  private let lock = NSLock()

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func store(_ result: PatchAnalysis, at index: Int) {
    lock.lock()
    slots[index] = result
    lock.unlock()
  }

  var values: [PatchAnalysis] { slots.compactMap { $0 } }
}
