import LockAnalysis
import PatchDiff

/// Settles statements about a diff — "Add X", "Replace A with B", "waits for the folio to be
/// unlocked", "Add a stub X for the !CONFIG_Y case" — against the patch's own diff, or, for a
/// changelog entry `vN: …`, against what changed from version N-1 to N.
///
/// Every check compares the net count of a name (lines adding it minus lines removing it)
/// in this version with the version before (zero for a statement about the diff alone).
///
/// ```swift
/// let settled = DiffSettler(context: context).settle(.adds, ["A": "cond_resched"], now: v1, before: nil)
/// settled.verdict  // .confirmed, evidence "mm/hmm.c:360: + cond_resched();"
/// ```
struct DiffSettler {
  let context: SettlingContext

  func settle(
    _ check: ClaimCheck, _ captures: [String: String], now: PostedVersion, before: PostedVersion?
  ) -> Settlement {
    let facts = DiffFacts(now.patch)
    let earlier = before.map { DiffFacts($0.patch) }
    let label = now.version ?? "the patch"
    let from = before?.version.map { "\($0)" } ?? "the patch before"
    func net(_ name: String) -> (now: Int, before: Int) {
      (facts.net(name), earlier?.net(name) ?? 0)
    }
    func shown(_ line: DiffFacts.Line?, _ what: String) -> [Evidence] {
      guard let line else { return [] }
      return [Evidence(.diff, file: line.file, line: line.number, "\(line.shown) (\(what))")]
    }
    func scope() -> String { earlier == nil ? "the diff" : "\(label) against \(from)" }
    switch check {
    case .adds:
      let name = captures["A"] ?? ""
      let count = net(name)
      if count.now > count.before {
        return .confirmed(shown(facts.firstAdded(name), "\(label) adds \(name)"))
      }
      return refutation("\(scope()) does not add \(name)", name: name, facts: facts)
    case .removes, .drops:
      let name = captures["A"] ?? ""
      let count = net(name)
      if count.now < count.before {
        let line = earlier == nil ? facts.firstRemoved(name) : earlier?.firstAdded(name)
        let what = earlier == nil ? "removed" : "\(from) added it, \(label) does not"
        return .confirmed(shown(line, what))
      }
      if check == .drops, earlier == nil, count.now <= 0 {
        return .confirmed([Evidence(.diff, "the diff adds no \(name)")])
      }
      return refutation("\(scope()) does not drop \(name)", name: name, facts: facts)
    case .renames:
      let old = captures["A"] ?? ""
      let new = captures["B"] ?? ""
      let goes = net(old)
      let comes = net(new)
      var parts: [Settlement] = []
      parts.append(
        goes.now < goes.before
          ? .confirmed(shown(earlier == nil ? facts.firstRemoved(old) : nil, "\(old) goes"))
          : refutation("\(scope()) does not remove \(old)", name: old, facts: facts))
      parts.append(
        comes.now > comes.before
          ? .confirmed(shown(facts.firstAdded(new), "\(new) comes"))
          : refutation("\(scope()) does not add \(new)", name: new, facts: facts))
      return .combined(parts)
    case .addsStub:
      return StubSettler(context: context).settle(
        name: captures["A"] ?? "", option: captures["CONFIG"], now: now, before: before,
        facts: facts, earlier: earlier)
    case .waitsUnlocked:
      return waits(facts: facts, earlier: earlier, label: label)
    default:
      return .unverifiable(needs: "a diff check for \(check.rawValue)")
    }
  }

  /// An added call that sleeps until a lock is free: a `wait-unlocked` primitive, or a
  /// sleeping page/folio lock.
  private func waits(facts: DiffFacts, earlier: DiffFacts?, label: String) -> Settlement {
    let before = Set(earlier?.addedCalls.map(\.name) ?? [])
    let calls = facts.addedCalls.filter { !before.contains($0.name) }
    for (name, line) in calls {
      guard let primitive = context.table[name] else { continue }
      if primitive.effect == .waitUnlocked
        || (primitive.effect == .acquire && primitive.family == .page)
      {
        return .confirmed([
          Evidence(
            .diff, file: line.file, line: line.number,
            "\(line.shown) (\(name)() sleeps until the lock is free: "
              + "\(primitive.effect.rawValue), \(primitive.evidence))")
        ])
      }
    }
    let unknown = calls.map(\.name).filter { context.table[$0] == nil }
    if !unknown.isEmpty {
      let names = Array(Set(unknown)).sorted().map { "\($0)()" }.joined(separator: ", ")
      return .unverifiable(
        needs: "the lock effect of \(names) (a line of a --primitives table)")
    }
    return .refuted([Evidence(.diff, "no call \(label) adds waits for a lock to be free")])
  }

  /// A refutation, with the closest real name when `name` exists nowhere.
  func refutation(_ detail: String, name: String, facts: DiffFacts) -> Settlement {
    var evidence = [Evidence(.diff, detail)]
    if let closest = context.closestName(to: name) {
      evidence.append(closest)
    }
    return .refuted(evidence)
  }
}
