import Foundation

/// The bytes a command reads (a `.patch`, an `.eml`, an mbox or thread, or standard input),
/// and the name errors give them.
///
/// ```swift
/// let input = try MailInput(path: "thread.mbox")   // or "-" for standard input
/// input.name  // "thread.mbox"
/// ```
public struct MailInput: Sendable {
  public var bytes: [UInt8]
  public var name: String

  public init(bytes: [UInt8], name: String) {
    self.bytes = bytes
    self.name = name
  }

  /// Reads a file, or standard input for `-` (named `<stdin>`).
  public init(path: String) throws(ReviewError) {
    if path == "-" {
      self.init(bytes: Array(FileHandle.standardInput.readDataToEndOfFile()), name: "<stdin>")
      return
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .unreadable(path: path, what: "the file")
    }
    self.init(bytes: Array(data), name: path)
  }
}
