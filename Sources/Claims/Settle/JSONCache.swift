import Foundation

/// One cached answer as a JSON file named by its ``CacheKey`` in a cache folder (never the
/// repository). A file that cannot be read or decoded is a miss; a value that cannot be
/// written is not kept — a cache only saves time.
///
/// ```swift
/// let cache = JSONCache<Settlement>(folder: repository.cacheDirectory, key: key)
/// let settled = cache.load() ?? compute()
/// ```
public struct JSONCache<Value: Codable> {
  public let file: URL?

  public init(folder: URL?, key: CacheKey) {
    file = folder?.appendingPathComponent("\(key.name).json")
  }

  public func load() -> Value? {
    guard let file, let data = FileManager.default.contents(atPath: file.path) else { return nil }
    return try? JSONDecoder().decode(Value.self, from: data)
  }

  /// Writes through a temporary file and a rename: a reader never sees half a file.
  public func store(_ value: Value) {
    guard let file, let data = try? JSONEncoder().encode(value) else { return }
    try? FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? data.write(to: file, options: .atomic)
  }
}
