import Foundation
import TestSupport
import Testing

/// Runs `lockstep ARGUMENTS` on a pseudo-terminal (`script`), standard output discarded, and
/// returns what reached the terminal: the progress lines of standard error.
private func onTerminal(term: String, _ arguments: [String]) throws -> String {
  let cache = FileManager.default.temporaryDirectory
    .appendingPathComponent("lockstep-tty-cache-\(getpid())-\(term)")
  defer { try? FileManager.default.removeItem(at: cache) }
  let quoted = ([Paths.lockstep] + arguments).map { "'\($0)'" }.joined(separator: " ")
  return try run(
    ["script", "-qec", "\(quoted) >/dev/null", "/dev/null"],
    environment: ["TERM": term, "LOCKSTEP_CACHE_DIR": cache.path])
}

@Test func progressRedrawsItsLineOnATerminalButNotWhenTERMIsDumb() throws {
  let question = [
    "tree", "contains", "mm: Fix a hmm_range_fault() livelock / starvation problem",
    "--tree", Paths.fixtureTree.path,
  ]
  // The same scan shows progress on a terminal that can redraw a line…
  #expect(try onTerminal(term: "xterm", question).contains("\r\u{1B}[K"))
  // …and none on a dumb one, which would print the escapes as they are.
  #expect(!(try onTerminal(term: "dumb", question)).contains("\u{1B}"))
}
