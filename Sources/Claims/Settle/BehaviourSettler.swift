import LockAnalysis
import PathSimulator

/// Settles behaviour claims — "we end up in a livelock", "it will spin until it succeeds",
/// "deadlock" — by the analyzer's findings on the patch's paths and the simulator's runs of
/// them against their contenders, before and after the patch, in the configuration the
/// message states ("No or voluntary only preemption", "the same CPU").
///
/// ```swift
/// BehaviourSettler(context: context).settle(.livelock, version: 2, stated: condition)
/// // confirmed: before the patch, livelock against migrate_device_unmap (none, 1 CPU) …
/// ```
struct BehaviourSettler {
  let context: SettlingContext

  /// `inReply`: a reply's statement ("you could get a stable livelock") may be about the
  /// patch it answers as well as the bug: a run before or after the patch settles it.
  func settle(
    _ check: ClaimCheck, version index: Int, stated: StatedCondition, inReply: Bool = false
  ) -> Settlement {
    let version = context.versions[index]
    switch check {
    case .spins:
      return spins(version)
    case .livelock, .deadlock:
      return run(check, version: index, stated: stated, inReply: inReply)
    default:
      return .unverifiable(needs: "a behaviour check for \(check.rawValue)")
    }
  }

  /// The analyzer's `trylock-retry` on the changed functions, before or after the patch.
  private func spins(_ version: PostedVersion) -> Settlement {
    let label = version.version ?? "the patch"
    if let before = version.analysis.findingsBefore.first(where: { $0.rule == .trylockRetry }) {
      return .confirmed([
        Evidence(
          .finding, file: before.file, line: before.line,
          "before \(label): trylock-retry in \(before.function)(): \(before.message)")
      ])
    }
    // A commit message describes the bug it fixes: a spin only the patch brings does not
    // settle it.
    if let after = version.analysis.findings.first(where: {
      $0.rule == .trylockRetry && $0.severity != .info
    }) {
      return .unverifiable(
        needs: "a spin before \(label): the analyzer finds one only with the patch",
        [
          Evidence(
            .finding, file: after.file, line: after.line,
            "with \(label): trylock-retry in \(after.function)(): \(after.message)")
        ])
    }
    let functions = version.analysis.functions.map { "\($0.name)()" }.joined(separator: ", ")
    if context.input.sourceTree == nil {
      return .unverifiable(
        needs: "--tree: the whole changed functions, to find a trylock whose failure is retried")
    }
    return .unverifiable(
      needs:
        "a trylock-retry on the changed paths (none in \(functions.isEmpty ? "no function" : functions))"
    )
  }

  private func run(
    _ check: ClaimCheck, version index: Int, stated: StatedCondition, inReply: Bool
  ) -> Settlement {
    let label = context.versions[index].version ?? "the patch"
    guard context.input.budget == .thread else {
      return .unverifiable(
        needs: "a simulator run of \(label)'s paths (lockstep claims replays them; a per-patch "
          + "check does not)")
    }
    guard let replay = context.replay(index) else {
      return .unverifiable(needs: "a simulator run of \(label)'s paths (it could not be run)")
    }
    // A commit message describes the bug it fixes: the run must show it before the patch.
    let removes: ChangeKind = check == .livelock ? .removesLivelock : .removesDeadlock
    let introduces: ChangeKind = check == .livelock ? .introducesLivelock : .introducesDeadlock
    let found = replay.changes.filter { $0.kind == removes || inReply && $0.kind == introduces }
    func inStated(_ change: Change) -> Bool {
      (stated.preempt.isEmpty || stated.preempt.contains(change.preempt))
        && (stated.cpus.map { $0 == change.cpus } ?? true)
    }
    let configuration = Self.describe(stated)
    if let change = found.first(where: inStated) {
      let matching = found.filter(inStated)
      var configurations: [String] = []
      for other in matching {
        let text = "\(other.preempt.rawValue)/\(other.cpus) CPU"
        if !configurations.contains(text) { configurations.append(text) }
      }
      var evidence = [Self.evidence(change, label: label, also: configurations)]
      let outside = replay.changes.filter { !inStated($0) && $0.preempt != change.preempt }
      if !stated.preempt.isEmpty, let calm = outside.first(where: { $0.kind != change.kind }) {
        evidence.append(
          Evidence(
            .simulation,
            "under \(calm.preempt.rawValue) preemption (not stated): \(calm.kind.rawValue), "
              + "as the message says"))
      }
      return .confirmed(evidence)
    }
    if let elsewhere = found.first {
      return .unverifiable(
        needs: "a run in the stated configuration (\(configuration)) that shows it: the simulator "
          + "finds it only under \(elsewhere.preempt.rawValue)/\(elsewhere.cpus) CPU",
        [Self.evidence(elsewhere, label: label, also: [])])
    }
    if let after = replay.changes.first(where: { $0.kind == introduces }) {
      return .unverifiable(
        needs: "a run that shows the \(check.rawValue) before \(label): the simulator finds it "
          + "only with the patch",
        [Self.evidence(after, label: label, also: [])])
    }
    if replay.changes.contains(where: { $0.kind == .undecided }) {
      return .unverifiable(needs: "a larger state bound: a run of \(label) reached its bound")
    }
    if replay.isEmpty {
      return .unverifiable(
        needs: "a contender for what \(label)'s changed paths touch (--contenders FILE)")
    }
    let races = Set(replay.changes.map(\.contender)).sorted().joined(separator: ", ")
    return .unverifiable(
      needs: "a race that shows the \(check.rawValue): none of \(label)'s races (against "
        + "\(races)) does, before or after, in \(configuration)")
  }

  static func describe(_ stated: StatedCondition) -> String {
    let models =
      stated.preempt.isEmpty
      ? "every preemption model" : stated.preempt.map(\.rawValue).joined(separator: "/")
    return models + (stated.cpus.map { ", \($0) CPU" } ?? "")
  }

  /// A run as evidence; `compared` is false for code read from the tree, which has no side
  /// before a patch to compare with.
  static func evidence(
    _ change: Change, label: String, also configurations: [String], compared: Bool = true
  ) -> Evidence {
    let side =
      !compared ? "in \(label)" : change.kind.isRegression ? "with \(label)" : "before \(label)"
    let what = change.kind.rawValue.split(separator: "-").last.map(String.init) ?? ""
    let last = change.trace.last
    let configurationsText =
      configurations.count > 1
      ? " (also \(configurations.dropFirst().joined(separator: ", ")))" : ""
    return Evidence(
      .simulation, file: last?.file, line: last?.line,
      "\(side): \(what) against \(change.contender) (\(change.contenderSource)) in "
        + "\(change.function)() under \(change.preempt.rawValue) preemption, \(change.cpus) CPU"
        + "\(configurationsText); \(change.trace.count) steps"
        + (change.starved.isEmpty ? "" : ", starved: \(change.starved.joined(separator: ", "))")
        + (compared ? "; \(change.kind.isRegression ? "not before" : "not after")" : ""))
  }
}
