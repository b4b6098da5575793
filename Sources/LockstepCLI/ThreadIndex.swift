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
    for reference in message.references + message.inReplyTo {
      if let previous, parent[reference] == nil, reference != previous {
        parent[reference] = previous
      }
      previous = reference
    }
    if let up = message.parentID, up != id { parent[id] = up }
  }

  /// Messages whose parent is unknown or absent.
  var roots: Int { seen.filter { parent[$0] == nil }.count }
  /// Referenced ids with no message.
  var placeholders: Int {
    Set(parent.values).subtracting(seen).count
  }
}
