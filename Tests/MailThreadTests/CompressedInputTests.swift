import Foundation
import TestSupport
import Testing

@testable import MailThread

/// A `.mbox.gz` that is damaged in the middle, or that expands far beyond what mail does:
/// the messages before the damage are kept, the problem says where reading stopped, and
/// `lockstep thread` prints what it read and exits 65.
@Suite struct CompressedInputTests {
  /// A folder with `name` gzip-compressed from `text`.
  static func gzipped(_ text: String, name: String) throws -> (
    folder: TemporaryFolder, path: String
  ) {
    let folder = try TemporaryFolder("lockstep-gzip")
    let plain = try folder.write(name, text)
    try run(["gzip", "-n", plain.path])
    return (folder, plain.path + ".gz")
  }

  /// Inflates `bytes`: how many bytes came out, and why it stopped if it did.
  static func inflate(_ bytes: [UInt8], _ stream: GzipStream) -> (
    inflated: Int, failure: String?
  ) {
    var inflated = 0
    do {
      try bytes.withUnsafeBufferPointer { buffer throws(GzipStream.Failure) in
        try stream.inflate(buffer) { inflated += $0.count }
      }
    } catch {
      return (inflated, error.description)
    }
    return (inflated, nil)
  }

  static func mbox(messages: Int) -> String {
    (0..<messages).map { number in
      "From a@example.org Mon Feb  2 11:33:10 2026\nFrom: A <a@example.org>\n"
        + "Subject: message \(number)\nMessage-ID: <m\(number)@example.org>\n\n"
        + (0..<40).map {
          "line \($0) of message \(number), with words that differ \($0 * number)\n"
        }
        .joined() + "\n"
    }.joined()
  }

  @Test func aDamagedStreamKeepsWhatCameBeforeAndIsExit65() throws {
    let (folder, path) = try Self.gzipped(Self.mbox(messages: 400), name: "t.mbox")
    defer { withExtendedLifetime(folder) {} }
    var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    for index in (bytes.count / 2)..<(bytes.count / 2 + 64) { bytes[index] ^= 0x55 }
    try bytes.write(to: URL(fileURLWithPath: path))

    let archive = try MailArchive.read(path: path)
    #expect(archive.messages.count > 10 && archive.messages.count < 400)
    let stop = try #require(archive.problems.first { $0.stopsReading })
    #expect(stop.message.hasPrefix("gzip data is corrupt"))
    #expect(!archive.problems.contains { $0.message.contains("ends early") })

    let result = try runCapturing(Paths.lockstep, ["thread", path])
    #expect(result.status == 65)
    #expect(result.stdout.contains("message 0"))
    #expect(result.stderr.hasPrefix("lockstep: error: \(path): gzip data is corrupt"))
  }

  /// A gzip bomb: 4 MB of one repeated line inflate from a few KB; with the ratio checked
  /// past 1 MB here (64 MiB in use), reading stops there with the reason.
  @Test func aCompressedInputThatExpandsLikeABombIsRefused() throws {
    let line = String(repeating: "x", count: 79) + "\n"
    let text = Self.mbox(messages: 1) + String(repeating: line, count: 50_000)
    let (folder, path) = try Self.gzipped(text, name: "bomb.mbox")
    defer { withExtendedLifetime(folder) {} }
    let compressed = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    let bomb = Self.inflate(compressed, try GzipStream(expansionFloor: 1 << 20))
    #expect(bomb.failure?.hasPrefix("compressed data expands more than 150 times") == true)
    #expect(bomb.inflated < 2 << 20, "stopped soon after the floor")
    // The same data under the real floor is read whole: mail of this size is not refused.
    let (all, failure) = Self.inflate(compressed, try GzipStream())
    #expect(failure == nil)
    #expect(all == text.utf8.count)
  }
}
