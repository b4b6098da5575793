/// A unified diff (`git diff` form) of line edits to one file, which `lockstep analyze` and
/// `git apply` read: one hunk per group of edits, three lines of context around each.
public enum UnifiedDiff {
  static let context = 3

  /// The diff of `edits` (non-overlapping) to the file `path` whose lines are `lines`.
  public static func make(path: String, lines: [String], edits: [LineEdit], subject: String)
    -> String
  {
    let sorted = edits.sorted { $0.start < $1.start }
    var groups: [[LineEdit]] = []
    for edit in sorted {
      if let last = groups.last?.last,
        edit.start - (last.start + last.count) <= 2 * context, !groups.isEmpty
      {
        groups[groups.count - 1].append(edit)
      } else {
        groups.append([edit])
      }
    }
    var out = "From: mutation-check <mutation@example.org>\nSubject: [PATCH] \(subject)\n\n---\n"
    out += "diff --git a/\(path) b/\(path)\n--- a/\(path)\n+++ b/\(path)\n"
    var shift = 0
    for group in groups {
      let first = max(1, group[0].start - context)
      let lastEdit = group[group.count - 1]
      let last = min(lines.count, lastEdit.start + lastEdit.count - 1 + context)
      var body: [String] = []
      var oldCount = 0
      var newCount = 0
      var line = first
      var pending = group[...]
      while line <= last || !pending.isEmpty {
        if let edit = pending.first, edit.start == line {
          pending.removeFirst()
          for removed in 0..<edit.count {
            body.append("-" + lines[line - 1 + removed])
          }
          body += edit.lines.map { "+" + $0 }
          oldCount += edit.count
          newCount += edit.lines.count
          line += edit.count
          continue
        }
        guard line <= last, line <= lines.count else { break }
        body.append(" " + lines[line - 1])
        oldCount += 1
        newCount += 1
        line += 1
      }
      let newStart = first + shift
      out += "@@ -\(first),\(oldCount) +\(newStart),\(newCount) @@\n"
      out += body.joined(separator: "\n") + "\n"
      shift += newCount - oldCount
    }
    return out + "-- \n2.39.5\n"
  }
}
