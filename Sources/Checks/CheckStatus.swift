import LockAnalysis

/// How a check came out, in the three words b4's check protocol knows.
///
/// Ordered: the status of a patch is the worst of its findings'.
///
/// ```swift
/// CheckStatus(Finding.Severity.warning)        // .warn
/// [CheckStatus.pass, .fail, .warn].max()        // .fail
/// ```
public enum CheckStatus: String, Sendable, Codable, Comparable, CaseIterable {
  case pass, warn, fail

  /// An error finding fails the patch, a warning (`analysis-incomplete` too) warns, an
  /// info finding passes it.
  public init(_ severity: Finding.Severity) {
    switch severity {
    case .error: self = .fail
    case .warning: self = .warn
    case .info: self = .pass
    }
  }

  public static func < (lhs: CheckStatus, rhs: CheckStatus) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}
