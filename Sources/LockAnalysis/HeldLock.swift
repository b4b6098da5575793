/// A lock the path holds: `vmf->ptl`, a spinlock taken by `pte_offset_map_lock` at 4666.
struct HeldLock: Sendable, Hashable {
  enum Mode: String, Sendable {
    case exclusive, read, write

    /// Distinguishes the modes in ``PathState/futureHash(coarse:)``.
    var hashMark: UInt64 {
      switch self {
      case .exclusive: return 0x11
      case .read: return 0x12
      case .write: return 0x13
      }
    }
  }

  var object: String
  var family: Primitive.Family
  var mode: Mode
  var line: Int
  var call: String
  /// Index of the acquiring op in the path.
  var opIndex: Int
  /// Taken in a loop's body and still held when the loop went on to its next iteration: the
  /// loop may be collecting locked objects on purpose (`migrate_vma_collect_pmd()` hands each
  /// locked folio on in `migrate->src[]`). Part of what decides a path's future: a path
  /// holding the lock of the object it is on is not joined with one holding only those of
  /// objects it collected (`__collapse_huge_page_isolate()` leaking its current folio).
  var keptAcrossIterations = false
  /// The lock is what the call returned, stored where the code said (`pvmw->ptl =
  /// pmd_lock(…)`): stored in a parameter's structure, it is the caller's to release.
  var returnedByCall = false
}
