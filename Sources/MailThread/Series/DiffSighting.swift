/// A diff seen in a message, as the series builder needs it: how deeply it is quoted and its
/// patch-id. MailThread does not parse diffs; the reader that does (PatchDiff's `PatchFinder`)
/// hands these in, so a maintainer's notice can be matched to the version it copies.
///
/// ```swift
/// let review = try ThreadReview.stream(path: "t.mbox") { message, _ in
///   PatchFinder.patches(in: message.body).map {
///     DiffSighting(quoteDepth: $0.quoteDepth, patchID: $0.patch.patchID)
///   }
/// }
/// ```
public struct DiffSighting: Sendable, Hashable {
  public let quoteDepth: Int
  /// The same for the same change wherever it was posted (line numbers and whitespace aside).
  public let patchID: String

  public init(quoteDepth: Int, patchID: String) {
    self.quoteDepth = quoteDepth
    self.patchID = patchID
  }
}

/// What a diff found in a message is, from the message's place in its series:
/// the patch as posted, a reviewer's proposal, a quoted copy, or a notice's copy.
///
/// ```swift
/// if case .posted(let series, let version) = review.role(ofDiffIn: 3, quoteDepth: 0) { … }
/// ```
public enum DiffRole: Sendable, Equatable {
  /// The patch as its author posted it: version `version` of series `series`
  /// (a stable-line version too, `6.18.y`).
  case posted(series: Int, version: String)
  /// A diff a reviewer wrote in a reply (not quoted): a proposal, not a version.
  case proposal(series: Int, version: String)
  /// A quoted copy of the version the reply answers.
  case quoted(series: Int, version: String)
  /// The copy a maintainer's notice carries; `copyOf` is the version with the same
  /// patch-id, nil when no posted version has it.
  case noticeCopy(series: Int, copyOf: String?)
  /// A diff in a message with no patch subject (a fragment, a dump).
  case unplaced
}

/// What a message is to the series builder.
enum MessageRole: Sendable, Equatable {
  case posting(series: Int, version: String)
  case reply(series: Int, version: String)
  case notice(series: Int, event: Int)
  case other
}

extension ThreadReview {
  /// What the diff quoted `quoteDepth` deep in message `message` is.
  ///
  /// - Complexity: O(1).
  public func role(ofDiffIn message: Int, quoteDepth: Int) -> DiffRole {
    guard message < roles.count else { return .unplaced }
    switch roles[message] {
    case .posting(let series, let version):
      return quoteDepth == 0 ? .posted(series: series, version: version) : .unplaced
    case .reply(let series, let version):
      return quoteDepth == 0
        ? .proposal(series: series, version: version) : .quoted(series: series, version: version)
    case .notice(let series, let event):
      return .noticeCopy(series: series, copyOf: self.series[series].events[event].copyOf)
    case .other:
      return .unplaced
    }
  }
}
