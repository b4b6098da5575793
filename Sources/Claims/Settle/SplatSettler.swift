import CSyntax
import LockAnalysis
import MailThread
import PathSimulator
import Review

/// Settles reports pasted into a thread: a lockdep "possible recursive locking detected" by
/// the analyzer's `recursive-lock` in the function holding the lock and a deadlock run of its
/// paths; a build robot's "implicit declaration of function X" by the `stub-gap` for X in the
/// version it tested, and its absence in the next version.
///
/// The code is the patch of the thread that changes the function, else the function as the
/// tree has it at the base revision.
struct SplatSettler {
  let context: SettlingContext

  func settle(_ check: ClaimCheck, splat: Splat, captures: [String: String]) -> Settlement {
    switch check {
    case .recursiveLock: return recursion(splat)
    case .stubGap: return buildError(splat, name: captures["A"] ?? "")
    default: return .unverifiable(needs: "a splat check for \(check.rawValue)")
    }
  }

  /// `dmirror_fault_and_migrate_to_device.constprop.0` → `dmirror_fault_and_migrate_to_device`.
  static func plainName(_ function: String) -> String {
    String(function.prefix { $0 != "." && $0 != "+" })
  }

  private func recursion(_ splat: Splat) -> Settlement {
    let held = splat.sites.filter { $0.role == "held" }.compactMap(\.function).map(Self.plainName)
    let acquiring = splat.sites.filter { $0.role == "acquiring" }.compactMap(\.function)
      .map(Self.plainName)
    var functions: [String] = []
    for name in held + acquiring where !functions.contains(name) { functions.append(name) }
    guard !functions.isEmpty else {
      return .unverifiable(needs: "the functions the report names (no acquisition site read)")
    }
    // The code: a version of the thread that changes one of the functions, else the tree.
    var analysis: PatchAnalysis?
    var source = ""
    var version: Int?
    if let index = context.versions.lastIndex(where: { version in
      version.analysis.functions.contains { functions.contains($0.name) }
    }) {
      analysis = context.versions[index].analysis
      version = index
      source = context.versions[index].version ?? "the patch"
    } else if let index = context.index,
      let file = splat.sites.compactMap(\.file).first,
      let parsed = index.source(file),
      parsed.functions.contains(where: { functions.contains($0.name) })
    {
      analysis = context.analyzer.analyze(file: parsed)
      source = "\(file) at \(context.baseName)"
    }
    guard let analysis else {
      return .unverifiable(
        needs: context.index == nil
          ? "--tree: the code of \(functions.map { "\($0)()" }.joined(separator: ", "))"
          : "a patch or tree file with \(functions.map { "\($0)()" }.joined(separator: ", "))")
    }
    guard
      let finding = analysis.findings.first(where: {
        $0.rule == .recursiveLock && $0.severity != .info && functions.contains($0.function)
      })
    else {
      return .unverifiable(
        needs: "a recursive-lock in \(functions.map { "\($0)()" }.joined(separator: " or ")) "
          + "(the analyzer finds none in \(source))")
    }
    var evidence = [
      Evidence(
        .finding, file: finding.file, line: finding.line,
        "recursive-lock in \(finding.function)() (\(source)): \(finding.message)")
    ]
    let replay: PatchReplay?
    if let version {
      replay = context.replay(version)
    } else {
      replay = try? Simulator.replay(
        PatchPaths.of([analysis]), contenders: try ContenderTable.shipped())
    }
    if let change = replay?.changes.first(where: {
      $0.kind == .introducesDeadlock && functions.contains($0.function)
    }) {
      evidence.append(
        BehaviourSettler.evidence(change, label: source, also: [], compared: version != nil))
    }
    return .confirmed(evidence)
  }

  private func buildError(_ splat: Splat, name: String) -> Settlement {
    guard let tested = splat.testedPatch else {
      return .unverifiable(needs: "the patch the report tested (no \"patch subject:\" line)")
    }
    let subject = SubjectLine(tested)
    let label = subject.stableLine.map { "\($0).y" } ?? "v\(subject.version)"
    guard
      let index = context.versions.firstIndex(where: {
        $0.version == label && SubjectLine($0.subject).title == subject.title
      }) ?? context.versions.firstIndex(where: { $0.version == label })
    else {
      return .unverifiable(needs: "the patch tested (\(tested)) in the thread")
    }
    let version = context.versions[index]
    guard context.input.sourceTree != nil else {
      return .unverifiable(needs: "--tree: the headers, Makefiles and Kconfig the build reads")
    }
    guard let gap = StubSettler.stubGaps(version.analysis, name: name).first else {
      return .unverifiable(
        needs: "a stub-gap for \(name)() in \(label) (the analyzer finds none)")
    }
    var evidence = [
      Evidence(
        .finding, file: gap.file, line: gap.line, "\(label) has the stub-gap: \(gap.message)")
    ]
    if let next = context.versions.first(where: {
      $0.series == version.series && $0.order > version.order
    }) {
      let still = StubSettler.stubGaps(next.analysis, name: name)
      evidence.append(
        Evidence(
          .version,
          "\(next.version ?? "the next version") \(still.isEmpty ? "has no stub-gap for \(name)()" : "still has it")"
        ))
    }
    return .confirmed(evidence)
  }
}
