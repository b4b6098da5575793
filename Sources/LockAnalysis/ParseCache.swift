import CSyntax
import Foundation
import PatchDiff

/// What the patches of one run share: tree files read once, each text parsed once, Kconfig
/// read once.
///
/// A 30-patch series against one base reads the same headers, Makefiles and Kconfig files for
/// every patch, and a patch's post-image is the next patch's pre-image; without this, each
/// patch would read and parse them all again.
///
/// ```swift
/// let cache = ParseCache()
/// let file = cache.sourceFile(text: memoryC, path: "mm/memory.c")   // parsed
/// cache.sourceFile(text: memoryC, path: "mm/memory.c")              // the same, not parsed again
/// ```
final class ParseCache: @unchecked Sendable {
  /// A file's text under its path: the same text under two paths is parsed twice, so that
  /// findings name the right file.
  struct Key: Hashable {
    var path: String
    var text: String

    /// The path, the length and the first and last kilobyte: hashing all of a 250 KB file
    /// for each lookup would cost more than the lookup saves. Equality still compares it all.
    func hash(into hasher: inout Hasher) {
      hasher.combine(path)
      hasher.combine(text.utf8.count)
      hasher.combine(text.utf8.prefix(1024).reduce(into: 0) { $0 = $0 &* 31 &+ Int($1) })
      hasher.combine(text.utf8.suffix(1024).reduce(into: 0) { $0 = $0 &* 31 &+ Int($1) })
    }
  }

  private let lock = NSLock()
  /// Held across a read of the tree: a libgit2 repository is read by one thread at a time.
  private let treeLock = NSLock()
  private var treeTexts: [String: String?] = [:]
  private var files: [Key: SourceFile] = [:]
  private var kconfigs: [String: Kconfig] = [:]

  /// The text of `path` in `tree`, read once (the tree is one revision: it does not change).
  func text(of path: String, in tree: any SourceTree) -> String? {
    treeLock.lock()
    defer { treeLock.unlock() }
    if let known = locked({ treeTexts[path] }) { return known }
    let text = tree.text(of: path)
    locked { treeTexts[path] = text }
    return text
  }

  func sourceFile(text: String, path: String) -> SourceFile {
    let key = Key(path: path, text: text)
    if let known = locked({ files[key] }) { return known }
    let file = SourceFile(text: text, path: path)
    locked { files[key] = file }
    return file
  }

  func kconfig(text: String) -> Kconfig {
    if let known = locked({ kconfigs[text] }) { return known }
    let kconfig = Kconfig(text: text)
    locked { kconfigs[text] = kconfig }
    return kconfig
  }

  private func locked<T>(_ body: () -> T) -> T {
    lock.lock()
    defer { lock.unlock() }
    return body()
  }
}

/// The tree a patch of a series applies to: the base revision with the earlier patches of
/// the series applied (`overlay`: path → post-image, nil for a deleted file).
struct PatchedTree: SourceTree {
  let base: any SourceTree
  let cache: ParseCache
  var overlay: [String: String?] = [:]
  /// How many earlier patches the overlay holds, for the label.
  var earlierPatches = 0

  func text(of path: String) -> String? {
    if let patched = overlay[path] { return patched }
    return cache.text(of: path, in: base)
  }

  var label: String {
    earlierPatches == 0
      ? base.label
      : "\(base.label) with the \(earlierPatches) earlier patch(es) of the series applied"
  }
}

/// A patch anchored in the tree it is analyzed against, and applied there file by file.
struct PlacedPatch {
  /// The patch with its hunks re-anchored at the tree's lines and whitespace.
  var patch: Patch
  var tree: PatchedTree?
  /// Each file's post-image (and where its hunks landed), by new path.
  var postImages: [String: ApplyResult] = [:]
  /// The post-image of every text file, nil for a deleted one; nil when one did not apply.
  var applied: [String: String?]? = [:]
  /// What the analysis must say about how the patch was placed.
  var notes: [String] = []
}

extension String {
  /// Whether the text holds `needle` byte for byte: a cheap test before parsing a header.
  func containsBytes(_ needle: String) -> Bool {
    var haystack = self
    var needle = needle
    return haystack.withUTF8 { text in
      needle.withUTF8 { word in
        guard !word.isEmpty else { return true }
        guard text.count >= word.count, let start = text.baseAddress,
          let wordStart = word.baseAddress
        else { return false }
        let first = Int32(word[0])
        var offset = 0
        let last = text.count - word.count
        // memchr finds each candidate first byte; memcmp checks the rest.
        while offset <= last, let hit = memchr(start + offset, first, last - offset + 1) {
          let position = start.distance(to: hit.assumingMemoryBound(to: UInt8.self))
          if memcmp(start + position, wordStart, word.count) == 0 { return true }
          offset = position + 1
        }
        return false
      }
    }
  }
}
