import ArgumentParser
import Foundation
import KernelTree
import Review

/// Left-aligned columns for terminal tables; the first row is the header.
struct TextTable {
  let rows: [[String]]

  init(_ rows: [[String]]) { self.rows = rows }

  var rendered: String {
    let columns = rows.map(\.count).max() ?? 0
    let widths = (0..<columns).map { column in
      rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
    }
    return rows.map { row in
      row.enumerated().map { column, cell in
        column == row.count - 1
          ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
      }.joined(separator: "  ")
    }.joined(separator: "\n")
  }
}

/// Standard output written in pieces of about a megabyte: a long report (the thread of a
/// 300 MB mbox prints 100 MB) is never one string in memory.
struct ChunkedWriter {
  private var buffer = ""

  static func += (writer: inout ChunkedWriter, text: String) {
    writer.buffer += text
    if writer.buffer.utf8.count >= 1 << 20 { writer.flush() }
  }

  mutating func flush() {
    FileHandle.standardOutput.write(Data(buffer.utf8))
    buffer = ""
  }
}

/// Type-erases an `Encodable` so one answer or a list of them prints the same way.
struct AnyEncodable: Encodable {
  private let encodeValue: (Encoder) throws -> Void
  init<T: Encodable>(_ value: T) { encodeValue = value.encode }
  func encode(to encoder: Encoder) throws { try encodeValue(encoder) }
}

/// Prints one line on standard error: the form of every error and note the commands print.
func printError(_ line: String) {
  FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Prints a value as pretty JSON with sorted keys, the documented `--json` form.
func printJSON<T: Encodable>(_ value: T) throws {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Opens `--tree DIR` (a repository, or a folder inside one, as git takes it), or discovers
/// the repository around the current folder. On a terminal, long work reports progress on
/// standard error.
func openTree(_ options: CommonOptions, cache: Bool) throws -> KernelRepository {
  let tree = try runReporting { () throws(KernelTreeError) in
    try KernelRepository.open(options.tree, cache: cache)
  }
  if showsProgress {
    tree.progress = { FileHandle.standardError.write(Data("\r\u{1B}[K\($0)".utf8)) }
  }
  OpenTrees.shared.keep(tree)
  return tree
}

/// The repositories a command opened, kept until the process exits: after a walk over a
/// large history libgit2's caches hold a hundred thousand objects, and freeing them one by
/// one cost a tenth of a cold `lockstep backport`; the operating system takes them back at
/// once.
final class OpenTrees: @unchecked Sendable {
  static let shared = OpenTrees()
  private var trees: [KernelRepository] = []
  private let lock = NSLock()

  func keep(_ tree: KernelRepository) { lock.withLock { trees.append(tree) } }
}

/// With `--verbose`, names each tag the answer left out because it names no commit.
func reportSkipped(_ tree: KernelRepository, verbose: Bool) {
  guard verbose else { return }
  for skipped in tree.skippedTags { printError("lockstep: note: \(skipped)") }
}

/// Whether progress lines go to standard error: a terminal that can redraw a line (not a
/// pipe, a file, or `TERM=dumb`, which shows `\r\e[K` as it is).
var showsProgress: Bool {
  isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
}

/// Clears a progress line left on the terminal.
func clearProgress() {
  if showsProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
}

/// Runs a tree question; a failure prints one line naming what failed and exits with
/// the documented status (74 for an unreadable path, 65 for bad repository data).
func runReporting<T>(_ body: () throws(KernelTreeError) -> T) throws -> T {
  do {
    return try body()
  } catch {
    printError("lockstep: error: \(error)")
    throw (error.isIOError ? ExitStatus.ioError : ExitStatus.dataError).exitCode
  }
}

/// Runs a step of the review pipeline; a failure prints one line naming what and where and
/// exits with the documented status (74 for what could not be read, 65 for bad data).
func runReviewing<T>(_ body: () throws(ReviewError) -> T) throws -> T {
  do {
    return try body()
  } catch {
    printError("lockstep: error: \(error)")
    throw (error.isIOError ? ExitStatus.ioError : ExitStatus.dataError).exitCode
  }
}
