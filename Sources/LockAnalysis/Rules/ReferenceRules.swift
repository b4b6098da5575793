import CSyntax

extension PathWalker {
  func reportPutBeforeUse(
    _ object: String, putIndex: Int, useLine: Int, use: String, _ state: PathState
  ) {
    let put = state.ops[putIndex]
    // One finding per put: the put is what to move, whichever use comes after it.
    guard !reported(.putBeforeUnlock, key: "\(put.line)") else { return }
    // An error when this path dropped the reference it took itself and no spinlock (a page
    // table lock keeping the mapping, and so a reference, in place) was held at the put.
    let pinned = state.held.contains { ($0.family == .spinlock) && $0.opIndex < putIndex }
    let ownReference = state.referenced.contains(object) && !pinned
    let taken = state.ops.first { $0.op == .get && $0.object == object }
    report(
      .putBeforeUnlock, severity: ownReference ? .error : .warning, line: put.line,
      key: "\(put.line)", path: state.ops,
      message:
        "\(put.call ?? "put")(\(object)) at \(put.line) drops "
        + (taken.map { "the reference taken by \($0.call ?? "get")() at \($0.line)" }
          ?? "a reference")
        + " before \(use)(\(object)) at \(useLine): if it was the last reference the page can be freed and "
        + "\(use)() touches freed memory; unlock first, then put")
  }
}
