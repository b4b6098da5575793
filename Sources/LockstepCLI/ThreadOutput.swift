import Foundation
import MailThread
import PatchDiff

/// Renders a `ThreadReview` and the patches found, as text or as JSON.
///
/// JSON keys: `messages[{id, parent, from, date, subject, depth}]`,
/// `overview[{date, author, depth, current}]`,
/// `series[{title, versions[{version, patches[{subject, trailers[{name, value, by}]}], changes[]}]}]`,
/// `patches[{message, quoteDepth, files[{path, hunks[{oldStart, oldCount, newStart, newCount}]}], repaired, problems[]}]`,
/// `splats[]`, `problems[{where, message}]`.
struct ThreadOutput {
  let review: ThreadReview
  let patches: [(message: Int, patch: RecoveredPatch)]

  private func messageName(_ index: Int) -> String {
    let message = review.archive.messages[index]
    return message.id ?? message.location
  }

  func json() -> String {
    let nodes = review.tree.nodes
    let messages: [[String: Any]] = nodes.map { node in
      [
        "id": node.id,
        "parent": node.parent.map { nodes[$0].id } as Any? ?? NSNull(),
        "from": node.from as Any? ?? NSNull(),
        "date": node.date?.iso8601 as Any? ?? NSNull(),
        "subject": node.subject,
        "depth": node.depth,
      ]
    }
    let overview: [[String: Any]] = review.archive.overview.map {
      ["date": $0.date, "author": $0.author, "depth": $0.depth, "current": $0.current]
    }
    let series: [[String: Any]] = review.series.map { series in
      [
        "title": series.title,
        "versions": series.versions.map { version in
          [
            "version": version.version,
            "patches": version.patches.map { patch in
              [
                "subject": patch.subject,
                "trailers": patch.trailers.map { trailer in
                  [
                    "name": trailer.name, "value": trailer.value,
                    "by": trailer.by as Any? ?? NSNull(),
                  ]
                },
              ] as [String: Any]
            },
            "changes": version.changes,
          ] as [String: Any]
        },
        "events": series.events.map {
          ["kind": $0.kind, "detail": $0.detail, "message": messageName($0.message)]
        },
      ]
    }
    let patchList: [[String: Any]] = patches.map { found in
      [
        "message": messageName(found.message),
        "quoteDepth": found.patch.quoteDepth,
        "files": found.patch.patch.files.map { file in
          [
            "path": file.path,
            "hunks": file.hunks.map {
              [
                "oldStart": $0.oldStart, "oldCount": $0.oldCount, "newStart": $0.newStart,
                "newCount": $0.newCount,
              ]
            },
          ] as [String: Any]
        },
        "repaired": found.patch.repaired,
        "problems": found.patch.problems.map(\.description),
      ]
    }
    var splats: [[String: Any]] = []
    for (index, list) in review.splats.enumerated() {
      for splat in list {
        splats.append([
          "message": messageName(index), "kind": splat.kind.rawValue, "title": splat.title,
          "lockClass": splat.lockClass as Any? ?? NSNull(),
          "sites": splat.sites.map { site in
            [
              "role": site.role, "function": site.function as Any? ?? NSNull(),
              "file": site.file as Any? ?? NSNull(), "line": site.line as Any? ?? NSNull(),
            ]
          },
          "callChain": splat.callChain,
        ])
      }
    }
    let problems: [[String: Any]] = review.problems.map {
      ["where": $0.location, "message": $0.message]
    }
    let root: [String: Any] = [
      "messages": messages, "overview": overview, "series": series, "patches": patchList,
      "splats": splats, "problems": problems,
    ]
    let data =
      (try? JSONSerialization.data(
        withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
      ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  func text() -> String {
    var out = "Messages\n"
    for node in review.tree.nodes {
      let indent = String(repeating: "  ", count: min(node.depth, 40))
      let who = node.from ?? "?"
      let when = node.date?.description ?? "?"
      let what = node.message == nil ? "(not in input) <\(node.id)>" : node.subject
      out += "  \(indent)\(who) · \(when) · \(what.isEmpty ? "(no subject)" : what)\n"
    }
    if !review.archive.overview.isEmpty {
      out += "\nThread overview (\(review.archive.overview.count) messages)\n"
      for entry in review.archive.overview {
        let indent = String(repeating: "  ", count: entry.depth)
        out +=
          "  \(entry.date) \(indent)\(entry.author)\(entry.current ? "  ← this message" : "")\n"
      }
    }
    for (index, quoted) in review.quotes.enumerated() where quoted.authors.count > 1 {
      out += "\nQuoted authors in \(messageName(index)): "
      out += quoted.attributionChain.joined(separator: " → ") + "\n"
      for comment in quoted.comments.prefix(20) where comment.depth < comment.anchor.depth {
        let first = comment.lines.first?.text ?? ""
        out += "  \(comment.author ?? "?") after line \(comment.anchor.number) "
        out += "\"\(comment.anchor.text.prefix(60))\": \(first.prefix(70))\n"
      }
    }
    for series in review.series {
      out += "\nSeries: \(series.title)\n"
      for version in series.versions {
        out += "  \(version.version)\n"
        for change in version.changes { out += "    change: \(change)\n" }
        for patch in version.patches {
          out += "    patch: \(patch.subject)\n"
          for trailer in patch.trailers {
            out += "      \(trailer.name): \(trailer.value)"
            if let by = trailer.by { out += "  (by \(by))" }
            if let meant = trailer.probablyMeant { out += "  ← probably \(meant)" }
            out += "\n"
          }
        }
      }
      for event in series.events {
        out += "  event: \(event.kind) \(event.detail) (\(messageName(event.message)))\n"
      }
    }
    if !patches.isEmpty { out += "\nPatches\n" }
    for found in patches {
      out += "  in \(messageName(found.message)), quote depth \(found.patch.quoteDepth), "
      out +=
        found.patch.repaired ? "repaired (\(found.patch.repairs.count) repairs)\n" : "as posted\n"
      for file in found.patch.patch.files {
        let hunks = file.hunks.map {
          "-\($0.oldStart),\($0.oldCount) +\($0.newStart),\($0.newCount)"
        }
        out += "    \(file.path): \(hunks.joined(separator: "; "))\n"
      }
      for problem in found.patch.problems { out += "    problem: \(problem)\n" }
    }
    for (index, list) in review.splats.enumerated() {
      for splat in list {
        out += "\nSplat (\(splat.kind.rawValue)) in \(messageName(index)): \(splat.title)\n"
        if let lockClass = splat.lockClass { out += "  lock class: \(lockClass)\n" }
        for site in splat.sites {
          let place = site.file.map { "\($0):\(site.line ?? 0)" } ?? "?"
          out += "  \(site.role): \(site.function ?? "?") at \(place)\n"
        }
        if !splat.callChain.isEmpty {
          out += "  call chain: \(splat.callChain.joined(separator: " ← "))\n"
        }
      }
    }
    if !review.problems.isEmpty { out += "\nProblems\n" }
    for problem in review.problems { out += "  \(problem)\n" }
    return out
  }
}
