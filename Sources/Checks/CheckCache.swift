import Foundation
import KernelTree

/// The report of a mail already checked at the same base by the same build: b4 runs its
/// checks again each time a reviewer opens the series, and the answer only depends on the
/// mail's bytes, the base commit (the tree's content), how the base was chosen and the
/// `lockstep` executable (its tables are built in). Kept in the repository's cache folder
/// (never in the repository), one JSON file per key; a file that cannot be read is checked
/// again, and a report that says the input could not be read is never kept.
///
/// ```swift
/// let cache = CheckCache(mail: bytes, base: id, origin: "from --base", in: repository)
/// if let report = cache.load() { return report }
/// ```
struct CheckCache {
  let file: URL?

  init(mail: [UInt8], base: ObjectID, origin: String, in repository: KernelRepository) {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func add<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
      for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
      }
      hash ^= 0xff
      hash = hash &* 0x100_0000_01b3
    }
    add(mail)
    add(base.hex.utf8)
    add(origin.utf8)
    add(repository.path.utf8)
    add(Self.executableIdentity.utf8)
    file = repository.cacheDirectory?.appendingPathComponent(
      "b4check-\(String(hash, radix: 16))-\(mail.count).json")
  }

  /// The executable's path, size and modification time: a new build answers afresh.
  static let executableIdentity: String = {
    let path =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments.first ?? ""
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
    let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    return "\(path) \(size) \(modified)"
  }()

  func load() -> CheckReport? {
    guard let file, let data = FileManager.default.contents(atPath: file.path) else { return nil }
    return try? JSONDecoder().decode(CheckReport.self, from: data)
  }

  func store(_ report: CheckReport) {
    guard let file, report.exitStatus != 65, report.exitStatus != 74,
      let data = try? JSONEncoder().encode(report)
    else { return }
    try? FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? data.write(to: file, options: .atomic)
  }
}
