/// Reading an input failed before any mail could be looked at.
///
/// ```
/// t.mbox.gz: gzip data is corrupt: invalid stored block lengths
/// ```
public struct MailReadError: Error, Sendable, CustomStringConvertible {
  public let path: String
  public let reason: String

  public var description: String { "\(path): \(reason)" }
}
