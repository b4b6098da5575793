/// The reply tree of a set of messages, built with Jamie Zawinski's algorithm.
///
/// Message-ID, In-Reply-To and References link the messages; a parent that
/// is referenced but not present becomes a placeholder node. Only messages
/// with none of those headers fall back to their subject (`Re: X` under `X`).
/// An archive's thread overview, when given, names the placeholders it can.
///
/// ```swift
/// let tree = ThreadTree(archive.messages, overview: archive.overview)
/// for node in tree.nodes { print(String(repeating: "  ", count: node.depth), node.subject) }
/// ```
public struct ThreadTree: Sendable {
  public struct Node: Sendable {
    /// The Message-ID, or `#N` for a message that has none.
    public let id: String
    public var parent: Int?
    public var children: [Int] = []
    /// Index into the messages given; nil for a placeholder.
    public let message: Int?
    public var from: String?
    public var date: MailDate?
    public var subject: String
    public var depth = 0
  }

  /// Nodes in display order: each followed by its subtree.
  public private(set) var nodes: [Node] = []

  public init(_ messages: [Message], overview: [OverviewEntry] = []) {
    var all: [Node] = []
    var index: [String: Int] = [:]
    func node(for id: String) -> Int {
      if let existing = index[id] { return existing }
      all.append(Node(id: id, parent: nil, message: nil, subject: ""))
      index[id] = all.count - 1
      return all.count - 1
    }
    func isAncestor(_ candidate: Int, of child: Int) -> Bool {
      var current: Int? = candidate
      var steps = 0
      while let c = current, steps < 100_000 {
        if c == child { return true }
        current = all[c].parent
        steps += 1
      }
      return false
    }
    var messageNodes: [Int] = []
    for (position, message) in messages.enumerated() {
      let id = message.id ?? "#\(position + 1)"
      var slot = node(for: id)
      if all[slot].message != nil {
        // A duplicate Message-ID: keep both, the second under a derived id.
        slot = node(for: "\(id)#\(position + 1)")
      }
      all[slot] = Node(
        id: all[slot].id, parent: all[slot].parent, message: position,
        from: message.from?.displayName, date: message.date, subject: message.subject)
      messageNodes.append(slot)
      var chain = message.references
      for parent in message.inReplyTo where chain.last != parent { chain.append(parent) }
      var previous: Int? = nil
      for reference in chain {
        let current = node(for: reference)
        if let previous, all[current].parent == nil, current != previous,
          !isAncestor(current, of: previous)
        {
          all[current].parent = previous
        }
        previous = current
      }
      if let parent = previous, parent != slot, !isAncestor(slot, of: parent) {
        all[slot].parent = parent
      }
    }
    // Subject fallback only for messages without any threading header.
    var rootsBySubject: [String: Int] = [:]
    for (position, slot) in messageNodes.enumerated() {
      let message = messages[position]
      let key = SubjectLine(message.subject).threadKey
      if message.inReplyTo.isEmpty && message.references.isEmpty && !key.isEmpty {
        if !SubjectLine(message.subject).isReply {
          if rootsBySubject[key] == nil { rootsBySubject[key] = slot }
        }
      }
    }
    for (position, slot) in messageNodes.enumerated() {
      let message = messages[position]
      let subject = SubjectLine(message.subject)
      guard message.inReplyTo.isEmpty, message.references.isEmpty, subject.isReply,
        all[slot].parent == nil, let root = rootsBySubject[subject.threadKey], root != slot,
        !isAncestor(slot, of: root)
      else { continue }
      all[slot].parent = root
    }
    for slot in all.indices {
      if let parent = all[slot].parent { all[parent].children.append(slot) }
    }
    // Depth-first order; children by date.
    var ordered: [Node] = []
    var newIndex = [Int](repeating: -1, count: all.count)
    var stack: [(Int, Int)] = all.indices.filter { all[$0].parent == nil }.reversed().map {
      ($0, 0)
    }
    while let (slot, depth) = stack.popLast() {
      newIndex[slot] = ordered.count
      var copy = all[slot]
      copy.depth = depth
      ordered.append(copy)
      let children = all[slot].children.sorted {
        (all[$0].date ?? MailDate.distantPast) < (all[$1].date ?? MailDate.distantPast)
      }
      for child in children.reversed() { stack.append((child, depth + 1)) }
    }
    for i in ordered.indices {
      ordered[i].parent = ordered[i].parent.map { newIndex[$0] }
      ordered[i].children = ordered[i].children.map { newIndex[$0] }
    }
    nodes = ordered
    if !overview.isEmpty { nameAncestors(from: overview) }
  }

  /// Walks up from the overview's current entry and the matching message at
  /// the same time, naming placeholders after the overview's entries.
  private mutating func nameAncestors(from overview: [OverviewEntry]) {
    guard let currentEntry = overview.firstIndex(where: \.current) else { return }
    guard
      let currentNode = nodes.firstIndex(where: {
        $0.message != nil && $0.from == overview[currentEntry].author
      }) ?? nodes.firstIndex(where: { $0.message != nil })
    else { return }
    var entry = currentEntry
    var node = currentNode
    while let parent = nodes[node].parent {
      let depth = overview[entry].depth
      guard depth > 0,
        let parentEntry = overview[..<entry].lastIndex(where: { $0.depth == depth - 1 })
      else { break }
      if nodes[parent].message == nil && nodes[parent].from == nil {
        nodes[parent].from = overview[parentEntry].author
        nodes[parent].date = MailDate(parsing: overview[parentEntry].date + " +0000")
      }
      entry = parentEntry
      node = parent
    }
  }
}

extension MailDate {
  static let distantPast = MailDate(parsing: "1 Jan 1970 00:00:00 +0000")!
}
