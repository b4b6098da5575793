/// What changed between two versions of a patch (v2 → v3): files and hunks
/// added, removed or changed. Hunks are the same when their lines are the same
/// ignoring whitespace, wherever they sit; a hunk of one version that overlaps a
/// hunk of the other (old line ranges) is a change of it.
///
/// ```swift
/// let change = PatchComparison(from: v2.patch, to: v3.patch)
/// change.files[0].hunksAdded.map(\.header)   // ["@@ -97,6 +97,12 @@ …"]
/// ```
public struct PatchComparison: Sendable, Hashable {
  /// Paths only the newer version touches.
  public var filesAdded: [String]
  /// Paths only the older version touches.
  public var filesRemoved: [String]
  /// Paths both versions touch, in the newer version's order.
  public var files: [FileComparison]

  /// Nothing was added, removed or changed.
  public var isIdentical: Bool {
    filesAdded.isEmpty && filesRemoved.isEmpty && files.allSatisfy(\.isIdentical)
  }

  public init(from old: Patch, to new: Patch) {
    let oldPaths = old.files.map(\.path)
    let newPaths = new.files.map(\.path)
    filesAdded = newPaths.filter { !oldPaths.contains($0) }
    filesRemoved = oldPaths.filter { !newPaths.contains($0) }
    files = new.files.compactMap { file in
      old.files.first { $0.path == file.path }.map { FileComparison(from: $0, to: file) }
    }
  }
}

/// The hunks of one file in two versions of a patch.
public struct FileComparison: Sendable, Hashable {
  public var path: String
  public var hunksAdded: [Hunk]
  public var hunksRemoved: [Hunk]
  public var hunksChanged: [HunkChange]
  /// Hunks with the same lines in both versions.
  public var unchanged: Int

  public var isIdentical: Bool {
    hunksAdded.isEmpty && hunksRemoved.isEmpty && hunksChanged.isEmpty
  }

  init(from old: FilePatch, to new: FilePatch) {
    path = new.path
    var oldLeft = old.hunks
    var newLeft: [Hunk] = []
    unchanged = 0
    for hunk in new.hunks {
      if let same = oldLeft.firstIndex(where: { Self.key($0) == Self.key(hunk) }) {
        oldLeft.remove(at: same)
        unchanged += 1
      } else {
        newLeft.append(hunk)
      }
    }
    hunksChanged = []
    hunksAdded = []
    for hunk in newLeft {
      if let partner = oldLeft.firstIndex(where: { Self.overlap($0, hunk) }) {
        hunksChanged.append(HunkChange(old: oldLeft.remove(at: partner), new: hunk))
      } else {
        hunksAdded.append(hunk)
      }
    }
    hunksRemoved = oldLeft
  }

  static func key(_ hunk: Hunk) -> [String] {
    hunk.lines.map { String($0.kind.marker) + Patch.squeeze($0.text[...]) }
  }

  static func overlap(_ old: Hunk, _ new: Hunk) -> Bool {
    old.oldStart < new.oldStart + max(1, new.oldCount)
      && new.oldStart < old.oldStart + max(1, old.oldCount)
  }
}

/// A hunk as it was and as it is.
public struct HunkChange: Sendable, Hashable {
  public var old: Hunk
  public var new: Hunk
}
