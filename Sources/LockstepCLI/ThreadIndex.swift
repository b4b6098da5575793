import MailThread

/// The small per-message state `lockstep thread --stats` keeps while
/// streaming: ids and parent links only, so memory does not grow with bodies.
struct ThreadIndex {
  private var parent: [String: String] = [:]
  private var seen: Set<String> = []
  private(set) var messages = 0

  mutating func add(_ message: Message) {
    messages += 1
    let id = message.id ?? "#\(messages)"
    seen.insert(id)
    var previous: String? = nil
    func link(_ reference: String) {
      if let previous, reference != previous {
        // One lookup: set the parent only if the reference has none yet.
        parent[reference].setIfNil(previous)
      }
      previous = reference
    }
    for reference in message.references { link(reference) }
    for reference in message.inReplyTo { link(reference) }
    if let up = message.parentID, up != id { parent[id] = up }
  }

  /// Messages whose parent is unknown or absent.
  var roots: Int { seen.reduce(0) { $0 + (parent[$1] == nil ? 1 : 0) } }
  /// Referenced ids with no message.
  var placeholders: Int {
    var missing: Set<String> = []
    for id in parent.values where !seen.contains(id) { missing.insert(id) }
    return missing.count
  }
}

extension Optional {
  /// Stores `value` unless there is one already (Python's `setdefault`).
  fileprivate mutating func setIfNil(_ value: Wrapped) {
    if self == nil { self = value }
  }
}
