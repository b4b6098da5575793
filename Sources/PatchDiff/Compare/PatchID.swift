extension Patch {
  /// What stays the same when a patch is posted again, quoted, copied into a maintainer's
  /// notice or rebased: its files and changed lines, whitespace squeezed, line numbers and
  /// context ignored (the idea of `git patch-id --stable`; the values are not git's).
  ///
  /// ```swift
  /// posted.patch.patchID == noticeCopy.patch.patchID  // the notice carries that version
  /// ```
  ///
  /// - Complexity: O(n) in the patch's text.
  public var patchID: String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func mix(_ text: String) {
      for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
      }
      hash ^= 0x0A
      hash = hash &* 0x100_0000_01b3
    }
    for file in files {
      mix(file.path)
      for hunk in file.hunks {
        for line in hunk.lines where line.kind != .context {
          mix(String(line.kind.marker) + Patch.squeeze(line.text[...]))
        }
      }
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
