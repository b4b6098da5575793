import MailThread

/// The small per-message state `lockstep thread --stats` keeps while
/// streaming: ids and parent links only, so memory does not grow with bodies.
///
/// One table holds every id, seen as a message or only referenced, so each
/// message costs one lookup for itself and one per new reference link.
struct ThreadIndex {
  private struct Node {
    var parent: String? = nil
    /// A message with this id was read (not only referenced).
    var isMessage = false

    /// A message with this id: its In-Reply-To (else last Reference) wins
    /// over any parent a reference chain gave it.
    mutating func record(parent up: String?) {
      isMessage = true
      if let up { parent = up }
    }
  }

  private var nodes: [String: Node] = [:]
  private(set) var messages = 0

  mutating func add(_ message: Message) {
    messages += 1
    let id = message.id ?? "#\(messages)"
    let up = message.parentID
    nodes[id, default: Node()].record(parent: up == id ? nil : up)
    var previous: String? = nil
    for reference in message.references { link(reference, after: &previous) }
    for reference in message.inReplyTo { link(reference, after: &previous) }
  }

  /// Gives `reference` the reference before it as parent, unless it has one.
  private mutating func link(_ reference: String, after previous: inout String?) {
    if let previous, reference != previous {
      nodes[reference, default: Node()].parent.setIfNil(previous)
    }
    previous = reference
  }

  /// Messages whose parent is unknown or absent.
  var roots: Int { nodes.values.reduce(0) { $0 + ($1.isMessage && $1.parent == nil ? 1 : 0) } }
  /// Referenced ids with no message.
  var placeholders: Int {
    var missing: Set<String> = []
    for node in nodes.values {
      if let parent = node.parent, nodes[parent]?.isMessage != true { missing.insert(parent) }
    }
    return missing.count
  }
}

extension Optional {
  /// Stores `value` unless there is one already (Python's `setdefault`).
  fileprivate mutating func setIfNil(_ value: Wrapped) {
    if self == nil { self = value }
  }
}
