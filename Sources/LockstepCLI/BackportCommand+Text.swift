import Backport
import Foundation

/// The plain-text form: a header on the `Fixes:` target and stated range, one table row
/// per line, then the details of every line that is not a clean `applies`.
///
/// ```
/// line          affected  status           hunks    needs                        builds
/// linux-6.18.y  yes       already-applied  fuzz     softleaf_t, softleaf_is_…    ok
/// ```
extension BackportReport {
  var text: String {
    guard let series else { return single }
    var out = "series: \(patch.subject.isEmpty ? "(no subject)" : patch.subject)\n"
    for note in notes { out += "note: \(note)\n" }
    out += "\n" + table
    for line in lines where line.status != .applies || !line.missing.isEmpty {
      out += "\n" + line.details
    }
    for (index, each) in series.enumerated() {
      out += "\n=== patch \(index + 1)/\(series.count)\n" + each.single
    }
    return out
  }

  /// The form of one patch: header, table, details.
  var single: String {
    var out = "patch: \(patch.subject.isEmpty ? "(no subject)" : patch.subject)\n"
    if let fixes {
      let release = fixes.firstRelease.map { ", first in \($0)" } ?? ""
      out +=
        "Fixes: \(fixes.commit.prefix(12)) (\"\(fixes.subject ?? "?")\")\(release), "
        + "matched by \(fixes.matchedBy)\n"
    }
    if let statedRange {
      let named = statedRange.lines.isEmpty ? "no line" : statedRange.lines.joined(separator: ", ")
      out +=
        "stated range: \(statedRange.text) → \(named)"
        + (statedRange.mismatch.map { "; MISMATCH: \($0)" } ?? " (agrees with the tree)") + "\n"
    }
    for note in notes { out += "note: \(note)\n" }
    out += "\n" + table
    for line in lines where line.status != .applies || !line.missing.isEmpty {
      out += "\n" + line.details
    }
    return out
  }

  /// One row per line.
  var table: String {
    var rows = [["line", "affected", "status", "hunks", "needs", "builds", "findings"]]
    for line in lines {
      let numbered = series != nil
      let landings = line.hunks.map { hunk in
        (numbered ? "\(hunk.patch):" : "")
          + (hunk.status == .offset ? "offset \(hunk.offset)" : hunk.status.rawValue)
      }
      rows.append([
        line.line, line.affected ? "yes" : "no", line.status.rawValue,
        landings.joined(separator: ","),
        line.missing.isEmpty ? "-" : line.missing.map(\.identifier).joined(separator: ","),
        line.builds.map { $0 ? "ok" : "stub-gap" } ?? "-",
        "\(line.findings.filter { $0.severity != .info }.count)",
      ])
    }
    return TextTable(rows).rendered + "\n"
  }
}

extension LineReport {
  /// What a maintainer needs to know about this line: why, where it conflicts, what it needs.
  var details: String {
    var out = "== \(line): \(status.rawValue)\n"
    for item in evidence { out += "  \(item)\n" }
    let goesIn = status != .alreadyApplied && status != .notAffected
    for hunk in hunks where goesIn && hunk.status != .clean {
      out += hunk.report
    }
    for item in missing { out += "  needs " + item.summary + "\n" }
    if !dependencies.isEmpty, status != .alreadyApplied {
      out += "  possible dependencies, in the order to apply them:\n"
      for dependency in dependencies { out += "    " + dependency.summary + "\n" }
    }
    for finding in findings where finding.severity != .info {
      out +=
        "  \(finding.severity.rawValue) \(finding.rule) \(finding.file):\(finding.line) "
        + "\(finding.function): \(finding.message)\n"
    }
    return out
  }
}

extension HunkCheck {
  /// The summary line and, for a conflict, the lines that differ, indented for a report.
  var report: String {
    var out = "  \(patch > 1 ? "patch \(patch): " : "")\(file) hunk \(hunk): \(summary)\n"
    for difference in differing {
      let expected = difference.expected.trimmingCharacters(in: .whitespaces)
      let actual = difference.actual.map { "`\($0.trimmingCharacters(in: .whitespaces))`" }
      out += "    line \(difference.line): expected `\(expected)`, found "
      out += (actual ?? "the end of the file") + "\n"
    }
    return out
  }

  /// `fuzz 2 at line 4684`, `conflict; closest line 4101 (5 of 9 lines match)`.
  var summary: String {
    switch status {
    case .clean: "clean at line \(line ?? 0)"
    case .offset: "offset \(offset) at line \(line ?? 0)"
    case .fuzz: "fuzz \(fuzz)" + (offset == 0 ? "" : ", offset \(offset)") + " at line \(line ?? 0)"
    case .conflict: "conflict; closest " + (closest ?? "place unknown")
    case .missingFile: "the file is not in this line"
    }
  }
}

extension MissingIdentifier {
  /// `softleaf_t (type): introduced by 3c1f9a2b7d10 "mm: introduce …" (v6.19); use `swp_entry_t` here`.
  var summary: String {
    var out = "\(identifier) (\(kind.rawValue))"
    if let signatureHere {
      out += ": here `\(signatureHere)`"
      if let signatureUpstream { out += ", upstream `\(signatureUpstream)`" }
    } else {
      out += ": not in this line"
    }
    if let introducedBy {
      if let commit = introducedBy.commit {
        out += "; introduced by \(commit.prefix(12)) (\"\(introducedBy.subject ?? "")\")"
        if let release = introducedBy.release { out += ", in \(release)" }
      } else if let release = introducedBy.release {
        out += "; first present in \(release)"
      }
    }
    if let advice { out += "; \(advice)" }
    return out
  }
}

extension Dependency {
  /// `2b2b53626f3e ("mm: introduce softleaf_t …"), in v6.19: softleaf_t, softleaf_is_hwpoison`.
  var summary: String {
    let names = identifiers.joined(separator: ", ")
    guard let commit else {
      return "(no commit in this repository) first present in \(release ?? "no release"): \(names)"
    }
    return "\(commit.prefix(12)) (\"\(subject ?? "")\")"
      + (release.map { ", in \($0)" } ?? "") + ": " + names
  }
}
