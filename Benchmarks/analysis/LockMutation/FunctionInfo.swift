/// A function of the mutated files, for the report: its size and whether it takes the PTL or
/// the folio lock (the issue asks for 100% recall in the 30 largest of those).
public struct FunctionInfo: Sendable, Codable, Hashable {
  public var file: String
  public var name: String
  public var lines: Int
  public var takesPTLOrFolioLock: Bool

  /// `mm/memory.c:do_swap_page`.
  public var key: String { "\(file):\(name)" }
}
