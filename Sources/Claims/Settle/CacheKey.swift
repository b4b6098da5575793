import Foundation

/// The name of a cached answer: FNV-1a (64 bits) over the parts of the question, each part
/// ended by a separator byte, so `["ab", "c"]` and `["a", "bc"]` differ. A cache only saves
/// time: a collision would need two questions with the same hash and the same byte count.
///
/// ```swift
/// var key = CacheKey("definitions")
/// key.add("mm/")
/// key.name   // "definitions-3a5f…"
/// ```
public struct CacheKey: Sendable {
  private var hash: UInt64 = 0xcbf2_9ce4_8422_2325
  private var count = 0
  private let prefix: String

  public init(_ prefix: String) { self.prefix = prefix }

  public mutating func add<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
    for byte in bytes {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
      count += 1
    }
    hash ^= 0xff
    hash = hash &* 0x100_0000_01b3
  }

  public mutating func add(_ text: String) { add(text.utf8) }

  /// `prefix-HASH-BYTES`, a file name.
  public var name: String { "\(prefix)-\(String(hash, radix: 16))-\(count)" }

  /// The executable's path, size and modification time: a new build answers afresh (its
  /// tables are built in).
  public static let executableIdentity: String = {
    let path =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments.first ?? ""
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
    let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    return "\(path) \(size) \(modified)"
  }()
}
