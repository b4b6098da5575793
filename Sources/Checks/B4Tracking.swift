import Foundation

/// What a check needs of b4's tracking data: where the series under review was applied.
///
/// b4 0.16 writes it, for a series with a review branch, to a temporary file named by
/// `B4_TRACKING_FILE` (the JSON of the branch's tracking commit, `b4/review/_review.py`
/// `create_review_branch`): `series.base-commit` (the base the series was applied to),
/// `series.first-patch-commit` (the first patch's commit, after any prerequisites),
/// `series.change-id` (the branch is `b4/review/<change-id>`, one commit per patch and the
/// tracking commit at its tip) and `patches[].link` (the link to each patch's mail,
/// `https://lore.kernel.org/r/<message-id>`). Every other key is left alone.
///
/// ```swift
/// let tracking = try B4Tracking(json: data, file: path)
/// let position = tracking.position(messageID: "<2@x>", number: 2)     // 2
/// tracking.baseCandidates(position: position).first?.revision         // "b4/review/x~2"
/// ```
public struct B4Tracking: Sendable, Equatable {
  public var baseCommit: String?
  public var firstPatchCommit: String?
  public var changeID: String?
  /// Each patch's link, in series order (patch 1 first); empty strings where b4 had none.
  public var patchLinks: [String]

  public init(
    baseCommit: String?, firstPatchCommit: String?, changeID: String?, patchLinks: [String]
  ) {
    self.baseCommit = baseCommit
    self.firstPatchCommit = firstPatchCommit
    self.changeID = changeID
    self.patchLinks = patchLinks
  }

  /// Reads the file's JSON; the error names the file and what is wrong.
  public init(json data: Data, file: String) throws(B4TrackingError) {
    let decoded: TrackingFile
    do {
      decoded = try JSONDecoder().decode(TrackingFile.self, from: data)
    } catch {
      throw B4TrackingError(file: file, reason: "not b4 tracking JSON: \(Self.reason(error))")
    }
    guard let series = decoded.series else {
      throw B4TrackingError(file: file, reason: "no \"series\" object")
    }
    self.init(
      baseCommit: series.baseCommit.nonEmpty, firstPatchCommit: series.firstPatchCommit.nonEmpty,
      changeID: series.changeID.nonEmpty, patchLinks: (decoded.patches ?? []).map { $0.link ?? "" })
  }

  /// The file `B4_TRACKING_FILE` names, read; nil when the variable is unset or empty (b4
  /// sets it only for a series with a review branch).
  public static func fromEnvironment(_ environment: [String: String])
    -> Result<B4Tracking, B4TrackingError>?
  {
    guard let path = environment["B4_TRACKING_FILE"], !path.isEmpty else { return nil }
    guard let data = FileManager.default.contents(atPath: path) else {
      return .failure(B4TrackingError(file: path, reason: "cannot read the file"))
    }
    do throws(B4TrackingError) {
      return .success(try B4Tracking(json: data, file: path))
    } catch {
      return .failure(error)
    }
  }

  /// Which patch of the series (1-based) the message is: the one whose link names its
  /// Message-ID, else the `N` of its `[PATCH N/M]`; nil when neither tells.
  public func position(messageID: String?, number: Int?) -> Int? {
    if let id = messageID?.trimmingCharacters(in: CharacterSet(charactersIn: "<> ")), !id.isEmpty,
      let index = patchLinks.firstIndex(where: { $0.hasSuffix("/" + id) || $0 == id })
    {
      return index + 1
    }
    if let number, number >= 1 { return number }
    return nil
  }

  /// The revisions to analyze the patch at `position` against, best first; the first that
  /// resolves (and passes its check) is the base.
  ///
  /// 1. On the review branch, the commit before the patch's own (patch k of n is
  ///    `b4/review/<change-id>~(n-k+1)`, so its base is `~(n-k+2)`): the earlier patches
  ///    applied, as the author wrote it. Checked: `~n` must be `first-patch-commit`.
  /// 2. The parent of `first-patch-commit`: the base with the prerequisites applied.
  /// 3. `base-commit`.
  public func baseCandidates(position: Int?) -> [BaseCandidate] {
    var candidates: [BaseCandidate] = []
    let count = patchLinks.count
    if let changeID, let first = firstPatchCommit, let position, count >= 1, position <= count {
      let branch = "b4/review/\(changeID)"
      candidates.append(
        BaseCandidate(
          revision: "\(branch)~\(count - position + 2)",
          origin: "B4_TRACKING_FILE: the review branch \(branch), before patch \(position)",
          mustEqual: (revision: "\(branch)~\(count)", commit: first)))
    }
    if let first = firstPatchCommit {
      let which = position.map { $0 > 1 ? " (without patches 1–\($0 - 1) of the series)" : "" }
      candidates.append(
        BaseCandidate(
          revision: "\(first)^",
          origin: "B4_TRACKING_FILE: the parent of first-patch-commit\(which ?? "")"))
    }
    if let base = baseCommit {
      candidates.append(BaseCandidate(revision: base, origin: "B4_TRACKING_FILE: base-commit"))
    }
    return candidates
  }

  private static func reason(_ error: any Error) -> String {
    switch error {
    case DecodingError.dataCorrupted(let context): context.debugDescription
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
      "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: ".")): "
        + context.debugDescription
    default: "\(error)"
    }
  }
}

/// A revision a check may take as its base, and the sentence saying where it came from.
public struct BaseCandidate: Sendable {
  public var revision: String
  public var origin: String
  /// A revision that must resolve to `commit` for this candidate to be taken.
  public var mustEqual: (revision: String, commit: String)?

  public init(
    revision: String, origin: String, mustEqual: (revision: String, commit: String)? = nil
  ) {
    self.revision = revision
    self.origin = origin
    self.mustEqual = mustEqual
  }
}

/// A `B4_TRACKING_FILE` that could not be read as b4's tracking data.
public struct B4TrackingError: Error, Sendable, Equatable, CustomStringConvertible {
  public let file: String
  public let reason: String

  public var description: String { "\(file): \(reason)" }
}

/// The tracking JSON, only the keys a check reads.
private struct TrackingFile: Decodable {
  struct Series: Decodable {
    var baseCommit: String?
    var firstPatchCommit: String?
    var changeID: String?

    enum CodingKeys: String, CodingKey {
      case baseCommit = "base-commit"
      case firstPatchCommit = "first-patch-commit"
      case changeID = "change-id"
    }
  }

  struct PatchEntry: Decodable { var link: String? }

  var series: Series?
  var patches: [PatchEntry]?
}

extension Optional where Wrapped == String {
  fileprivate var nonEmpty: String? {
    guard let self, !self.isEmpty else { return nil }
    return self
  }
}
