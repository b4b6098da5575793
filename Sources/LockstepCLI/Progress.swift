import Foundation

/// A progress line on standard error for work that lasts more than a second, shown only on a
/// terminal (`TERM` other than `dumb`): `simulate --patch: 12/40`, rewritten in place and
/// cleared when the work ends. Pipes and scripts see nothing.
final class Progress {
  private let label: String
  private let started = ContinuousClock.now
  private let enabled: Bool
  private var shown = false

  init(label: String) {
    self.label = label
    let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
    enabled = isatty(STDERR_FILENO) == 1 && !term.isEmpty && term != "dumb"
  }

  func update(_ done: Int, of total: Int) {
    update("\(done)/\(total)")
  }

  /// Shows `text` once the work has lasted a second (`simulate: x.scenario: 1,245,184 states`).
  func update(_ text: String) {
    guard enabled, ContinuousClock.now - started > .seconds(1) else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K\(label): \(text)".utf8))
    shown = true
  }

  /// Shows what the work is doing now (`annotate: checking the stable lines`).
  func say(_ text: String) {
    guard enabled else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K\(label): \(text)".utf8))
    shown = true
  }

  func finish() {
    if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    shown = false
  }
}
