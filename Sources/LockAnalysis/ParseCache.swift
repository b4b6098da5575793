import CSyntax
import Foundation

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

    /// The path, the length and the first and last 256 bytes: hashing all of a 250 KB file
    /// for each lookup would cost more than the lookup saves. Equality still compares it all.
    func hash(into hasher: inout Hasher) {
      hasher.combine(path)
      let utf8 = text.utf8
      hasher.combine(utf8.count)
      let sampled: Void? = utf8.withContiguousStorageIfAvailable { bytes in
        hasher.combine(
          bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes.prefix(256))))
        hasher.combine(
          bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes.suffix(256))))
      }
      if sampled == nil {
        for byte in utf8.prefix(256) { hasher.combine(byte) }
      }
    }
  }

  private let lock = NSLock()
  /// Held across a read of the tree: a libgit2 repository is read by one thread at a time.
  private let treeLock = NSLock()
  private var treeTexts: [String: String?] = [:]
  private var files: [Key: SourceFile] = [:]
  private var kconfigs: [[Key]: Kconfig] = [:]
  private var declarationIndex: [Key: [String: [Declaration]]] = [:]
  private var identifiers: [Key: NameBits] = [:]
  /// The reading notes of every file parsed (``SourceFile/readingNotes``), each once.
  private var notes: [String] = []
  private var noted: Set<String> = []

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
    if let known = locked({ files[Key(path: path, text: text)] }) { return known }
    return remember(SourceFile(text: text, path: path))
  }

  /// Keeps a parsed file, and lists its reading notes not listed yet.
  private func remember(_ file: SourceFile) -> SourceFile {
    locked {
      files[Key(path: file.path, text: file.text)] = file
      for note in file.readingNotes where noted.insert(note).inserted { notes.append(note) }
    }
    return file
  }

  /// Two texts parsed at once, one on each of two CPUs: a patch's pre- and post-image (of a
  /// file of 200,000 functions, a second each).
  func sourceFiles(_ first: (text: String, path: String), _ second: (text: String, path: String))
    -> (SourceFile, SourceFile)
  {
    let texts = [first, second]
    let parsed = ResultSlots<SourceFile>(count: 2)
    DispatchQueue.concurrentPerform(iterations: 2) { index in
      let (text, path) = texts[index]
      parsed.store(
        locked({ files[Key(path: path, text: text)] }) ?? SourceFile(text: text, path: path),
        at: index)
    }
    let read = parsed.values
    // Kept, and their notes listed, in the order given, as one parse after the other would.
    return (remember(read[0]), remember(read[1]))
  }

  /// What the C reader had to decide in the files parsed so far, in the order first met.
  var readingNotes: [String] { locked { notes } }

  /// A header's declarations by name, in the header's order.
  func declarations(of file: SourceFile) -> [String: [Declaration]] {
    let key = Key(path: file.path, text: file.text)
    if let known = locked({ declarationIndex[key] }) { return known }
    let index = Dictionary(grouping: file.declarations, by: \.name)
    locked { declarationIndex[key] = index }
    return index
  }

  /// Whether a header's text holds the identifier `name`: the test before it is parsed.
  /// A header's words are read once per run into ``NameBits``; a name the bits
  /// may hold is then searched for, so a collision costs a search, never a wrong answer.
  func mentions(_ text: String, path: String, name: String) -> Bool {
    let key = Key(path: path, text: text)
    let filter =
      locked({ identifiers[key] })
      ?? {
        let filter = NameBits(identifiersOf: text)
        locked { identifiers[key] = filter }
        return filter
      }()
    return filter.mayContain(name) && text.containsIdentifier(name)
  }

  /// The Kconfig files of a stub check, read together (`files`: path and text of each).
  func kconfig(files: [(path: String, text: String)]) -> Kconfig {
    let key = files.map { Key(path: $0.path, text: $0.text) }
    if let known = locked({ kconfigs[key] }) { return known }
    let kconfig = Kconfig(text: files.map(\.text).joined(separator: "\n"))
    locked { kconfigs[key] = kconfig }
    return kconfig
  }

  private func locked<T>(_ body: () -> T) -> T {
    lock.lock()
    defer { lock.unlock() }
    return body()
  }
}
