import Foundation

/// Questions answered on all cores: one repository handle per worker (a libgit2 handle is
/// used by one thread at a time), each worker taking the next item not yet taken.
extension KernelRepository {
  /// ``inParallel(_:_:)`` with the releases the workers use (`nil`: each reads them).
  func onAllCores<Item: Sendable, Value: Sendable>(
    _ items: [Item], releases: [Release]?,
    _ body: @escaping @Sendable (KernelRepository, Item) throws(KernelTreeError) -> Value
  ) throws(KernelTreeError) -> [Value] {
    let results = ResultSlots<Value>(count: items.count)
    let workers = max(1, min(items.count, ProcessInfo.processInfo.activeProcessorCount))
    while workerHandles.count < workers - 1 {
      workerHandles.append(try KernelRepository(path: path, discover: false, store: store))
    }
    let (handles, progress) = (WorkerHandles([self] + workerHandles), self.progress)
    _ = commitGraph  // read once, here, for every worker
    let graph = graphState
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      let repository = handles.all[worker]
      repository.progress = progress
      if let releases { repository.fixedReleases = releases }
      if case .unread = repository.graphState { repository.graphState = graph }
      // Each worker takes the next item not yet taken: one long item does not hold back
      // the items a fixed share would have queued behind it.
      while let slot = results.claim() {
        results[slot] = Result { () throws(KernelTreeError) in try body(repository, items[slot]) }
      }
    }
    return try results.values()
  }
}

/// Results written by concurrent workers, one slot each, read once they are all done.
private final class ResultSlots<Value: Sendable>: @unchecked Sendable {
  private var slots: [Result<Value, KernelTreeError>?]
  private var claimed = 0
  private let lock = NSLock()

  /// The next slot no worker has taken yet, `nil` when all are taken.
  func claim() -> Int? {
    lock.withLock {
      guard claimed < slots.count else { return nil }
      claimed += 1
      return claimed - 1
    }
  }

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  subscript(slot: Int) -> Result<Value, KernelTreeError>? {
    get { lock.withLock { slots[slot] } }
    set { lock.withLock { slots[slot] = newValue } }
  }

  /// The values in slot order, or the first failure.
  func values() throws(KernelTreeError) -> [Value] {
    try lock.withLock { slots }.map { slot throws(KernelTreeError) in try slot!.get() }
  }
}

/// The worker handles of one parallel question, each used by one worker at a time.
private struct WorkerHandles: @unchecked Sendable {
  let all: [KernelRepository]
  init(_ all: [KernelRepository]) { self.all = all }
}
