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
/// let cache = CheckCache.of(mail: bytes, base: id, origin: "from --base", in: repository)
/// if let report = cache.load() { return report }
/// ```
enum CheckCache {
  static func of(mail: [UInt8], base: ObjectID, origin: String, in repository: KernelRepository)
    -> JSONCache<CheckReport>
  {
    var key = CacheKey("b4check")
    key.add(mail)
    key.add(base.hex)
    key.add(origin)
    key.add(repository.path)
    key.add(CacheKey.executableIdentity)
    return JSONCache(folder: repository.cacheDirectory, key: key)
  }
}
