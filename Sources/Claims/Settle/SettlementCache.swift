import Foundation
import KernelTree

/// Settlements that cost seconds on a whole kernel tree (the stable range: the backport
/// check of every stable line), kept in the cache folder under a key of everything they
/// read — the patch, its trailers, the tips of the stable lines and the base, the build —
/// so that the same thread checked again answers at once. A file that cannot be read is
/// settled again.
///
/// ```swift
/// let cache = SettlementCache(repository, parts: [patch.text, trailers, lines])
/// let settled = cache.load() ?? compute()
/// ```
struct SettlementCache {
  let file: URL?

  init(_ repository: KernelRepository, check: String, parts: [String]) {
    var key = CacheKey("settled-\(check)")
    for part in parts { key.add(part) }
    key.add(repository.path)
    key.add(CacheKey.executableIdentity)
    file = repository.cacheDirectory?.appendingPathComponent("\(key.name).json")
  }

  func load() -> Settlement? {
    guard let file, let data = FileManager.default.contents(atPath: file.path) else { return nil }
    return try? JSONDecoder().decode(Settlement.self, from: data)
  }

  func store(_ settled: Settlement) {
    guard let file, let data = try? JSONEncoder().encode(settled) else { return }
    try? FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? data.write(to: file, options: .atomic)
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
