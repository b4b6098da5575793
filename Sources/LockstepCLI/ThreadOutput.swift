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

  /// The author of a comment's quote level, from the message's attributions.
  private func author(of comment: InlineComment, in message: Int) -> String? {
    let authors = review.quotes[message].authors
    return comment.quoteDepth < authors.count ? authors[comment.quoteDepth] : nil
  }

  /// Writes the JSON object section by section and element by element, the way one
  /// `JSONSerialization` pass over it would print it, so the whole tree of objects never
  /// exists at once.
  func writeJSON(to out: inout ChunkedWriter) {
    let nodes = review.tree.nodes
    let messages = nodes.lazy.map { node -> [String: Any] in
      [
        "id": node.id,
        "parent": node.parent.map { nodes[$0].id } as Any? ?? NSNull(),
        "from": node.from as Any? ?? NSNull(),
        "date": node.date?.iso8601 as Any? ?? NSNull(),
        "subject": node.subject,
        "depth": node.depth,
      ]
    }
    let overview = review.archive.overview.lazy.map { (entry) -> [String: Any] in
      ["date": entry.date, "author": entry.author, "depth": entry.depth, "current": entry.current]
    }
    let series = review.series.lazy.map { series -> [String: Any] in
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
    let patchList = patches.lazy.map { found -> [String: Any] in
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
        "comments": found.patch.comments.map { comment in
          [
            "by": author(of: comment, in: found.message) as Any? ?? NSNull(),
            "file": comment.file, "anchor": comment.anchorText,
            "text": comment.text.joined(separator: "\n"),
          ] as [String: Any]
        },
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
    let problems = review.problems.lazy.map { problem -> [String: Any] in
      ["where": problem.location, "message": problem.message]
    }
    out += "{\n"
    let sections: [(String, AnySequence<[String: Any]>)] = [
      ("messages", AnySequence(messages)), ("overview", AnySequence(overview)),
      ("patches", AnySequence(patchList)), ("problems", AnySequence(problems)),
      ("series", AnySequence(series)), ("splats", AnySequence(splats)),
    ]
    for (number, (key, elements)) in sections.enumerated() {
      out += "  \"\(key)\" : ["
      var first = true
      for element in elements {
        out += (first ? "\n" : ",\n") + Self.indented(Self.prettyJSON(element))
        first = false
      }
      if first { out += "\n" }
      out += "\n  ]" + (number == sections.count - 1 ? "\n" : ",\n")
    }
    out += "}\n"
  }

  /// One object as `JSONSerialization` prints it (pretty, sorted keys).
  static func prettyJSON(_ object: [String: Any]) -> String {
    let data =
      (try? JSONSerialization.data(
        withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
      ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
  }

  /// The lines of an element of a top-level array, indented as the whole object puts them.
  static func indented(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.isEmpty ? "" : "    " + $0
    }.joined(separator: "\n")
  }

  /// Writes the text form, a section at a time.
  func writeText(to out: inout ChunkedWriter) {
    out += "Messages\n"
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
      for comment in found.patch.comments {
        let who = author(of: comment, in: found.message) ?? "?"
        out += "    \(who) after \(comment.file) \"\(comment.anchorText)\": "
        out += "\(comment.text.first?.prefix(70) ?? "")\n"
      }
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
  }
}
