import Backport

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
    out +=
      line.status.applies
      ? "The patch below applies to the \(series)-stable tree, but not as it is: it needs\n"
        + "what the tree lacks (below).\n"
      : "The patch below does not apply to the \(series)-stable tree.\n"
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
    out += "\nPossible dependencies, in the order to apply them:\n\n"
    if line.dependencies.isEmpty { out += "  (none found in this repository's history)\n" }
    for dependency in line.dependencies { out += dependency.summary + "\n" }
    out += "\nthanks,\n"
    return out
  }
}

extension LineReport {
  /// Whether a FAILED mail is due: the line has the bug, not the fix, and the patch does not
  /// go in as it is.
  var needsMail: Bool { needsWork }
}
