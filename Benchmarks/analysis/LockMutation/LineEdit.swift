/// A change to a file's lines: `count` lines from line `start` (1-based) replaced by `lines`;
/// `count == 0` inserts before `start`.
public struct LineEdit: Sendable, Codable, Equatable {
  public var start: Int
  public var count: Int
  public var lines: [String]

  public init(start: Int, count: Int, lines: [String]) {
    self.start = start
    self.count = count
    self.lines = lines
  }

  /// Inserts `lines` after line `line`.
  public static func insert(after line: Int, _ lines: [String]) -> LineEdit {
    LineEdit(start: line + 1, count: 0, lines: lines)
  }
}
