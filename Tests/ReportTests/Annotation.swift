import Foundation
import TestSupport

/// Runs `lockstep annotate` as a user does, on a file of the package and the fixture tree.
struct Annotation {
  let result: CommandResult

  /// `lockstep annotate FILE --tree fixture --base BASE --format FORM` (no tree with nil base).
  init(_ file: String, base: String?, format: String, _ extra: [String] = []) throws {
    var arguments = ["annotate", Paths.packageRoot.appendingPathComponent(file).path]
    if let base { arguments += ["--tree", Paths.fixtureTree.path, "--base", base] }
    arguments += ["--format", format] + extra
    result = try runCapturing(Paths.lockstep, arguments)
  }

  var status: Int32 { result.status }
  var text: String { result.stdout }
}

/// The v3 thread of the hmm_range_fault() livelock fix: twelve real messages with headers.
let livelockThread = "Fixtures/mail/livelock-thread.mbox"
/// Seed 000: the same fix as a damaged, quoted mail without headers.
let seed000 = "Fixtures/seeds/000_28e554185c54152d.txt"
