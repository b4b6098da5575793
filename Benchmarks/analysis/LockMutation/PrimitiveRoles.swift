import Foundation
import LockAnalysis

/// The table's lock families (`family=`).
public typealias LockFamily = Primitive.Family

/// What a call does, in the terms the operators need, read from the primitive table.
public enum CallRole: Sendable, Equatable {
  /// Takes a lock on every path (`spin_lock`, `folio_lock`, `ptl = pmd_lock(…)`).
  case lock(Primitive.Family)
  /// Takes a lock only on success (`folio_trylock`, `mutex_lock_killable`).
  case conditionalLock(Primitive.Family)
  case unlock(Primitive.Family)
  /// Maps a PTE table (the result is the map), maybe also taking the PTL.
  case map(locks: Bool)
  /// Unmaps (`pte_unmap`), maybe also dropping the PTL (`pte_unmap_unlock`).
  case unmap(unlocks: Bool)
  case get(conditional: Bool)
  case put
}

/// The primitive table read for the operators: each name's role and the object it acts on.
public struct PrimitiveRoles: Sendable {
  public let table: PrimitiveTable

  public init(table: PrimitiveTable) { self.table = table }

  /// The role of a call of `name`, or nil when the table has no lock, map or reference effect.
  public func role(of name: String) -> CallRole? {
    guard let primitive = table[name] else { return nil }
    let family = primitive.family ?? .spinlock
    switch primitive.effect {
    case .acquire, .readAcquire, .writeAcquire:
      return primitive.success == .zero ? .conditionalLock(family) : .lock(family)
    case .tryAcquire, .readTryAcquire, .writeTryAcquire:
      return .conditionalLock(family)
    case .release, .readRelease, .writeRelease:
      return .unlock(family)
    case .map: return .map(locks: false)
    case .mapLock: return .map(locks: true)
    case .unmap: return .unmap(unlocks: false)
    case .unmapUnlock: return .unmap(unlocks: true)
    case .get: return .get(conditional: false)
    case .tryGet: return .get(conditional: true)
    case .put: return .put
    default: return nil
    }
  }

  /// The lock object of a lock or unlock call: the table's template applied to the call,
  /// without a leading `&` (`spin_lock(&vmf->ptl)` → `vmf->ptl`, `mmap_read_lock(mm)` →
  /// `mm->mmap_lock`, `pte_offset_map_lock(mm, pmd, addr, &ptl)` → `ptl`).
  public func lockObject(of call: CallSite) -> String? {
    guard let primitive = table[call.name] else { return nil }
    return Self.apply(primitive.object, to: call)
  }

  /// The map of a map call (what it returns) or an unmap call (`map=` or the first argument).
  public func mapObject(of call: CallSite) -> String? {
    guard let primitive = table[call.name] else { return nil }
    switch primitive.effect {
    case .map, .mapLock: return call.assignedTo
    case .unmap: return call.arguments.first.map(Self.bare)
    case .unmapUnlock: return Self.apply(primitive.map ?? "$1", to: call)
    default: return nil
    }
  }

  /// Whether a lock taken by `name` is checked across calls (`mmap_lock`).
  public func isThroughCalls(_ name: String) -> Bool { table[name]?.throughCalls ?? false }

  /// The trylock of the same lock as the sleeping `name` (`folio_lock` → `folio_trylock`).
  public func trylock(for name: String) -> String? {
    guard let primitive = table[name], primitive.sleeps else { return nil }
    let candidates = [
      name.replacingOccurrences(of: "lock", with: "trylock"), name + "_trylock",
      "try" + name, name.replacingOccurrences(of: "_lock", with: "_trylock"),
    ]
    return candidates.first { candidate in
      guard candidate != name, let entry = table[candidate] else { return false }
      switch entry.effect {
      case .tryAcquire, .readTryAcquire, .writeTryAcquire: return entry.family == primitive.family
      default: return false
      }
    }
  }

  /// `template` (`$1`, `*$4`, `$1->mmap_lock`, `return->lru_lock`, `$last`) for `call`.
  static func apply(_ template: String, to call: CallSite) -> String? {
    var text = template
    var dereference = false
    if text.hasPrefix("*") {
      dereference = true
      text.removeFirst()
    }
    var base: String?
    var rest = ""
    if text.hasPrefix("return") {
      base = call.assignedTo
      rest = String(text.dropFirst("return".count))
    } else if text.hasPrefix("$last") {
      base = call.arguments.last
      rest = String(text.dropFirst("$last".count))
    } else if text.hasPrefix("$") {
      let digits = text.dropFirst().prefix { $0.isNumber }
      guard let number = Int(digits), number >= 1, number <= call.arguments.count else {
        return nil
      }
      base = call.arguments[number - 1]
      rest = String(text.dropFirst(1 + digits.count))
    } else {
      return text
    }
    guard var value = base else { return nil }
    if dereference, value.hasPrefix("&") { value.removeFirst() }
    return bare(value) + rest
  }

  /// `&vmf->ptl` → `vmf->ptl`.
  static func bare(_ text: String) -> String {
    text.hasPrefix("&") ? String(text.dropFirst()) : text
  }
}
