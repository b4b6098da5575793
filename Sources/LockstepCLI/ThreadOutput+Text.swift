import MailThread
import PatchDiff

extension ThreadOutput {
  /// Writes the text form, a section at a time, the way b4 shows a thread: one entry per
  /// version with its patches and the trailers `b4 am` applies, what changed from the
  /// version before, each reply's new comments, and every patch once.
  func writeText(to out: inout ChunkedWriter) {
    out += "Messages\n"
    for node in review.tree.nodes {
      let indent = String(repeating: "  ", count: min(node.depth, 40))
      let who = node.from ?? "?"
      let when = node.date?.iso8601 ?? "?"
      let what = node.message == nil ? "(not in input) <\(node.id)>" : node.subject
      out += "  \(indent)\(who) · \(when) · \(what.isEmpty ? "(no subject)" : what)\n"
    }
    if !review.archive.overview.isEmpty {
      out += "\nThread overview (\(review.archive.overview.count) messages)\n"
      for entry in review.archive.overview {
        let indent = String(repeating: "  ", count: entry.depth)
        out +=
          "  \(Self.iso8601(overviewDate: entry.date)) \(indent)\(entry.author)"
          + "\(entry.current ? "  ← this message" : "")\n"
      }
    }
    for (index, quoted) in review.quotes.enumerated() where quoted.authors.count > 1 {
      out += "\nQuoted authors in \(messageName(index)): "
      out += quoted.attributionChain.joined(separator: " → ") + "\n"
      // Only what is new in this reply: comments an earlier mail wrote or quoted are theirs.
      for comment in quoted.comments.prefix(20) {
        let first = comment.lines.first?.text ?? ""
        out += "  \(comment.author ?? "?") after line \(comment.anchor.number) "
        out += "\"\(comment.anchor.text.clipped(to: 60))\": \(first.clipped(to: 70))\n"
      }
    }
    for series in review.series { writeSeries(series, to: &out) }
    writePatches(to: &out)
    writeSplats(to: &out)
    if !review.problems.isEmpty { out += "\nProblems\n" }
    for problem in review.problems { out += "  \(problem)\n" }
  }

  private func writeSeries(_ series: PatchSeries, to out: inout ChunkedWriter) {
    out += "\nSeries: \(series.title)\n"
    for (index, version) in series.versions.enumerated() {
      out += "  \(version.version)"
      if let line = version.stableLine {
        out += " (stable \(line)"
        out +=
          version.upstreamCommit.map { ", commit \($0) upstream)" } ?? ", no upstream commit named)"
      }
      if let first = version.patches.first(where: { $0.message != nil }) {
        out += " · \(first.author ?? "?") · \(first.date?.iso8601 ?? "?")"
      }
      out += "\n"
      let changes = version.changes
      for change in changes { out += "    change: \(change)\n" }
      for patch in version.patches {
        out += "    patch: \(patch.subject)"
        out += patch.message.map { " <\(messageName($0))>" } ?? " (not in input)"
        out += "\n"
        for trailer in patch.trailers {
          out += "      \(trailer.name): \(trailer.value)"
          if let by = trailer.givenOnBehalf { out += "  (by \(by))" }
          if let meant = trailer.probablyMeant { out += "  ← probably \(meant)" }
          out += "\n"
        }
      }
      if let (from, comparisons) = rangeDiff(series, index) {
        out += "    range-diff \(from) → \(version.version): "
        out += comparisons.map(Self.summary).joined(separator: "; ") + "\n"
      }
    }
    for event in series.events {
      out += "  event: \(event.kind.rawValue) \(event.detail) <\(messageName(event.message))>"
      let lines = series.versions.filter {
        $0.upstreamCommit == event.commit && event.commit != nil
      }
      if let copy = event.copyOf {
        out += ": carries \(copy) (same patch-id)"
      } else if let commit = event.commit {
        out += ": upstream commit \(commit)"
        if !lines.isEmpty { out += ", as \(lines.map(\.version).joined(separator: ", ")) name it" }
      } else if !event.patchIDs.isEmpty {
        out += ": carries a patch no posted version has"
      }
      out += "\n"
    }
  }

  /// `mm/memory.c unchanged, + include/linux/migrate.h (1 hunk)`.
  static func summary(_ comparison: PatchComparison) -> String {
    if comparison.isIdentical { return "identical" }
    var parts = comparison.filesAdded.map { "+ \($0)" } + comparison.filesRemoved.map { "- \($0)" }
    for file in comparison.files {
      if file.isIdentical {
        parts.append("\(file.path) unchanged")
        continue
      }
      var hunks: [String] = []
      if !file.hunksChanged.isEmpty { hunks.append("\(file.hunksChanged.count) hunk(s) changed") }
      if !file.hunksAdded.isEmpty { hunks.append("\(file.hunksAdded.count) added") }
      if !file.hunksRemoved.isEmpty { hunks.append("\(file.hunksRemoved.count) removed") }
      parts.append("\(file.path): " + hunks.joined(separator: ", "))
    }
    return parts.joined(separator: ", ")
  }

  private func writePatches(to out: inout ChunkedWriter) {
    if !entries.isEmpty { out += "\nPatches\n" }
    for entry in entries {
      let found = patches[entry.shown]
      let version = entry.version.map { "\($0) " } ?? ""
      switch entry.kind {
      case .posted:
        out += "  \(version)as posted in <\(messageName(found.message))>"
      case .quoted:
        out += "  \(version)quoted in <\(messageName(found.message))> (not posted in the input)"
      case .proposal:
        let who = review.archive.messages[found.message].from?.displayName ?? "?"
        out += "  proposal by \(who) in <\(messageName(found.message))>, "
        out += "replying to \(entry.version ?? "?"): not a version"
      case .noticeCopy:
        out += "  copy in the notice <\(messageName(found.message))>: "
        out += entry.copyOf.map { "\($0) (same patch-id)" } ?? "no posted version has its patch-id"
      case .unplaced:
        out += "  in <\(messageName(found.message))>, quote depth \(found.patch.quoteDepth)"
      }
      out += found.patch.repaired ? ", repaired (\(found.patch.repairs.count) repairs)\n" : "\n"
      for file in found.patch.patch.files {
        let hunks = file.hunks.map {
          "-\($0.oldStart),\($0.oldCount) +\($0.newStart),\($0.newCount)"
        }
        out += "    \(file.path): \(hunks.joined(separator: "; "))\n"
      }
      if !entry.copies.isEmpty {
        let where_ = entry.copies.map { "<\(messageName(patches[$0].message))>" }
        out += "    quoted in \(where_.count) more: \(where_.joined(separator: ", "))\n"
      }
      for problem in found.patch.problems { out += "    problem: \(problem)\n" }
      for (message, comment) in newComments(entry) {
        let who = author(of: comment, in: message) ?? "?"
        out += "    \(who) after \(comment.file) \"\(comment.anchorText.clipped(to: 60))\": "
        out += "\(comment.text.first?.clipped(to: 70) ?? "")\n"
      }
    }
  }

  private func writeSplats(to out: inout ChunkedWriter) {
    for (index, list) in review.splats.enumerated() {
      for splat in list {
        out += "\nSplat (\(splat.kind.rawValue)) in \(messageName(index)): \(splat.title)\n"
        if let tested = splat.testedPatch { out += "  tested patch: \(tested)\n" }
        if let config = splat.config { out += "  config: \(config)\n" }
        if let lockClass = splat.lockClass { out += "  lock class: \(lockClass)\n" }
        for site in splat.sites {
          let place = site.file.map { "\($0):\(site.line.map(String.init) ?? "?")" } ?? "?"
          out += "  \(site.role): \(site.function ?? "?") at \(place)\n"
        }
        if !splat.callChain.isEmpty {
          out += "  call chain: \(splat.callChain.joined(separator: " ← "))\n"
        }
      }
    }
  }
}
