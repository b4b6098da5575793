import Backport
import KernelTree

/// The mail a stable maintainer sends when a patch does not apply to a line: the
/// commands to try, the conflicting hunks, the missing identifiers and the commits that
/// bring them (the possible dependencies, in the order they went in).
///
/// ```swift
/// print(StableMail(report: report, line: report.lines[1]).text)
/// // Subject: FAILED: patch "mm: Fix …" failed to apply to 6.18-stable tree
/// ```
struct StableMail {
  let report: BackportReport
  let line: LineReport

  /// `6.18` of `linux-6.18.y`.
  var series: String { String(line.line.dropFirst("linux-".count).dropLast(2)) }

  var text: String {
    let subject = report.patch.subject
    var out = "Subject: FAILED: patch \"\(subject)\" failed to apply to \(series)-stable tree\n\n"
    out += "The patch below does not apply to the \(series)-stable tree.\n"
    out += "If someone wants it applied there, or to any other stable or longterm\n"
    out += "tree, then please email the backport, including the original git commit\n"
    out += "id to <stable@vger.kernel.org>.\n\n"
    out += "To reproduce the conflict and resubmit, you may use the following commands:\n\n"
    out += "git fetch https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/ "
    out += "\(line.line)\ngit checkout FETCH_HEAD\n"
    if let commit = report.fixCommit {
      out += "git cherry-pick -x \(commit)\n"
    } else {
      out += "git am -3 the-patch.mbox   # the fix is not a commit of this tree yet\n"
    }
    out += "# <resolve conflicts, build, test, etc.>\ngit commit -s\n"
    out +=
      "git send-email --to '<stable@vger.kernel.org>' --subject-prefix 'PATCH \(series).y' HEAD^..\n"
    out += "\nIn \(line.line) the patch is: \(line.status.rawValue)\n"
    let conflicts = line.hunks.filter { $0.status == .conflict || $0.status == .missingFile }
    if !conflicts.isEmpty {
      out += "\nConflicting hunks:\n"
      for hunk in conflicts { out += hunk.report }
    }
    let inexact = line.hunks.filter { $0.status == .fuzz }
    if !inexact.isEmpty {
      out += "\nHunks that apply only with context lines ignored (git apply refuses them):\n"
      for hunk in inexact { out += hunk.report }
    }
    let breaks = line.findings.filter { $0.severity == .error }
    if !breaks.isEmpty {
      out += "\nAs it applies there, the patch has:\n"
      for finding in breaks {
        out += "  \(finding.rule) \(finding.file):\(finding.line): \(finding.message)\n"
      }
    }
    if !line.missing.isEmpty {
      out += "\nMissing in \(line.line):\n"
      for item in line.missing { out += "  \(item.summary)\n" }
    }
    var seen: Set<String> = []
    let dependencies = line.missing.compactMap(\.introducedBy).filter {
      guard let commit = $0.commit else { return false }
      return seen.insert(commit).inserted
    }.sorted { Self.order($0) < Self.order($1) }
    out += "\nPossible dependencies:\n\n"
    if dependencies.isEmpty { out += "  (none found in this repository's history)\n" }
    for dependency in dependencies {
      out += "\(dependency.commit!.prefix(12)) (\"\(dependency.subject ?? "")\")\n"
    }
    out += "\nthanks,\n"
    return out
  }
}

extension StableMail {
  /// Apply order: by the release a dependency came in (unreleased last), as listed otherwise.
  static func order(_ introduction: MissingIdentifier.Introduction) -> KernelVersion {
    introduction.release.flatMap { KernelVersion($0) } ?? KernelVersion(major: 999, minor: 0)
  }
}

extension LineReport {
  /// Whether a FAILED mail is due: the line has the bug, not the fix, and the patch does not
  /// go in as it is.
  var needsMail: Bool { needsWork }
}
