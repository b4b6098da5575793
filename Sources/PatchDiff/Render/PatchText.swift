extension Patch {
  /// The patch as a git-style diff that `git apply` reads.
  ///
  /// ```
  /// diff --git a/mm/memory.c b/mm/memory.c
  /// --- a/mm/memory.c
  /// +++ b/mm/memory.c
  /// @@ -4684,7 +4684,8 @@ vm_fault_t do_swap_page(struct vm_fault *vmf)
  /// ```
  public var text: String {
    var out = ""
    for file in files { file.render(into: &out) }
    return out
  }
}

extension FilePatch {
  /// This file's section of ``Patch/text``.
  public var text: String {
    var out = ""
    render(into: &out)
    return out
  }

  func render(into out: inout String) {
    let old = oldPath == "/dev/null" ? newPath : oldPath
    let new = newPath == "/dev/null" ? oldPath : newPath
    out += "diff --git a/\(old) b/\(new)\n"
    for line in headerLines where !line.hasPrefix("Binary files ") {
      out += line + "\n"
    }
    if isNew, !headerLines.contains(where: { $0.hasPrefix("new file mode") }) {
      out += "new file mode 100644\n"
    }
    if isDeleted, !headerLines.contains(where: { $0.hasPrefix("deleted file mode") }) {
      out += "deleted file mode 100644\n"
    }
    if isBinary {
      out += "Binary files \(marker("a", oldPath)) and \(marker("b", newPath)) differ\n"
      return
    }
    guard !hunks.isEmpty else { return }
    out += "--- \(marker("a", oldPath))\n+++ \(marker("b", newPath))\n"
    for hunk in hunks { hunk.render(into: &out) }
  }

  private func marker(_ side: String, _ path: String) -> String {
    path == "/dev/null" ? path : "\(side)/\(path)"
  }
}

extension Hunk {
  /// `@@ -4684,7 +4684,8 @@ vm_fault_t do_swap_page(struct vm_fault *vmf)`
  public var header: String {
    let section = section.isEmpty ? "" : " \(section)"
    return "@@ -\(Self.range(oldStart, oldCount)) +\(Self.range(newStart, newCount)) @@\(section)"
  }

  private static func range(_ start: Int, _ count: Int) -> String {
    count == 1 ? "\(start)" : "\(start),\(count)"
  }

  func render(into out: inout String) {
    out += header + "\n"
    for line in lines {
      out.append(line.kind.marker)
      out += line.text + "\n"
      if line.noNewlineAtEnd { out += "\\ No newline at end of file\n" }
    }
  }
}
