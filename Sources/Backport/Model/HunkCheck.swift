/// Where one hunk of the patch lands in a line's file.
///
/// ```
/// mm/memory.c hunk 1: fuzz 2 at line 4684
/// mm/memory.c hunk 1: conflict, closest at line 4101 (5 of 9 lines), differs: …
/// ```
public struct HunkCheck: Sendable, Codable, Hashable {
  /// How the hunk landed.
  public enum Status: String, Sendable, Codable, CaseIterable {
    case clean, offset, fuzz, conflict
    /// The file the hunk changes is not in the line.
    case missingFile = "missing-file"
  }

  /// One pre-image line the file reads differently at the closest place.
  public struct Difference: Sendable, Codable, Hashable {
    /// 1-based line of the file.
    public let line: Int
    /// What the patch expects there.
    public let expected: String
    /// What the file has (`nil` past its end).
    public let actual: String?

    enum CodingKeys: String, CodingKey { case line, expected, actual }

    public func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(line, forKey: .line)
      try container.encode(expected, forKey: .expected)
      try container.encode(actual, forKey: .actual)
    }
  }

  /// 1-based number of the patch in its series (1 for a single patch).
  public internal(set) var patch = 1
  public let file: String
  /// 1-based number of the hunk within its file.
  public let hunk: Int
  public let status: Status
  /// Lines away from the header's line (0 when clean).
  public let offset: Int
  /// Context lines ignored at each end.
  public let fuzz: Int
  /// 1-based line of the file where the hunk landed, or for a conflict the closest place.
  public let line: Int?
  /// For a conflict: the best place's matching lines out of the hunk's pre-image lines.
  public let closest: String?
  /// For a conflict: the pre-image lines that differ there.
  public let differing: [Difference]

  init(
    file: String, hunk: Int, status: Status, offset: Int, fuzz: Int, line: Int?,
    closest: String?, differing: [Difference]
  ) {
    self.file = file
    self.hunk = hunk
    self.status = status
    self.offset = offset
    self.fuzz = fuzz
    self.line = line
    self.closest = closest
    self.differing = differing
  }

  enum CodingKeys: String, CodingKey {
    case patch, file, hunk, status, offset, fuzz, line, closest, differing
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(patch, forKey: .patch)
    try container.encode(file, forKey: .file)
    try container.encode(hunk, forKey: .hunk)
    try container.encode(status, forKey: .status)
    try container.encode(offset, forKey: .offset)
    try container.encode(fuzz, forKey: .fuzz)
    try container.encode(line, forKey: .line)
    try container.encode(closest, forKey: .closest)
    try container.encode(differing, forKey: .differing)
  }
}
