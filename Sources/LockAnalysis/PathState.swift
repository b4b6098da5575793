import Foundation

/// Everything one path knows at one point: locks, references, maps, assumed conditions.
///
/// A value: copies share one ``Facts`` object until one of them changes, which first makes its
/// own (copy on write); the only write to a shared object is a cached hash, which all its sharers
/// agree on. A path never leaves its walk's thread. Hence `@unchecked` (`ManagedBuffer`, which
/// holds the facts, is not `Sendable` itself).
struct PathState: @unchecked Sendable {
  /// The fields of a path, kept in ``Facts``.
  private struct Fields {
    var ops: OpTrail = OpTrail()
    var held: [HeldLock] = []
    var acquired: Set<String> = []
    var releasedAfterAcquire: [String: Int] = [:]
    var references: [String: Int] = [:]
    var referenced: Set<String> = []
    var droppedReference: [String: Int] = [:]
    var maps: [String: Int] = [:]
    var mapped: Bool = false
    var callersMapsUnmapped: [String: String] = [:]
    var plainMapLockReleases: [String: Int] = [:]
    var assumptions = DecidedTests()
    var values = HashedMap<String>()
    var aliases: [String: String] = [:]
    var unwaitedTrylockFailure: Int?
    /// How many times this path ran again from each label it jumped back to (by label and
    /// line): the round it is in there. Not part of the property.
    var reruns: [String: Int] = [:]
    /// The length of ``ops`` when the path started its current loop round or rerun: a lock
    /// whose acquiring op comes later was taken in this round. Not part of the property.
    var roundStart: Int = 0
    /// Names this path handed to a call that may keep what it is given (`list_add(&folio->lru,
    /// …)`, `folio_batch_add(fbatch, folio)`) while it held a reference on them: reassigning
    /// such a name loses nothing. Part of the property for the names still referenced
    /// (``PathState/escapedReferences``).
    var escaped: Set<String> = []
    /// Names this path gave to a call that keeps a reference (a `keeps-reference` call of the
    /// table: `folio_add_anon_rmap_pte(folio, …)`, `folio_batch_add(fbatch, folio)`): a
    /// reference held on one at an exit is the mapping's, the batch's or the list's, not leaked.
    /// Not part of the property.
    var handedOn: Set<String> = []
    /// Names a call outside the table gave their value (`folio = filemap_lock_folio(…)`,
    /// `shmem_get_folio(…, &folio, …)`): the object may come locked by the callee, so a release
    /// of it on a path that never took it is not judged. Not part of the property.
    var calleeValues: Set<String> = []
    /// Locks this path stopped tracking (a callee may have dropped them, or their name was
    /// reassigned): a later release of one is not judged. Not part of the property.
    var untracked: Set<String> = []
    /// Locks this path released without having taken them: its caller's (dropped and perhaps
    /// taken again here). Not part of the property.
    var callersLocks: Set<String> = []
    /// What the function's own lists hold and what the objects taken off them received
    /// (``ListHoldings``). Not part of the property.
    var lists = ListHoldings()
    /// Paths joined into this one (``PathState/join(_:)``) whose primitive ops differ from this
    /// path's, each with the length of this path's ops at the join: exported as paths of their
    /// own, so every way through the changed lines is replayed. Not part of the property.
    var alternates: [Alternate] = []
    /// The lock, reference and map part of ``PathState/futureHash(coarse:)``, kept until one of
    /// the fields it covers changes: a path goes through several merges between two such changes.
    var lockHash: UInt64?
    /// The decisive-facts part of ``Relevance/joinHash(_:)``, kept until ``assumptions`` or
    /// ``values`` change: a path waits at many joins between two such changes. Valid for the
    /// one walk (one ``Relevance``) a path belongs to.
    var decisiveFactsHash: UInt64?
  }

  /// The fields, in one object shared by copies of a path until one of them changes (copy on
  /// write): moving a path between lists retains one reference, not fourteen. A managed
  /// buffer's header is reached through its address, without the run-time exclusivity check
  /// a class property costs on every access.
  private final class Facts: ManagedBuffer<Fields, Void> {
    static func make(_ fields: Fields) -> Facts {
      unsafeDowncast(Facts.create(minimumCapacity: 0) { _ in fields }, to: Facts.self)
    }
  }

  private var facts = Facts.make(Fields())

  /// The empty path left behind by ``Swift/Array/take(_:)``.
  static let placeholder = PathState()

  /// Makes `facts` this path's own before a change.
  private mutating func own() {
    if !isKnownUniquelyReferenced(&facts) { facts = Facts.make(facts.header) }
  }

  /// The ops so far, for the exported path and the evidence of findings.
  var ops: OpTrail {
    get { facts.header.ops }
    _modify {
      own()
      yield &facts.header.ops
    }
  }
  /// Locks held now, in the order taken.
  var held: [HeldLock] {
    get { facts.header.held }
    _modify {
      own()
      facts.header.lockHash = nil
      yield &facts.header.held
    }
  }
  /// Objects locked on this path at some point (for exit comparisons).
  var acquired: Set<String> {
    get { facts.header.acquired }
    _modify {
      own()
      facts.header.lockHash = nil
      yield &facts.header.acquired
    }
  }
  /// Objects this path locked and then released, with the op index of the release.
  var releasedAfterAcquire: [String: Int] {
    get { facts.header.releasedAfterAcquire }
    _modify {
      own()
      facts.header.lockHash = nil
      yield &facts.header.releasedAfterAcquire
    }
  }
  /// Net references taken on this path, by object.
  var references: [String: Int] {
    get { facts.header.references }
    _modify {
      own()
      facts.header.lockHash = nil
      yield &facts.header.references
    }
  }
  /// Objects this path took a reference on at some point.
  var referenced: Set<String> {
    get { facts.header.referenced }
    _modify {
      own()
      yield &facts.header.referenced
    }
  }
  /// Object → op index of the put that dropped this path's last reference.
  var droppedReference: [String: Int] {
    get { facts.header.droppedReference }
    _modify {
      own()
      facts.header.lockHash = nil
      yield &facts.header.droppedReference
    }
  }
  /// PTE maps still held: mapped expression → op index.
  var maps: [String: Int] {
    get { facts.header.maps }
    _modify {
      own()
      facts.header.lockHash = nil
      yield &facts.header.maps
    }
  }
  var mapped: Bool {
    get { facts.header.mapped }
    _modify {
      own()
      facts.header.lockHash = nil
      yield &facts.header.mapped
    }
  }
  /// PTE maps the caller made that this path unmapped (it held no map of its own then), each
  /// with the lock unmapped with it (`pte_unmap_unlock(vmf->pte, vmf->ptl)` in
  /// `do_numa_page()`: `vmf->pte` → `vmf->ptl`; empty for a plain `pte_unmap()`).
  var callersMapsUnmapped: [String: String] {
    get { facts.header.callersMapsUnmapped }
    _modify {
      own()
      facts.header.lockHash = nil
      yield &facts.header.callersMapsUnmapped
    }
  }
  /// Spinlocks this path released by a plain unlock while it held no PTE map of its own, by
  /// the op index of the release, unless a call returned the lock (`vmf->ptl = pmd_lock(…)`):
  /// where another path releases the lock with the caller's map (``callersMapsUnmapped``),
  /// `spin_unlock(vmf->ptl)` here may be a `pte_unmap_unlock()` that forgot the map.
  var plainMapLockReleases: [String: Int] {
    get { facts.header.plainMapLockReleases }
    _modify {
      own()
      facts.header.lockHash = nil
      yield &facts.header.plainMapLockReleases
    }
  }
  /// Conditions decided on this path: `fault_folio==folio` → true.
  var assumptions: DecidedTests {
    get { facts.header.assumptions }
    _modify {
      own()
      facts.header.decisiveFactsHash = nil
      yield &facts.header.assumptions
    }
  }
  /// Known constant values of variables: `ret` → `VM_FAULT_HWPOISON`.
  var values: HashedMap<String> {
    get { facts.header.values }
    _modify {
      own()
      facts.header.decisiveFactsHash = nil
      yield &facts.header.values
    }
  }
  /// `folio` → `page` after `folio = page_folio(page)`.
  var aliases: [String: String] {
    get { facts.header.aliases }
    _modify {
      own()
      yield &facts.header.aliases
    }
  }
  /// Op index of a failed trylock not yet followed by a wait or a scheduling point.
  var unwaitedTrylockFailure: Int? {
    get { facts.header.unwaitedTrylockFailure }
    _modify {
      own()
      facts.header.lockHash = nil
      yield &facts.header.unwaitedTrylockFailure
    }
  }
  /// Whether the path jumped back to a label and ran again from there (it decided again
  /// what it decided before the jump).
  var jumpedBack: Bool { !facts.header.reruns.isEmpty }
  var reruns: [String: Int] {
    get { facts.header.reruns }
    _modify {
      own()
      yield &facts.header.reruns
    }
  }
  var roundStart: Int {
    get { facts.header.roundStart }
    _modify {
      own()
      yield &facts.header.roundStart
    }
  }
  var escaped: Set<String> {
    get { facts.header.escaped }
    _modify {
      own()
      facts.header.lockHash = nil
      yield &facts.header.escaped
    }
  }
  var handedOn: Set<String> {
    get { facts.header.handedOn }
    _modify {
      own()
      yield &facts.header.handedOn
    }
  }
  var calleeValues: Set<String> {
    get { facts.header.calleeValues }
    _modify {
      own()
      yield &facts.header.calleeValues
    }
  }
  var callersLocks: Set<String> {
    get { facts.header.callersLocks }
    _modify {
      own()
      yield &facts.header.callersLocks
    }
  }
  var untracked: Set<String> {
    get { facts.header.untracked }
    _modify {
      own()
      yield &facts.header.untracked
    }
  }
  var lists: ListHoldings {
    get { facts.header.lists }
    _modify {
      own()
      yield &facts.header.lists
    }
  }
  var alternates: [Alternate] {
    get { facts.header.alternates }
    _modify {
      own()
      yield &facts.header.alternates
    }
  }

  /// Whether two paths are equal in everything that decides their future (the locks held and
  /// in which mode, locks taken and released, references, maps, a failed trylock not yet
  /// waited for), and unless `coarse`, also in their decided conditions and known values.
  func hasSameFuture(as other: PathState, coarse: Bool) -> Bool {
    if facts === other.facts { return true }
    guard held.count == other.held.count, mapped == other.mapped,
      (unwaitedTrylockFailure == nil) == (other.unwaitedTrylockFailure == nil),
      zip(held, other.held).allSatisfy({
        $0.object == $1.object && $0.mode == $1.mode
          && $0.keptAcrossIterations == $1.keptAcrossIterations
      }),
      acquired == other.acquired, references == other.references,
      Self.sameKeys(releasedAfterAcquire, other.releasedAfterAcquire),
      Self.sameKeys(droppedReference, other.droppedReference),
      Self.sameKeys(maps, other.maps), callersMapsUnmapped == other.callersMapsUnmapped,
      Self.sameKeys(plainMapLockReleases, other.plainMapLockReleases),
      escapedReferences == other.escapedReferences
    else { return false }
    return coarse || (assumptions == other.assumptions && values == other.values)
  }

  /// The names holding a reference this path handed to a call that may keep it: part of the
  /// property, as the reference is, since it decides whether a later reassignment loses it
  /// (a path that handed its folio to `list_add_tail()` and one that left it in the name, joined,
  /// would hide the second one's leak behind the first one's hand-off).
  var escapedReferences: Set<String> {
    guard !escaped.isEmpty else { return [] }
    return escaped.filter { references[$0, default: 0] > 0 }
  }

  private static func sameKeys(_ one: [String: Int], _ other: [String: Int]) -> Bool {
    one.count == other.count && one.keys.allSatisfy { other[$0] != nil }
  }

  /// A hash that agrees with ``hasSameFuture(as:coarse:)``: paths with the same future hash
  /// alike. Unordered fields combine their members' hashes by addition, so no set or sorted
  /// copy is built.
  func futureHash(coarse: Bool) -> Int {
    var hash = FutureHash()
    hash.add(lockHash)
    if !coarse {
      hash.add(assumptions.hash)
      hash.add(values.hash)
    }
    return Int(truncatingIfNeeded: hash.value)
  }

  /// The hash of the facts `relevance` finds decisive, computed by `compute` the first time
  /// it is asked for since ``assumptions`` or ``values`` last changed.
  func decisiveFactsHash(_ compute: (PathState) -> UInt64) -> UInt64 {
    if let known = facts.header.decisiveFactsHash { return known }
    let hash = compute(self)
    facts.header.decisiveFactsHash = hash
    return hash
  }

  /// The held locks in order, and the other lock, reference and map fields without order.
  private var lockHash: UInt64 {
    if let known = facts.header.lockHash { return known }
    var hash = FutureHash()
    for lock in held {
      hash.add(FutureHash.of(lock.object))
      hash.add(lock.mode.hashMark)
      hash.add(lock.keptAcrossIterations ? 5 : 6)
    }
    hash.add(FutureHash.unordered(acquired.lazy.map(FutureHash.of)))
    hash.add(FutureHash.unordered(releasedAfterAcquire.keys.lazy.map(FutureHash.of)))
    hash.add(
      FutureHash.unordered(
        references.lazy.map {
          FutureHash.pair(FutureHash.of($0.key), UInt64(bitPattern: Int64($0.value)))
        }))
    hash.add(FutureHash.unordered(droppedReference.keys.lazy.map(FutureHash.of)))
    hash.add(FutureHash.unordered(maps.keys.lazy.map(FutureHash.of)))
    hash.add(
      FutureHash.unordered(
        callersMapsUnmapped.lazy.map {
          FutureHash.pair(FutureHash.of($0.key), FutureHash.of($0.value))
        }
      ))
    hash.add(FutureHash.unordered(plainMapLockReleases.keys.lazy.map(FutureHash.of)))
    hash.add(FutureHash.unordered(escapedReferences.lazy.map(FutureHash.of)))
    hash.add(mapped ? 1 : 2)
    hash.add(unwaitedTrylockFailure == nil ? 3 : 4)
    facts.header.lockHash = hash.value
    return hash.value
  }
}

extension Array where Element == PathState {
  /// The path at `index`, moved out of the list (an empty path takes its place): a path only
  /// this list held can then be changed without copying its facts.
  mutating func take(_ index: Int) -> PathState {
    let taken = self[index]
    self[index] = PathState.placeholder
    return taken
  }
}
