import MailThread
import PatchDiff

/// A patch found in a message while the input streamed, with the mail `git am` would take
/// for it (only with `--patches-out`).
public struct FoundPatch: Sendable {
  public var message: Int
  public var patch: RecoveredPatch
  /// The patch-id of the diff as found (before its hunk lines were let go).
  public var patchID: String
  public var mail: PatchMail?

  public init(message: Int, patch: RecoveredPatch, patchID: String, mail: PatchMail? = nil) {
    self.message = message
    self.patch = patch
    self.patchID = patchID
    self.mail = mail
  }
}

/// The patches of a thread as a reviewer reads them: one entry per patch as posted, its
/// quoted copies and the reviewers' comments in them collapsed into it, reviewers'
/// proposals and notices' copies apart.
///
/// ```swift
/// let entries = ThreadPatches(review: review, found: found).entries
/// entries.filter { $0.kind == .posted }.map(\.version)  // ["v1", "v2", "v3"]
/// ```
public struct ThreadPatches: Sendable {
  public enum Kind: String, Sendable {
    case posted, proposal, quoted
    case noticeCopy = "notice-copy"
    case unplaced
  }

  public struct Entry: Sendable {
    public var kind: Kind
    public var series: Int?
    public var version: String?
    /// The found patch shown for the entry (the posting, or the first copy).
    public var shown: Int
    /// Further found patches collapsed into it (quoted copies).
    public var copies: [Int] = []
    /// For a notice's copy: the version it carries, by patch-id.
    public var copyOf: String?
  }

  public let entries: [Entry]

  /// - Complexity: O(p) dictionary work for p found patches.
  public init(review: ThreadReview, found: [FoundPatch]) {
    var entries: [Entry] = []
    var byKey: [String: Int] = [:]
    // Postings first, so that quoted copies find the version they quote.
    let posted = found.indices.filter { Self.isPosted(review, found[$0]) }
    let order = posted + found.indices.filter { !Self.isPosted(review, found[$0]) }
    for index in order {
      let item = found[index]
      let title = SubjectLine(review.archive.messages[item.message].subject).title
      switch review.role(ofDiffIn: item.message, quoteDepth: item.patch.quoteDepth) {
      case .posted(let series, let version):
        byKey["\(series) \(version) \(title)"] = entries.count
        entries.append(Entry(kind: .posted, series: series, version: version, shown: index))
      case .quoted(let series, let version):
        let key = "\(series) \(version) \(title)"
        if let slot = byKey[key] {
          entries[slot].copies.append(index)
        } else {
          byKey[key] = entries.count
          entries.append(Entry(kind: .quoted, series: series, version: version, shown: index))
        }
      case .proposal(let series, let version):
        entries.append(Entry(kind: .proposal, series: series, version: version, shown: index))
      case .noticeCopy(let series, let copyOf):
        entries.append(
          Entry(kind: .noticeCopy, series: series, version: nil, shown: index, copyOf: copyOf))
      case .unplaced:
        entries.append(Entry(kind: .unplaced, shown: index))
      }
    }
    self.entries = entries.sorted { $0.shown < $1.shown }
  }

  private static func isPosted(_ review: ThreadReview, _ item: FoundPatch) -> Bool {
    if case .posted = review.role(ofDiffIn: item.message, quoteDepth: item.patch.quoteDepth) {
      return true
    }
    return false
  }

  /// The found patch that posted `patch` of a version, if the input has it.
  public func posted(_ patch: PatchSeries.Patch, found: [FoundPatch]) -> RecoveredPatch? {
    guard let message = patch.message else { return nil }
    return entries.first { $0.kind == .posted && found[$0.shown].message == message }
      .map { found[$0.shown].patch }
  }
}
