/// A path that left the function (or the fragment).
struct ExitState: Sendable {
  var state: PathState
  var kind: ExitKind
  var value: String?
  var line: Int
  var retries: Bool
  /// Which segment of a fragment the path ran in (paths of different segments never meet).
  var segment: Int
}
