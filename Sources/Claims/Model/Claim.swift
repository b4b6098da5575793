/// A checkable statement made in a thread, and what settles it.
///
/// ```text
/// confirmed  changelog v3 "Add a stub migration_entry_wait_on_locked() for the
///            !CONFIG_MIGRATION case." — include/linux/migrate.h:100 defines it; v2 has the
///            stub-gap, v3 not
/// ```
///
/// Invariant: an `unverifiable` claim says what would settle it (`needs` is set); a
/// `confirmed` or `refuted` one has evidence.
public struct Claim: Sendable, Equatable {
  /// The message the statement is in: its Message-ID, else `#N` (its position, from 1).
  public var message: String
  /// The version of the patch the message posts or answers (`v3`), when known.
  public var version: String?
  public var kind: ClaimKind
  /// The statement as written (one sentence, one changelog entry, one trailer, a splat title).
  public var text: String
  /// The patch the claim is about: its subject.
  public var subject: String?
  public var verdict: Verdict
  public var evidence: [Evidence]
  /// For `unverifiable`: what would settle the claim.
  public var needs: String?

  public init(
    message: String, version: String?, kind: ClaimKind, text: String, subject: String?,
    verdict: Verdict, evidence: [Evidence], needs: String?
  ) {
    self.message = message
    self.version = version
    self.kind = kind
    self.text = text
    self.subject = subject
    self.verdict = verdict
    self.evidence = evidence
    self.needs = needs
    assert(verdict != .unverifiable || needs != nil, "an unverifiable claim says what it needs")
  }
}

/// What a claim is about, and so how it is settled.
public enum ClaimKind: String, Sendable, Codable, CaseIterable {
  /// A commit message's statement about its own diff ("Replace A with B").
  case diff
  /// A changelog entry (`v3: …`), settled against the change from the version before.
  case changelog
  /// `Fixes:`, `Cc: stable # vX.Y+`.
  case trailer
  /// A reply's statement about code in the tree ("lru_cache_disable() is using …").
  case codeFact = "code-fact"
  /// "This livelocks", "spins until it succeeds": settled by the analyzer and the simulator.
  case behaviour
  /// A lockdep report or a build robot's error pasted into the thread.
  case splat
}

/// The outcome of settling a claim.
public enum Verdict: String, Sendable, Codable, Comparable, CaseIterable {
  case confirmed, refuted, unverifiable

  /// The verdict of several checks of one statement: refuted if any part is, confirmed when
  /// every part is.
  static func combined(_ parts: [Verdict]) -> Verdict {
    if parts.contains(.refuted) { return .refuted }
    if !parts.isEmpty, parts.allSatisfy({ $0 == .confirmed }) { return .confirmed }
    return .unverifiable
  }

  public static func < (lhs: Verdict, rhs: Verdict) -> Bool {
    let order: [Verdict] = [.confirmed, .unverifiable, .refuted]
    return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
  }
}

/// One step of evidence: a diff line, a finding, a simulator run, a commit, a line in the tree.
public struct Evidence: Sendable, Equatable {
  public enum Kind: String, Sendable, Codable {
    /// A line of the patch's diff.
    case diff
    /// The change from the version before (a range-diff).
    case version
    /// A finding of the lock analysis.
    case finding
    /// A run of the simulator.
    case simulation
    /// A commit of the tree.
    case commit
    /// A line of the tree at the base revision.
    case tree
    /// The stable lines the backport check judged.
    case stable
    /// The real name closest to one that exists nowhere.
    case closestName = "closest-name"
  }

  public var kind: Kind
  public var file: String?
  public var line: Int?
  public var detail: String

  public init(_ kind: Kind, file: String? = nil, line: Int? = nil, _ detail: String) {
    self.kind = kind
    self.file = file
    self.line = line
    self.detail = detail
  }

  /// `mm/memory.c:4688: detail`, or the detail alone.
  public var oneLine: String {
    guard let file else { return detail }
    return "\(file)\(line.map { ":\($0)" } ?? ""): \(detail)"
  }
}

/// The outcome of one check of a claim.
struct Settlement: Sendable, Codable {
  var verdict: Verdict
  var evidence: [Evidence]
  var needs: String?

  static func confirmed(_ evidence: [Evidence]) -> Settlement {
    Settlement(verdict: .confirmed, evidence: evidence, needs: nil)
  }

  static func refuted(_ evidence: [Evidence]) -> Settlement {
    Settlement(verdict: .refuted, evidence: evidence, needs: nil)
  }

  static func unverifiable(needs: String, _ evidence: [Evidence] = []) -> Settlement {
    Settlement(verdict: .unverifiable, evidence: evidence, needs: needs)
  }

  /// Several checks of one statement together; evidence two checks both give (the same
  /// run, the same version note) is listed once.
  static func combined(_ parts: [Settlement]) -> Settlement {
    let verdict = Verdict.combined(parts.map(\.verdict))
    var needs: [String] = []
    for need in parts.compactMap(\.needs) where !needs.contains(need) { needs.append(need) }
    var evidence: [Evidence] = []
    for step in parts.flatMap(\.evidence) where !evidence.contains(step) { evidence.append(step) }
    return Settlement(
      verdict: verdict, evidence: evidence,
      needs: verdict == .unverifiable ? needs.joined(separator: "; ") : nil)
  }
}
