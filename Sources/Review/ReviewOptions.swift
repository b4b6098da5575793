/// What a review reads besides its input: the kernel tree and revision, extra primitive
/// tables, and whether every version of a series is analyzed.
///
/// ```swift
/// ReviewOptions(tree: "linux", base: "v6.12", primitives: ["mine.txt"])
/// ```
public struct ReviewOptions: Sendable {
  /// A git repository (or a folder inside one) or a plain source directory.
  public var tree: String?
  /// Without `tree`: the folder around which to look for the kernel's git repository, as
  /// git does (the CLI passes the current folder); nil, or no kernel repository there,
  /// reads only what the hunks show.
  public var searchFrom: String?
  /// The revision of a git `tree` the patches apply to (default `HEAD`).
  public var base: String?
  /// Primitive tables added to the built-in one.
  public var primitives: [String]
  /// Analyze every version of a series the mail posts, not only the newest.
  public var allVersions: Bool
  /// Whether the analyses keep each function's paths (`--paths`, JSON, the simulator and
  /// claims need them; a text report does not, and a patch of many functions is then
  /// analyzed in less memory).
  public var keepsPaths: Bool
  /// Whether a review keeps the mail's bodies and quoted lines once its patches are taken
  /// out (claims, reports and mail checks read them; `lockstep analyze` does not, and a
  /// diff of 200,000 hunks then holds neither its text nor its 600,000 quoted lines).
  public var keepsMailText: Bool

  public init(
    tree: String? = nil, searchFrom: String? = nil, base: String? = nil,
    primitives: [String] = [], allVersions: Bool = false, keepsPaths: Bool = true,
    keepsMailText: Bool = true
  ) {
    self.tree = tree
    self.searchFrom = searchFrom
    self.base = base
    self.primitives = primitives
    self.allVersions = allVersions
    self.keepsPaths = keepsPaths
    self.keepsMailText = keepsMailText
  }
}
