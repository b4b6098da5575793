import CSyntax

/// A bound of the walk that, once reached, leaves some paths unwalked.
enum Bound: Hashable, Sendable {
  /// More distinct lock/reference/map states at one point than ``PathWalker/propertyLimit``.
  case paths(Int)
  /// A loop or a backward `goto` still finding new states after this many rounds.
  case loopRounds(Int)
  /// More work in one function than ``PathWalker/workLimit`` (``PathWalker/spend(_:line:)``).
  case work(Int)
  /// A `goto` to a label the reader did not place (inside a nested block).
  case unplacedLabel(String)
  /// Code the reader left unread at one of its ``ReadingLimit``s.
  case unread(ReadingLimit)

  /// In a reviewer's words: `more than 512 distinct lock states at one point`.
  var summary: String {
    switch self {
    case .paths(let limit):
      return "more than \(limit) distinct lock/reference/map states at one point"
    case .loopRounds(let limit): return "a loop still finding new lock states after \(limit) rounds"
    case .work(let limit):
      return "more than \(limit) steps of work (paths times what they hold) in one function"
    case .unplacedLabel(let label):
      return "a goto to label '\(label)' that the reader could not place"
    case .unread(let limit): return limit.summary
    }
  }
}

/// One bound reached, and the line of the statement where.
struct Incompleteness: Equatable, Sendable {
  var bound: Bound
  var line: Int
}
