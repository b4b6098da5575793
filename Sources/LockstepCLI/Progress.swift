import Foundation

/// A progress line on standard error for work that lasts more than a second, shown only on a
/// terminal (`TERM` other than `dumb`): `simulate --patch: 12/40`, rewritten in place and
/// cleared when the work ends. Pipes and scripts see nothing. `LOCKSTEP_PROGRESS_DELAY`
/// (seconds, as git's `GIT_PROGRESS_DELAY`) changes the second: `0` shows it at once.
final class Progress {
  private let label: String
  private let started = ContinuousClock.now
  private let delay: Duration
  private let enabled: Bool
  private var shown = false

  init(label: String) {
    self.label = label
    let environment = ProcessInfo.processInfo.environment
    let term = environment["TERM"] ?? ""
    enabled = isatty(STDERR_FILENO) == 1 && !term.isEmpty && term != "dumb"
    let seconds = environment["LOCKSTEP_PROGRESS_DELAY"].flatMap(Double.init) ?? 1
    delay =
      seconds.isFinite && seconds >= 0
      ? .milliseconds(Int(min(seconds, 86_400) * 1000)) : .seconds(1)
  }

  func update(_ done: Int, of total: Int) {
    update("\(done)/\(total)")
  }

  /// Shows `text` once the work has lasted a second (`simulate: x.scenario: 1,245,184 states`).
  func update(_ text: String) {
    guard enabled, ContinuousClock.now - started >= delay else { return }
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
