import Foundation
import ShippedResources

/// The kind of shared thing a contender competes for, as the exported paths touch it.
public enum ContenderClass: String, Sendable, CaseIterable {
  /// A spinlock: the page-table lock (`pte_offset_map_lock()`), `spin_lock()`.
  case spinlock
  /// A sleeping lock: the folio/page lock, a mutex.
  case sleepingLock = "sleeping-lock"
  /// An rw-semaphore: `mmap_lock`.
  case rwsem
  /// A reference count: `get_page()` / `put_page()`.
  case reference
  /// Per-CPU work the path waits for (`lru_add_drain_all()`): contenders are tasks that keep a
  /// CPU busy; `@` is a sleeping lock the path holds while it waits.
  case perCPUWork = "per-cpu-work"
}

/// Another task of the kernel that takes what a changed function takes, and what it does
/// while holding it, written in the scenario language with `@` for the contended object.
///
/// ```
/// contender migrate_device_unmap takes sleeping-lock from mm/migrate_device.c:migrate_device_unmap {
///   lock @
///   lru_add_drain_all
///   unlock @
///   progress "migration done"
/// }
/// ```
public struct Contender: Sendable {
  public var name: String
  public var takes: ContenderClass
  /// Where in the kernel this behaviour comes from (`mm/migrate_device.c:migrate_device_unmap`).
  public var source: String
  /// The contenders file and line that declared it.
  public var declared: String
  var body: [Statement]
}

/// A caller that calls a function again while it returns without having done its work:
/// `hmm_range_fault()` walks again after `handle_mm_fault()` → `do_swap_page()` returns 0.
///
/// ```
/// retrier hmm_range_fault retries do_swap_page,handle_mm_fault resolved-by migrate_to_ram,set_pte_at from mm/hmm.c:hmm_range_fault
/// retrier migrate_pages_batch retries migrate_folio when -EAGAIN from mm/migrate.c:migrate_pages_batch
/// ```
public struct Retrier: Sendable {
  public var name: String
  public var retries: [String]
  /// Return values the caller retries on (`-EAGAIN`), besides the paths the analysis marks.
  public var when: [String] = []
  /// The calls that mean, on a path, that the work was done (nothing left to retry):
  /// `migrate_to_ram` moved a device page back, `set_pte_at` installed the faulting PTE.
  public var resolvedBy: [String] = []
  public var source: String
}

/// Contenders and retrying callers: the shipped `contenders.txt` (a resource of this
/// module), to which `lockstep simulate --contenders FILE` adds; a later contender of the
/// same name replaces an earlier one.
public struct ContenderTable: Sendable {
  public private(set) var contenders: [Contender] = []
  public private(set) var retriers: [Retrier] = []

  public init() {}

  /// The table shipped with lockstep.
  public static func shipped() throws(ScenarioError) -> ContenderTable {
    guard let url = ShippedResources.url("contenders.txt", module: "PathSimulator"),
      let data = try? Data(contentsOf: url)
    else {
      throw ScenarioError(
        file: "contenders.txt", line: nil,
        message: "the shipped contenders are missing: "
          + ShippedResources.missing(module: "PathSimulator"))
    }
    var table = ContenderTable()
    try table.add(contentsOf: String(decoding: data, as: UTF8.self), file: "contenders.txt")
    return table
  }

  /// Adds the declarations of a contenders file; errors name the file and line.
  public mutating func add(contentsOf text: String, file: String) throws(ScenarioError) {
    var parser = ScenarioParser(text: text, file: file)
    let (contenders, retriers) = try parser.parseContenders()
    for contender in contenders {
      self.contenders.removeAll { $0.name == contender.name }
      self.contenders.append(contender)
    }
    for retrier in retriers {
      self.retriers.removeAll { $0.name == retrier.name }
      self.retriers.append(retrier)
    }
  }

  public func contenders(of kind: ContenderClass) -> [Contender] {
    contenders.filter { $0.takes == kind }
  }

  /// The first caller listed as retrying `function`, if any.
  public func retrier(of function: String) -> Retrier? {
    retriers.first { $0.retries.contains(function) }
  }
}

extension Statement {
  /// The statement with the placeholder object `@` replaced by `object`.
  func binding(_ object: String) -> Statement {
    func bind(_ name: String?) -> String? { name == "@" ? object : name }
    func bindAll(_ statements: [Statement]) -> [Statement] { statements.map { $0.binding(object) } }
    func bindBranch(_ branch: Branch) -> Branch {
      if case .block(let inner) = branch { return .block(bindAll(inner)) }
      return branch
    }
    var copy = self
    copy.text = text.replacingOccurrences(of: "@", with: object)
    switch kind {
    case .simple(let primitive, let name, let releasing):
      copy.kind = .simple(
        primitive, object: primitive == .call || primitive == .progress ? name : bind(name),
        releasing: bind(releasing))
    case .attempt(let primitive, let name, let expected, let success, let failure):
      copy.kind = .attempt(
        primitive, object: bind(name) ?? name, expected: expected, onSuccess: bindBranch(success),
        onFailure: bindBranch(failure))
    case .ifFlag(let flag, let then, let otherwise):
      copy.kind = .ifFlag(flag, then: bindAll(then), otherwise: bindAll(otherwise))
    case .loop(let body): copy.kind = .loop(bindAll(body))
    case .choose(let branches): copy.kind = .choose(branches.map(bindAll))
    case .retry, .breakLoop, .returnThread, .paths: break
    }
    return copy
  }
}
