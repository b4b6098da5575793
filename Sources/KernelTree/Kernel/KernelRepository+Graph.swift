import CLibGit2

/// History questions answered from git's commit-graph file when the repository has one:
/// no commit object is inflated to learn its parents. Commits newer than the file are read
/// through libgit2, as they are without a graph.
extension KernelRepository {
  /// The repository's commit-graph, read on first use (`nil`: none, or one not usable).
  var commitGraph: CommitGraph? {
    if case .read(let graph) = graphState { return graph }
    let graph = CommitGraph(objectsFolder: repository.objectsFolder)
    graphState = .read(graph)
    return graph
  }

  /// Whether the commit-graph answers ancestry between the two: `nil` when one of them is
  /// not in it (newer than the file, or no file).
  func graphAncestry(_ ancestor: ObjectID, of descendant: ObjectID) -> Bool? {
    guard let graph = commitGraph, let older = graph.position(of: ancestor),
      let newer = graph.position(of: descendant)
    else { return nil }
    return graph.isAncestor(older, of: newer)
  }

  /// The release index built from the commit-graph in one pass: each release in version
  /// order marks the commits it reaches that no earlier release reached (what the walk
  /// `vN ^v1 … ^vN-1` visits), then mainline's tip marks the unreleased ones. `nil` when
  /// the repository has no usable commit-graph.
  /// - Complexity: O(commits on mainline), integer work; only commits newer than the
  ///   graph are read as objects.
  func graphReleaseIndex(releases: [Release]) throws(KernelTreeError) -> ReleaseIndex? {
    guard let graph = commitGraph else { return nil }
    progress?("indexing mainline history from the commit-graph")
    var marker = GraphMarker(graph: graph)
    for (number, release) in releases.enumerated() {
      try marker.mark(from: release.commit, with: UInt16(number), reading: self)
    }
    try marker.mark(from: try mainlineTip(), with: ReleaseIndex.unreleasedMark, reading: self)
    var follows = true
    for number in releases.indices.dropFirst() where follows {
      follows = try isAncestor(releases[number - 1].commit, of: releases[number].commit)
    }
    return ReleaseIndex(
      releases: releases,
      parts: [ReleaseIndex.Part(records: marker.records(), followsPrevious: follows)])
  }
}

/// Marks every commit reachable from a tip and not marked yet, over graph positions, and
/// over object ids for the commits the graph does not have.
private struct GraphMarker {
  let graph: CommitGraph
  /// Per graph position: the mark, or ``unmarked``.
  var marks: [UInt16]
  var outside: [ObjectID: UInt16] = [:]
  static let unmarked: UInt16 = 0xFFFE

  init(graph: CommitGraph) {
    self.graph = graph
    marks = Array(repeating: Self.unmarked, count: graph.count)
  }

  enum Node {
    case position(Int)
    case object(ObjectID)
  }

  mutating func mark(from tip: ObjectID, with mark: UInt16, reading tree: KernelRepository)
    throws(KernelTreeError)
  {
    var stack: [Node] = []
    visit(node(tip), mark, &stack)
    while let next = stack.popLast() {
      switch next {
      case .position(let position):
        for parent in graph.parents(of: position) where marks[Int(parent)] == Self.unmarked {
          marks[Int(parent)] = mark
          stack.append(.position(Int(parent)))
        }
      case .object(let id):
        for parent in try tree.commit(id).parents { visit(node(parent), mark, &stack) }
      }
    }
  }

  private func node(_ id: ObjectID) -> Node {
    graph.position(of: id).map(Node.position) ?? .object(id)
  }

  private mutating func visit(_ node: Node, _ mark: UInt16, _ stack: inout [Node]) {
    switch node {
    case .position(let position):
      guard marks[position] == Self.unmarked else { return }
      marks[position] = mark
    case .object(let id):
      guard outside[id] == nil else { return }
      outside[id] = mark
    }
    stack.append(node)
  }

  /// One record per marked commit.
  func records() -> [ReleaseIndex.Record] {
    var records: [ReleaseIndex.Record] = []
    for (position, mark) in marks.enumerated() where mark != Self.unmarked {
      records.append(graph.withRawID(at: position) { ReleaseIndex.Record(raw: $0, mark: mark) })
    }
    for (id, mark) in outside { records.append(ReleaseIndex.Record(id.raw, mark: mark)) }
    return records
  }
}
