import Foundation

/// What a stable line's own commits say about their origin, gathered once per line tip.
///
/// A scan lists the commits a line has beyond the mainline release it started from,
/// with the upstream id each names (`commit <sha> upstream.`), its subject, and — filled
/// in lazily, only when a patch-id comparison needs them — the files it touches and its
/// patch-id. A tip id fixes the whole history behind it, so a scan is stored on disk
/// under that id (outside the repository) and reused by later runs.
struct LineScan: Sendable {
  struct Entry: Sendable {
    let id: ObjectID
    let subject: String
    /// The upstream id the message names, as written (7 to 40 hex digits).
    let upstream: String?
    var paths: [String]?
    var patchID: PatchID?
  }

  let tip: ObjectID
  var entries: [Entry]
  /// Whether lazily computed fields changed since the scan was loaded or saved.
  var isDirty = false

  /// The commit that names `upstream` (full id) as its original, if any.
  func pickNaming(_ upstream: ObjectID) -> Entry? {
    entries.first { entry in
      guard let named = entry.upstream else { return false }
      return upstream.hex.hasPrefix(named)
    }
  }
}
