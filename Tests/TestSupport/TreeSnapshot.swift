import Foundation

/// A fingerprint of every file in a repository folder (`.git` included): path, mode
/// and bytes. Two equal snapshots mean nothing was written in between.
public struct TreeSnapshot: Equatable {
  public let files: [String: Int]

  public init(_ root: URL) throws {
    var files: [String: Int] = [:]
    let keys: [URLResourceKey] = [.isRegularFileKey, .isSymbolicLinkKey]
    guard
      let walker = FileManager.default.enumerator(
        at: root, includingPropertiesForKeys: keys, options: [])
    else { throw CocoaError(.fileReadUnknown) }
    for case let url as URL in walker {
      let values = try url.resourceValues(forKeys: Set(keys))
      let relative = String(url.path.dropFirst(root.path.count))
      if values.isSymbolicLink == true {
        files[relative] = try FileManager.default.destinationOfSymbolicLink(atPath: url.path)
          .hashValue
      } else if values.isRegularFile == true {
        var hasher = Hasher()
        hasher.combine(try Data(contentsOf: url))
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        hasher.combine((attributes[.posixPermissions] as? Int) ?? 0)
        files[relative] = hasher.finalize()
      } else {
        files[relative + "/"] = 0
      }
    }
    self.files = files
  }
}
