/// Reads a clean unified or git diff, as `git diff` or `git format-patch` writes it.
///
/// Text around the diff (a commit message, a signature) is skipped; inside the
/// diff every hunk must match its header's counts. For a diff that went
/// through a mail client use ``PatchFinder`` instead, which repairs damage.
///
/// ```swift
/// let patch = try PatchParser.parse(try String(contentsOfFile: "fix.patch"))
/// patch.files[0].hunks[0].oldStart   // 4684
/// ```
public enum PatchParser {
  public static func parse(_ text: String) throws(PatchError) -> Patch {
    var reader = Reader(lines: textLines(text))
    return try reader.parse()
  }

  struct Reader {
    let lines: [Substring]
    var index = 0
    var files: [FilePatch] = []

    init(lines: [Substring]) {
      self.lines = lines
    }

    mutating func parse() throws(PatchError) -> Patch {
      var sawDiff = false
      while index < lines.count {
        let line = lines[index]
        if line.hasPrefix("diff --git ") {
          sawDiff = true
          try readGitFile()
        } else if isMarkerPair(at: index) {
          sawDiff = true
          files.append(FilePatch(oldPath: "", newPath: ""))
          try readMarkersAndHunks()
        } else {
          index += 1
        }
      }
      guard sawDiff else { throw PatchError(line: 1, reason: .noDiff) }
      return Patch(files: files)
    }

    func isMarkerPair(at position: Int) -> Bool {
      position + 1 < lines.count && lines[position].hasPrefix("--- ")
        && lines[position + 1].hasPrefix("+++ ")
    }

    mutating func readGitFile() throws(PatchError) {
      let lineNumber = index + 1
      guard let (old, new) = DiffHeader.gitPaths(lines[index]) else {
        throw PatchError(line: lineNumber, reason: .unexpectedLine(String(lines[index])))
      }
      for path in [old, new] where !DiffHeader.isSafe(path) {
        throw PatchError(line: lineNumber, file: path, reason: .unsafePath(path))
      }
      var file = FilePatch(oldPath: old, newPath: new)
      index += 1
      while index < lines.count {
        let line = lines[index]
        if line.hasPrefix("diff --git ") || line.hasPrefix("@@ -") || isMarkerPair(at: index) {
          break
        }
        if line.hasPrefix("Binary files ") || line.hasPrefix("GIT binary patch") {
          file.isBinary = true
        } else if line.hasPrefix("new file mode") {
          file.isNew = true
        } else if line.hasPrefix("deleted file mode") {
          file.isDeleted = true
        }
        if file.isBinary, !line.hasPrefix("Binary files "), !line.hasPrefix("GIT binary patch") {
          index += 1
          continue
        }
        guard isExtendedHeader(line) else { break }
        file.headerLines.append(String(line))
        index += 1
      }
      if file.isNew { file.oldPath = "/dev/null" }
      if file.isDeleted { file.newPath = "/dev/null" }
      files.append(file)
      if !file.isBinary { try readMarkersAndHunks() }
    }

    func isExtendedHeader(_ line: Substring) -> Bool {
      let names = [
        "index ", "old mode ", "new mode ", "new file mode ", "deleted file mode ",
        "similarity index ", "dissimilarity index ", "rename from ", "rename to ",
        "copy from ", "copy to ", "Binary files ", "GIT binary patch",
      ]
      return names.contains { line.hasPrefix($0) }
    }

    mutating func readMarkersAndHunks() throws(PatchError) {
      var file = files.removeLast()
      if isMarkerPair(at: index) {
        for offset in 0..<2 {
          let path = DiffHeader.markerPath(lines[index + offset])
          guard DiffHeader.isSafe(path) else {
            throw PatchError(line: index + offset + 1, file: path, reason: .unsafePath(path))
          }
          if offset == 0 { file.oldPath = path } else { file.newPath = path }
        }
        file.isNew = file.isNew || file.oldPath == "/dev/null"
        file.isDeleted = file.isDeleted || file.newPath == "/dev/null"
        index += 2
      }
      while index < lines.count, lines[index].hasPrefix("@@") {
        file.hunks.append(try readHunk(file: file.path))
      }
      files.append(file)
    }

    mutating func readHunk(file: String) throws(PatchError) -> Hunk {
      let headerLine = index + 1
      guard var hunk = DiffHeader.hunkHeader(lines[index]) else {
        throw PatchError(
          line: headerLine, file: file, reason: .badHunkHeader(String(lines[index])))
      }
      index += 1
      var old = 0
      var new = 0
      while old < hunk.oldCount || new < hunk.newCount {
        guard index < lines.count, let kind = Self.kind(of: lines[index]) else {
          if index < lines.count, lines[index].hasPrefix("\\"), !hunk.lines.isEmpty {
            hunk.lines[hunk.lines.count - 1].noNewlineAtEnd = true
            index += 1
            continue
          }
          throw PatchError(
            line: headerLine, file: file,
            reason: .countMismatch(
              expectedOld: hunk.oldCount, expectedNew: hunk.newCount, foundOld: old,
              foundNew: new))
        }
        let line = lines[index]
        hunk.lines.append(HunkLine(kind, String(line.dropFirst()), sourceLine: index + 1))
        if kind != .added { old += 1 }
        if kind != .removed { new += 1 }
        index += 1
        if old > hunk.oldCount || new > hunk.newCount {
          throw PatchError(
            line: headerLine, file: file,
            reason: .countMismatch(
              expectedOld: hunk.oldCount, expectedNew: hunk.newCount, foundOld: old,
              foundNew: new))
        }
      }
      if index < lines.count, lines[index].hasPrefix("\\"), !hunk.lines.isEmpty {
        hunk.lines[hunk.lines.count - 1].noNewlineAtEnd = true
        index += 1
      }
      return hunk
    }

    /// The kind a marker character gives; an empty line is a blank context line.
    static func kind(of line: Substring) -> HunkLine.Kind? {
      switch line.utf8.first {
      case nil, 0x20: .context
      case 0x2B: .added
      case 0x2D: .removed
      default: nil
      }
    }
  }
}
