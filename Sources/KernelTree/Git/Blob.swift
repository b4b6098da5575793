import CLibGit2

/// A blob object (`git_blob`): one file's bytes.
final class Blob {
  let handle: OpaquePointer
  let repository: Repository

  init(handle: OpaquePointer, repository: Repository) {
    self.handle = handle
    self.repository = repository
  }

  deinit { git_blob_free(handle) }

  /// The file's bytes.
  var bytes: [UInt8] {
    let size = Int(git_blob_rawsize(handle))
    guard size > 0, let raw = git_blob_rawcontent(handle) else { return [] }
    return Array(UnsafeRawBufferPointer(start: raw, count: size))
  }

  /// Whether git's heuristic (a NUL byte or too many control bytes) says binary.
  var isBinary: Bool { git_blob_is_binary(handle) == 1 }
}
