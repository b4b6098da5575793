/// Why a diff could not be read, with the input line it concerns.
///
/// Prints as one line: `line 12: unsafe path "../etc/passwd" in diff header`.
public struct PatchError: Error, Sendable, Hashable, CustomStringConvertible {
  public enum Reason: Sendable, Hashable {
    /// A path that climbs out of the tree (`..`) or is absolute.
    case unsafePath(String)
    /// A `@@` line that is not a hunk header, or has counts no diff can have.
    case badHunkHeader(String)
    /// A hunk whose lines do not match its header's counts.
    case countMismatch(expectedOld: Int, expectedNew: Int, foundOld: Int, foundNew: Int)
    /// A hunk line or `+++` line where the diff does not allow one.
    case unexpectedLine(String)
    /// No `diff --git`, `---`/`+++` or `@@` was found at all.
    case noDiff
  }

  /// 1-based line in the input.
  public var line: Int
  /// The file the error concerns, when known.
  public var file: String?
  public var reason: Reason

  public init(line: Int, file: String? = nil, reason: Reason) {
    self.line = line
    self.file = file
    self.reason = reason
  }

  public var description: String {
    let place = file.map { "\($0): " } ?? ""
    return "line \(line): \(place)\(message)"
  }

  private var message: String {
    switch reason {
    case .unsafePath(let path): "unsafe path \"\(Self.clip(path))\" in diff header"
    case .badHunkHeader(let text): "bad hunk header \"\(Self.clip(text))\""
    case .countMismatch(let eo, let en, let fo, let fn):
      "hunk expects \(eo) old and \(en) new lines but has \(fo) and \(fn)"
    case .unexpectedLine(let text): "unexpected line \"\(Self.clip(text))\""
    case .noDiff: "no diff found"
    }
  }

  /// Keeps messages one short line even for hostile input.
  static func clip(_ text: String) -> String {
    let limit = 80
    var out = ""
    for (index, char) in text.enumerated() {
      if index == limit { return out + "…" }
      out.append(char.isNewline ? " " : char)
    }
    return out
  }
}
