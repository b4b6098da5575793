import Backport
import KernelTree
import MailThread
import PatchDiff

/// Settles a patch's trailers against the tree: `Fixes: <sha> ("subject")` — the commit
/// exists (by id, else by subject), its subject is the one quoted, and it introduced lines
/// this patch changes; `Cc: stable # vX.Y+` — the range names the stable lines that have the
/// bug, as the backport check judges them.
///
/// ```swift
/// TrailerSettler(context: context).settle(.fixes, trailer: fixes, version: v3)
/// // confirmed: 4f1c… "mm/migrate: Trylock device page in do_swap_page" (by subject) …
/// ```
struct TrailerSettler {
  let context: SettlingContext

  func settle(_ check: ClaimCheck, trailer: MailThread.Trailer, version: PostedVersion)
    -> Settlement?
  {
    switch check {
    case .fixes: return fixes(trailer, version: version)
    case .stableRange: return trailer.stableRange == nil ? nil : stableRange(version)
    case .reported: return ReportSettler(context: context).settle(trailer, version: version)
    default: return nil
    }
  }

  /// The request the backport check takes: the subject, the trailers as a commit message.
  private func request(_ version: PostedVersion, trailers: [MailThread.Trailer])
    -> BackportRequest
  {
    BackportRequest(
      subject: version.subject,
      message: version.subject + "\n\n"
        + trailers.map { "\($0.name): \($0.value)" }.joined(separator: "\n"),
      patch: version.patch)
  }

  private func fixes(_ trailer: MailThread.Trailer, version: PostedVersion) -> Settlement? {
    guard let (id, subject) = request(version, trailers: [trailer]).fixes else { return nil }
    guard let repository = context.input.repository else {
      return .unverifiable(needs: "--tree: a git tree to look \(id) up in")
    }
    let resolution: FixesResolution
    do {
      resolution = try repository.resolveFixes(id: id, subject: subject)
    } catch {
      return .unverifiable(
        needs: "a tree that has \(id)\(subject.map { " or a commit titled \"\($0)\"" } ?? "")")
    }
    let target: CommitInfo
    do {
      target = try repository.commit(resolution.commit)
    } catch {
      return .unverifiable(needs: "a readable commit \(resolution.commit.short): \(error)")
    }
    let named = Evidence(
      .commit,
      "\(target.id.short) \"\(target.subject)\" (by \(resolution.matchedBy.rawValue))")
    if let actual = resolution.subjectMismatch {
      return .refuted([
        Evidence(.commit, "\(id) is \"\(actual)\", not \"\(subject ?? "")\"")
      ])
    }
    guard let text = try? repository.diffText(of: target.id),
      let introduced = try? PatchParser.parse(text)
    else {
      return .unverifiable(needs: "the diff of \(target.id.short) (it could not be read)", [named])
    }
    let changed = Self.changedLines(version.patch)
    var evidence = [named]
    var seen: Set<String> = []
    for file in introduced.files {
      for hunk in file.hunks {
        for line in hunk.lines where line.kind == .added {
          let key = Self.squeezed(line.text)
          guard key.count > 3, let mine = changed[file.path]?[key], seen.insert(key).inserted
          else { continue }
          evidence.append(
            Evidence(
              .diff, file: file.path, line: mine,
              "\(target.id.short) introduced \"\(key)\", which \(version.version ?? "the patch") changes"
            ))
        }
      }
    }
    if evidence.count > 1 { return .confirmed(Array(evidence.prefix(4))) }
    let theirs = introduced.files.map(\.path).joined(separator: ", ")
    let mine = version.patch.files.map(\.path).joined(separator: ", ")
    return .unverifiable(
      needs: "a line \(target.id.short) introduced among the lines this patch changes (it changes "
        + "\(mine); \(target.id.short) added lines to \(theirs))", [named])
  }

  /// Per file, the lines the patch changes (removed, else its context when it removes none),
  /// whitespace squeezed, with their pre-image line.
  static func changedLines(_ patch: Patch) -> [String: [String: Int]] {
    var lines: [String: [String: Int]] = [:]
    let removesSome = patch.files.contains {
      $0.hunks.contains { $0.lines.contains { $0.kind == .removed } }
    }
    for file in patch.files {
      for hunk in file.hunks {
        var old = hunk.oldStart
        for line in hunk.lines where line.kind != .added {
          if line.kind == .removed || !removesSome {
            lines[file.path, default: [:]][squeezed(line.text)] = old
          }
          old += 1
        }
      }
    }
    return lines
  }

  static func list(_ lines: [String]) -> String {
    lines.isEmpty ? "no line" : lines.joined(separator: ", ")
  }

  static func squeezed(_ text: String) -> String {
    text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
  }

  private func stableRange(_ version: PostedVersion) -> Settlement? {
    let stable = version.trailers.filter {
      $0.name.lowercased() == "cc" || $0.name.lowercased() == "fixes"
    }
    let request = request(version, trailers: stable)
    guard request.statedRange != nil else { return nil }
    guard let repository = context.input.repository else {
      return .unverifiable(needs: "--tree: a git tree with the stable lines (linux-X.Y.y)")
    }
    guard context.input.budget == .thread else {
      return .unverifiable(
        needs: "the stable lines' check (lockstep claims or lockstep backport runs it; a "
          + "per-patch check does not)")
    }
    // A tree without stable lines settles nothing: the backport check's identifier scans
    // (seconds on a real tree) are not run for it.
    guard let lines = try? repository.stableLines(), !lines.isEmpty else {
      return .unverifiable(needs: "stable lines (linux-X.Y.y branches or tags) in the tree")
    }
    // The backport check costs seconds on a whole kernel: kept under what it reads.
    let cache = SettlementCache.of(
      repository, check: "stable-range",
      parts: [
        request.message, version.patch.text,
        lines.map { "\($0.name) \($0.tip.hex)" }.joined(separator: "\n"),
        (try? repository.mainlineHead().hex) ?? "",
        ((try? repository.tags(matching: "v*")) ?? []).joined(separator: " "),
      ])
    if let known = cache.load() { return known }
    let settled = stableRange(request, in: repository)
    cache.store(settled)
    return settled
  }

  private func stableRange(_ request: BackportRequest, in repository: KernelRepository)
    -> Settlement
  {
    let report: BackportReport
    do {
      report = try Backporter(repository: repository, table: context.table).check(
        request, depth: .affected)
    } catch {
      return .unverifiable(needs: "a readable tree for the backport check: \(error)")
    }
    guard let stated = report.statedRange, !report.lines.isEmpty else {
      return .unverifiable(needs: "stable lines (linux-X.Y.y branches or tags) in the tree")
    }
    // Where the Fixes: target is known, the bug is where the target is; the pre-image alone
    // (the lines the fix changes) says only that the fix applies there.
    let targetKnown = report.fixes.map { $0.matchedBy != "unknown" } ?? false
    let buggy = report.lines.filter {
      $0.affected && (!targetKnown || $0.affectedBy == .fixesTarget)
    }.map(\.line)
    let named = Evidence(
      .stable,
      "\(stated.text) names \(Self.list(stated.lines)); the bug is on \(Self.list(buggy))"
        + (targetKnown ? " (where the Fixes: target is)" : ""))
    let missed = buggy.filter { !stated.lines.contains($0) }
    let extra = stated.lines.filter { !buggy.contains($0) }
    guard missed.isEmpty, extra.isEmpty else {
      var why: [String] = []
      if !missed.isEmpty { why.append("the range misses \(Self.list(missed)), which has the bug") }
      if !extra.isEmpty { why.append("the range names \(Self.list(extra)), which lacks the bug") }
      return .refuted([named, Evidence(.stable, why.joined(separator: "; "))])
    }
    return .confirmed([named])
  }
}
