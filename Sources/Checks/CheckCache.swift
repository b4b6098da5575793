import Claims
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
    var key = CacheKey("b4check")
    key.add(mail)
    key.add(base.hex)
    key.add(origin)
    key.add(repository.path)
    key.add(CacheKey.executableIdentity)
    file = repository.cacheDirectory?.appendingPathComponent("\(key.name).json")
  }

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
