import Foundation
import MailThread
import PatchDiff

extension ThreadOutput {
  /// Writes the JSON object section by section and element by element, the way one
  /// `JSONSerialization` pass over it would print it, so the whole tree of objects never
  /// exists at once. Absent values are `null`; every message is named by its `messages[].id`.
  func writeJSON(to out: inout ChunkedWriter) {
    let nodes = review.tree.nodes
    let messages = nodes.lazy.map { node -> [String: Any] in
      let quoted = node.message.map { review.quotes[$0] }
      return [
        "id": node.id,
        "parent": Self.json(node.parent.map { nodes[$0].id }),
        "from": Self.json(node.from),
        "date": Self.json(node.date?.iso8601),
        "subject": node.subject,
        "depth": node.depth,
        "attributions": quoted.map { $0.authors.dropFirst().map(Self.json) } ?? [],
        "comments": (quoted?.comments ?? []).map { comment in
          [
            "by": Self.json(comment.author), "anchor": comment.anchor.text,
            "text": comment.lines.map(\.text).joined(separator: "\n"),
          ] as [String: Any]
        },
      ]
    }
    let overview = review.archive.overview.lazy.map { (entry) -> [String: Any] in
      [
        "date": Self.iso8601(overviewDate: entry.date), "author": entry.author,
        "depth": entry.depth, "current": entry.current,
      ]
    }
    let series = review.series.lazy.map { series -> [String: Any] in
      [
        "title": series.title,
        "versions": series.versions.indices.map { seriesJSON(series, version: $0) },
        "events": series.events.map {
          [
            "kind": $0.kind.rawValue, "detail": $0.detail, "message": messageName($0.message),
            "copyOf": Self.json($0.copyOf), "commit": Self.json($0.commit),
          ] as [String: Any]
        },
      ]
    }
    let patchList = entries.lazy.map { entry -> [String: Any] in
      let found = patches[entry.shown]
      return [
        "message": messageName(found.message),
        "role": entry.kind.rawValue,
        "series": Self.json(entry.series.map { review.series[$0].title }),
        "version": Self.json(entry.version),
        "copyOf": Self.json(entry.copyOf),
        "copies": entry.copies.map { messageName(patches[$0].message) },
        "quoteDepth": found.patch.quoteDepth,
        "patchId": found.patchID,
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
        "comments": newComments(entry).map { message, comment in
          [
            "by": Self.json(author(of: comment, in: message)), "message": messageName(message),
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
          "lockClass": Self.json(splat.lockClass), "config": Self.json(splat.config),
          "testedPatch": Self.json(splat.testedPatch),
          "sites": splat.sites.map { site in
            [
              "role": site.role, "function": Self.json(site.function),
              "file": Self.json(site.file), "line": Self.json(site.line),
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

  private func seriesJSON(_ series: PatchSeries, version index: Int) -> [String: Any] {
    let version = series.versions[index]
    let rangeDiff = rangeDiff(series, index).map { from, comparisons -> [String: Any] in
      [
        "from": from,
        "patches": comparisons.map { comparison in
          [
            "filesAdded": comparison.filesAdded, "filesRemoved": comparison.filesRemoved,
            "files": comparison.files.map { file in
              [
                "path": file.path, "hunksAdded": file.hunksAdded.map(\.header),
                "hunksRemoved": file.hunksRemoved.map(\.header),
                "hunksChanged": file.hunksChanged.map { "\($0.old.header) → \($0.new.header)" },
                "unchanged": file.unchanged,
              ] as [String: Any]
            },
          ] as [String: Any]
        },
      ]
    }
    return [
      "version": version.version,
      "stableLine": Self.json(version.stableLine),
      "upstreamCommit": Self.json(version.upstreamCommit),
      "coverLetter": Self.json(version.coverLetter.map(messageName)),
      "patches": version.patches.map { patch in
        [
          "subject": patch.subject,
          "message": Self.json(patch.message.map(messageName)),
          "author": Self.json(patch.author),
          "date": Self.json(patch.date?.iso8601),
          "patchId": Self.json(patch.patchID),
          "trailers": patch.trailers.map { trailer in
            ["name": trailer.name, "value": trailer.value, "by": Self.json(trailer.by)]
          },
        ] as [String: Any]
      },
      "changes": version.changes,
      "rangeDiff": rangeDiff as Any? ?? NSNull(),
    ]
  }

  /// A value, or JSON's `null`.
  static func json<T>(_ value: T?) -> Any { value.map { $0 as Any } ?? NSNull() }

  /// An archive overview's `2026-01-31 21:42` (UTC) as ISO 8601, `2026-01-31T21:42Z`;
  /// anything else as written.
  static func iso8601(overviewDate text: String) -> String {
    let parts = text.split(separator: " ")
    guard parts.count == 2, parts[0].count == 10, parts[1].count == 5,
      parts[1].dropFirst(2).first == ":"
    else { return text }
    return "\(parts[0])T\(parts[1])Z"
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
}
