import Backport
import Foundation
import MailThread
import PatchDiff

/// Reads what `lockstep backport` checks: the patch of a file, mail or thread (of a series
/// posted in several versions, the newest), with its subject and commit message.
struct BackportInput {
  let path: String

  func read() throws -> BackportRequest {
    let (bytes, name) = try PatchInput.readInput(path, command: "backport")
    let archive = MailArchive.read(bytes: bytes, name: name)
    let older = PatchInput.olderVersions(in: archive)
    var found: [(subject: String, body: String, patch: RecoveredPatch)] = []
    for (index, message) in archive.messages.enumerated() where !older.messages.contains(index) {
      found += PatchFinder.patches(in: message.body).map { (message.subject, message.body, $0) }
    }
    if found.isEmpty {
      let text = String(decoding: bytes, as: UTF8.self)
      found = PatchFinder.patches(in: text).map { ("", text, $0) }
    }
    let usable = found.filter { !$0.patch.patch.files.isEmpty }
    guard let depth = usable.map(\.patch.quoteDepth).min(),
      let first = usable.first(where: { $0.patch.quoteDepth == depth })
    else {
      printError("lockstep: error: \(name): no patch found")
      throw ExitStatus.dataError.exitCode
    }
    return BackportRequest(
      subject: first.subject, message: Self.message(first.body, depth: depth),
      patch: first.patch.patch)
  }

  /// The commit message: the body up to the diff, with `depth` quote levels removed
  /// (lines quoted less deeply are the reply's, and left out).
  static func message(_ body: String, depth: Int) -> String {
    var lines: [String] = []
    for var line in body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      var quoted = true
      for _ in 0..<depth {
        guard line.hasPrefix(">") else {
          quoted = false
          break
        }
        line.removeFirst()
        if line.hasPrefix(" ") { line.removeFirst() }
      }
      guard quoted else { continue }  // a reviewer's words, not the patch's message
      if line == "---" || line.hasPrefix("diff --git ") { break }
      lines.append(line)
    }
    return lines.joined(separator: "\n")
  }
}
