import Foundation
import KernelTree

/// Settlements that cost seconds on a whole kernel tree (the stable range: the backport
/// check of every stable line), kept in the cache folder under a key of everything they
/// read — the patch, its trailers, the tips of the stable lines and the base, the build —
/// so that the same thread checked again answers at once. A file that cannot be read is
/// settled again.
///
/// ```swift
/// let cache = SettlementCache.of(repository, check: "stable-range", parts: [patch.text, lines])
/// let settled = cache.load() ?? compute()
/// ```
enum SettlementCache {
  static func of(_ repository: KernelRepository, check: String, parts: [String])
    -> JSONCache<Settlement>
  {
    var key = CacheKey("settled-\(check)")
    for part in parts { key.add(part) }
    key.add(repository.path)
    key.add(CacheKey.executableIdentity)
    return JSONCache(folder: repository.cacheDirectory, key: key)
  }
}

extension Evidence: Decodable {
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      try container.decode(Kind.self, forKey: .kind),
      file: try container.decodeIfPresent(String.self, forKey: .file),
      line: try container.decodeIfPresent(Int.self, forKey: .line),
      try container.decode(String.self, forKey: .detail))
  }
}
