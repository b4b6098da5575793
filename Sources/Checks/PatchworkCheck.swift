import Foundation

/// What a CI job posts to patchwork's checks API for one patch
/// (`POST /api/patches/ID/checks/`, or `pwclient check-create`): a state, the context
/// `lockstep`, a one-line description and the URL of the full report.
///
/// ```json
/// {"context": "lockstep", "description": "1 error: lock-imbalance in do_swap_page()",
///  "state": "fail", "target_url": null}
/// ```
public struct PatchworkCheck: Sendable, Equatable, Encodable {
  /// Patchwork's check states; `pending` is the job's own business before it ran.
  public enum State: String, Sendable, Encodable {
    case success, warning, fail
  }

  /// The context every lockstep check is posted under.
  public static let context = "lockstep"

  public var state: State
  public var context: String
  public var description: String
  public var targetURL: String?

  public init(state: State, description: String, targetURL: String?) {
    self.state = state
    self.context = Self.context
    self.description = description
    self.targetURL = targetURL
  }

  /// pass, warn and fail are success, warning and fail.
  public init(_ status: CheckStatus, description: String, targetURL: String?) {
    let state: State =
      switch status {
      case .pass: .success
      case .warn: .warning
      case .fail: .fail
      }
    self.init(state: state, description: description, targetURL: targetURL)
  }

  private enum CodingKeys: String, CodingKey {
    case state, context, description
    case targetURL = "target_url"
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(state, forKey: .state)
    try container.encode(context, forKey: .context)
    try container.encode(description, forKey: .description)
    // Patchwork takes null for "no report page"; the key is always there.
    try container.encode(targetURL, forKey: .targetURL)
  }

  /// The object as the checks API takes it.
  public var json: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
  }
}
