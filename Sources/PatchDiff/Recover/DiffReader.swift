/// Reads one diff that starts at a given body line, at one quote depth.
struct DiffReader {
  let lines: [BodyLine]
  let depth: Int
  let identifiers: BodyIdentifiers

  private var files: [FilePatch] = []
  private var repairs: [Repair] = []
  private var problems: [Problem] = []
  /// Where each consumed body line went (file, hunk, hunk line), by its body index from
  /// `placedFrom`: an array, not a dictionary, as a patch of many hunks places every line.
  private var placed: [(file: Int32, hunk: Int32, line: Int32)?] = []
  private var placedFrom = 0
  private var lastConsumed = -1
  /// Files whose paths were refused: read so the diff stays in step, then dropped.
  private var rejected: Set<Int> = []

  init(lines: [BodyLine], depth: Int, identifiers: BodyIdentifiers) {
    self.lines = lines
    self.depth = depth
    self.identifiers = identifiers
  }

  /// The patch and the index of the first body line after it.
  mutating func read(from start: Int) -> (RecoveredPatch, Int) {
    var index = start
    placedFrom = start
    while let next = nextDiffLine(from: index) {
      let text = content(next)
      if text.hasPrefix("diff --git ") {
        index = readGitHeader(at: next)
      } else if PatchFinder.isMarkerPair(lines, next, depth: depth) {
        files.append(FilePatch(oldPath: "", newPath: ""))
        index = readMarkers(at: next)
      } else if text.hasPrefix("@@ -"), !files.isEmpty {
        // Only what is needed of the file: a copy of it would share its hunks and make each
        // append in readHunk copy all of them (a 100,000-hunk patch read in quadratic time).
        let (isBinary, path) = (files[files.count - 1].isBinary, files[files.count - 1].path)
        index = readHunk(at: next)
        if isBinary {
          files[files.count - 1].hunks.removeAll()
          problems.append(
            Problem(
              line: lines[next].source, file: path,
              message: "text hunk after \"Binary files\" dropped"))
        }
      } else {
        break
      }
      lastConsumed = max(lastConsumed, index - 1)
    }
    let comments = comments(from: start)
    let kept = files.indices.filter { !rejected.contains($0) }.map { files[$0] }
    let recovered = RecoveredPatch(
      quoteDepth: depth, patch: Patch(files: kept), repairs: repairs, problems: problems,
      comments: comments, firstLine: lines[start].source)
    return (recovered, lastConsumed + 1)
  }

  private func content(_ index: Int) -> Substring {
    lines[index].content(atDepth: depth) ?? ""
  }

  /// The longest reviewer comment a diff may carry between two of its lines;
  /// bounds the work for a body of many diffs at many depths.
  static let maximumCommentLines = 2000

  private func nextDiffLine(from index: Int) -> Int? {
    var next = index
    while next < lines.count, next - index <= Self.maximumCommentLines,
      lines[next].content(atDepth: depth) == nil
    {
      next += 1
    }
    return next < lines.count && lines[next].content(atDepth: depth) != nil ? next : nil
  }

  private func isHeaderLine(_ text: Substring) -> Bool {
    let names = [
      "index ", "old mode ", "new mode ", "new file mode ", "deleted file mode ",
      "similarity index ", "dissimilarity index ", "rename from ", "rename to ",
      "copy from ", "copy to ", "Binary files ", "GIT binary patch", "--- ", "+++ ",
    ]
    return names.contains { text.hasPrefix($0) }
  }

  /// `diff --git` and the extended header lines after it.
  private mutating func readGitHeader(at index: Int) -> Int {
    let line = lines[index]
    guard let (old, new) = DiffHeader.gitPaths(content(index)) else {
      problems.append(Problem(line: line.source, file: "", message: "unreadable diff --git line"))
      rejected.insert(files.count)
      files.append(FilePatch(oldPath: "", newPath: ""))
      return index + 1
    }
    for path in [old, new] where !DiffHeader.isSafe(path) {
      problems.append(
        Problem(line: line.source, file: path, message: "unsafe path \"\(path)\" rejected"))
      rejected.insert(files.count)
      break
    }
    var file = FilePatch(oldPath: old, newPath: new)
    var next = index + 1
    while let candidate = nextDiffLine(from: next) {
      let text = content(candidate)
      guard isHeaderLine(text), !text.hasPrefix("--- "), !text.hasPrefix("+++ ") else { break }
      if text.hasPrefix("new file mode") { file.isNew = true }
      if text.hasPrefix("deleted file mode") { file.isDeleted = true }
      if text.hasPrefix("Binary files ") || text.hasPrefix("GIT binary patch") {
        file.isBinary = true
      }
      file.headerLines.append(String(text))
      next = candidate + 1
    }
    if file.isNew { file.oldPath = "/dev/null" }
    if file.isDeleted { file.newPath = "/dev/null" }
    files.append(file)
    if let marker = nextDiffLine(from: next), PatchFinder.isMarkerPair(lines, marker, depth: depth)
    {
      return readMarkers(at: marker)
    }
    return next
  }

  /// `--- a/path` and `+++ b/path`.
  private mutating func readMarkers(at index: Int) -> Int {
    guard let plus = nextDiffLine(from: index + 1) else { return index + 1 }
    let old = DiffHeader.markerPath(content(index))
    let new = DiffHeader.markerPath(content(plus))
    for (path, at) in [(old, index), (new, plus)] where !DiffHeader.isSafe(path) {
      if !rejected.contains(files.count - 1) {
        problems.append(
          Problem(line: lines[at].source, file: path, message: "unsafe path \"\(path)\" rejected"))
      }
      rejected.insert(files.count - 1)
      break
    }
    var file = files[files.count - 1]
    file.oldPath = old
    file.newPath = new
    file.isNew = file.isNew || old == "/dev/null"
    file.isDeleted = file.isDeleted || new == "/dev/null"
    files[files.count - 1] = file
    return plus + 1
  }

  private mutating func readHunk(at index: Int) -> Int {
    let fileIndex = files.count - 1
    let path = files[fileIndex].path
    let source = lines[index].source
    guard let header = DiffHeader.hunkHeader(content(index)) else {
      problems.append(
        Problem(
          line: source, file: path, hunk: files[fileIndex].hunks.count,
          message: "bad hunk header \"\(PatchError.clip(String(content(index))))\""))
      return index + 1
    }
    let (entries, end) = collectEntries(after: index, header: header)
    if header.oldCount == 0 && header.newCount == 0 {
      // `@@ -0,0 +0,0 @@` claims no lines: whatever follows it cannot be placed.
      let following = entries.prefix { "+- ".utf8.contains($0.content.utf8.first ?? 0) }
      problems.append(
        Problem(
          line: source, file: path, hunk: files[fileIndex].hunks.count,
          message:
            "hunk header \"\(PatchError.clip(String(content(index))))\" claims no lines"
            + (following.isEmpty
              ? "" : " but \(following.count) diff line(s) follow it; they are not read")))
      return (following.last?.bodyIndex ?? index) + 1
    }
    let repair = HunkRepair(
      header: header, entries: entries, followedByStructure: end == .structure,
      atEndOfText: end == .endOfText, identifiers: identifiers)
    let hunkIndex = files[fileIndex].hunks.count
    guard let outcome = repair.run() else {
      let asRead = repair.build(
        count: min(entries.count, header.oldCount + header.newCount), joins: [], blankLines: 0)
      problems.append(
        Problem(
          line: source, file: path, hunk: hunkIndex,
          message:
            "hunk \(header.header.prefix(40)) cannot be repaired: the \(entries.count) lines after it give no reading with \(header.oldCount) old and \(header.newCount) new lines"
        ))
      files[fileIndex].hunks.append(asRead.hunk)
      return (entries.last.map { $0.bodyIndex } ?? index) + 1
    }
    record(outcome, entries: entries, file: path, fileIndex: fileIndex, hunkIndex: hunkIndex)
    files[fileIndex].hunks.append(outcome.hunk)
    let lastEntry = outcome.consumed > 0 ? entries[outcome.consumed - 1].bodyIndex : index
    return lastEntry + 1
  }

  /// The diff lines after a hunk header, up to the next header, signature or bound.
  enum EntriesEnd { case structure, signature, endOfText, bound }

  private func collectEntries(after index: Int, header: Hunk) -> ([HunkEntry], EntriesEnd) {
    let bound = header.oldCount + header.newCount + HunkRepair.maximumJoins + 64
    var entries: [HunkEntry] = []
    var next = index + 1
    while entries.count < bound, let candidate = nextDiffLine(from: next) {
      let text = content(candidate)
      if text.hasPrefix("diff --git ") || text.hasPrefix("@@ -")
        || PatchFinder.isMarkerPair(lines, candidate, depth: depth)
      {
        return (entries, .structure)
      }
      if text == "--" || text == "-- " { return (entries, .signature) }
      let line = lines[candidate]
      entries.append(
        HunkEntry(
          content: text, source: line.source, flattened: line.flattened, bodyIndex: candidate))
      next = candidate + 1
    }
    return (entries, entries.count < bound ? .endOfText : .bound)
  }

  private mutating func record(
    _ outcome: HunkRepair.Outcome, entries: [HunkEntry], file: String, fileIndex: Int,
    hunkIndex: Int
  ) {
    for (position, entry) in entries.prefix(outcome.consumed).enumerated() {
      let slot = entry.bodyIndex - placedFrom
      if slot >= placed.count { placed += repeatElement(nil, count: slot - placed.count + 1) }
      placed[slot] = (Int32(fileIndex), Int32(hunkIndex), Int32(outcome.lineOfEntry[position]))
      if position == outcome.consumed - 1, outcome.restoredBlankLines > 0 {
        repairs.append(
          Repair(
            kind: .restoredTrailingBlankContext, line: entry.source, file: file,
            detail:
              "\(outcome.restoredBlankLines) blank context line(s) stripped at the end of the text restored"
          ))
      }
      if entry.flattened, position == 0, hunkIndex == 0, fileIndex == 0 {
        repairs.append(
          Repair(
            kind: .resegmentedFlattenedText, line: entry.source, file: file,
            detail: "diff whose line breaks were lost cut into lines at \" > \""))
      }
      if outcome.joined.contains(position) {
        let line = outcome.lineOfEntry[position]
        let kind: Repair.Kind = line < 0 ? .joinedWrappedHunkHeader : .joinedWrappedLine
        let what = line < 0 ? "hunk header" : "line before"
        repairs.append(
          Repair(
            kind: kind, line: entry.source, file: file,
            detail: "\"\(PatchError.clip(String(entry.content)))\" joined to the \(what)"))
      } else if entry.kind == .lostSpace || entry.kind == .blank {
        repairs.append(
          Repair(
            kind: .restoredContextSpace, line: entry.source, file: file,
            detail: "context line without its leading space"))
      }
    }
  }

  /// Reviewer text between diff lines this patch consumed.
  private func comments(from start: Int) -> [InlineComment] {
    var result: [InlineComment] = []
    var anchor: (file: Int, hunk: Int, line: Int)?
    var pending: [BodyLine] = []
    for index in start...max(start, lastConsumed) where index < lines.count {
      if index - placedFrom < placed.count, let place = placed[index - placedFrom] {
        if let anchor, !rejected.contains(anchor.file),
          let comment = makeComment(pending, anchor: anchor)
        {
          result.append(comment)
        }
        pending = []
        anchor = (Int(place.file), Int(place.hunk), Int(place.line))
      } else if lines[index].content(atDepth: depth) == nil {
        let line = lines[index]
        let blank = line.text.allSatisfy(\.isWhitespace)
        if let anchor, !pending.isEmpty, !blank,
          let depthSoFar = pending.first(where: { !$0.text.allSatisfy(\.isWhitespace) })?.depth,
          depthSoFar != line.depth
        {
          if let comment = makeComment(pending, anchor: anchor) {
            result.append(comment)
          }
          pending = []
        }
        pending.append(line)
      }
    }
    return result
  }

  private func makeComment(
    _ body: [BodyLine], anchor: (file: Int, hunk: Int, line: Int)
  ) -> InlineComment? {
    var body = body[...]
    // A diff written inside the comment (a proposal) is a patch of its own, not comment text.
    if let diff = body.firstIndex(where: { $0.text.hasPrefix("diff --git ") }) {
      body = body[..<diff]
    }
    while body.first?.text.allSatisfy(\.isWhitespace) == true { body.removeFirst() }
    while body.last?.text.allSatisfy(\.isWhitespace) == true { body.removeLast() }
    guard let first = body.first else { return nil }
    let text = body.map { String($0.text) }
    // A hunk dropped after it was read (text hunk of a binary file) anchors nothing.
    guard anchor.hunk < files[anchor.file].hunks.count else { return nil }
    let hunk = files[anchor.file].hunks[anchor.hunk]
    guard anchor.line < hunk.lines.count else { return nil }
    let anchorText =
      anchor.line >= 0
      ? String(hunk.lines[anchor.line].kind.marker) + hunk.lines[anchor.line].text : hunk.header
    return InlineComment(
      text: text, line: first.source, quoteDepth: first.depth,
      file: files[anchor.file].path, hunk: anchor.hunk, afterLine: anchor.line,
      anchorText: anchorText)
  }
}
