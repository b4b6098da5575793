/// A point of a function body where a lock, a PTE map or a reference is certainly held: right
/// after `spin_lock(ptl);`, or after the guard that leaves when the map or trylock failed.
struct HeldPoint {
  enum Held: Equatable {
    case lock(LockFamily)
    case map(locks: Bool)
    case reference
  }

  var held: Held
  /// The lock object, the map (the variable holding the mapped PTE), or the referenced object.
  var object: String
  /// The lock a map-lock also took (`ptl`).
  var lock: String?
  var call: CallSite
  /// New lines go after this line, indented like `indentLine`.
  var insertAfter: Int
  var indentLine: Int

  /// The rules a path leaving here with the object held must trigger.
  /// The rules that report an early exit from this point: it leaks everything held there, so
  /// a new finding of any leak rule in the function (a lock taken beside the reference, say)
  /// points the reviewer at the planted exit; pre-existing findings are demoted to info by the
  /// analysis and do not count.
  static let earlyExitRules = ["lock-imbalance", "missing-pte-unmap", "ref-imbalance"]

  var leakRules: [String] {
    switch held {
    case .lock: return ["lock-imbalance"]
    case .map(let locks):
      return locks ? ["missing-pte-unmap", "lock-imbalance"] : ["missing-pte-unmap"]
    case .reference: return ["ref-imbalance"]
    }
  }
}
