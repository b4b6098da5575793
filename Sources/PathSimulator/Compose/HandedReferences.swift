import PathFormat

/// The references a function drops without taking them: its caller handed them over
/// (`folio_put()` of a folio the caller, or a lookup such as `filemap_get_folio()`, returned
/// referenced), so the exported paths show the put and not the get. The race leaves those puts
/// out, as it leaves out the caller's get: the caller's reference is the caller's business, taken
/// again on each retry as the kernel looks the folio up again, and a count reaching zero in the
/// race is one the code between them makes, not one the paths cannot show.
///
/// How many: per object, the most any path of the code before the patch drops before taking one
/// (after, for a function the patch adds). Both sides lose as many, so a put the patch adds
/// stays after it: a put on a zero count once the other holders (the mapping's reference,
/// dropped by the `folio_put` contender) have dropped theirs. Where the code after the patch
/// still drops the caller's references but fewer of them (two puts before, one after: the
/// patch removes a double put), the after side is the measure, so the extra put stays before
/// it and the change reads `removes-refcount-underflow`. Where it drops none any more, the
/// before side stays the measure: a function the patch splits moves its puts to a new one, and
/// counting none would put on zero before the patch and stop that search early, hiding a
/// deadlock the after side has (a removed put that leaks is the analysis's finding).
///
/// ```swift
/// // before: [put folio]  after: [put folio, put folio]
/// HandedReferences.leftOut(of: function)
/// // before: []  after: [put folio]  (one put too many)
/// // before: [put folio, put folio]  after: [put folio]
/// // before: [put folio]  after: []  (the double put the patch removes)
/// ```
///
/// - Complexity: O(operations of the function's paths).
enum HandedReferences {
  static func leftOut(of function: FunctionPaths) -> FunctionPaths {
    let before = function.before?.paths ?? []
    let after = function.after?.paths ?? []
    let handed =
      before.isEmpty
      ? dropped(by: after) : handedOver(before: dropped(by: before), after: dropped(by: after))
    guard !handed.isEmpty else { return function }
    func side(_ side: FunctionPaths.Side?) -> FunctionPaths.Side? {
      guard var side else { return nil }
      side.paths = side.paths.map { withoutHanded($0, handed: handed) }
      return side
    }
    var out = function
    out.before = side(function.before)
    out.after = side(function.after)
    return out
  }

  /// Per object, the references the caller hands over: what the code before drops, or what
  /// the code after drops where that is fewer but some (a double put removed).
  private static func handedOver(before: [String: Int], after: [String: Int]) -> [String: Int] {
    before.reduce(into: [:]) { handed, entry in
      let afterDrops = after[entry.key, default: 0]
      handed[entry.key] = (1..<entry.value).contains(afterDrops) ? afterDrops : entry.value
    }
  }

  /// Per object, the most references any of `paths` drops before taking one.
  private static func dropped(by paths: [AnalysisPath]) -> [String: Int] {
    var most: [String: Int] = [:]
    for path in paths {
      var held: [String: Int] = [:]
      for op in path.ops {
        guard let object = op.object, let change = change(op) else { continue }
        held[object, default: 0] += change
        most[object] = max(most[object, default: 0], -held[object]!)
      }
    }
    return most.filter { $0.value > 0 }
  }

  /// +1 for a reference taken, -1 for one dropped, nil for anything else.
  private static func change(_ op: PathOp) -> Int? {
    switch op.op {
    case .get: return 1
    case .tryGet: return op.outcome == .failed ? nil : 1
    case .put: return -1
    default: return nil
    }
  }

  /// `path` without the puts that drop the references its caller handed over: the first puts
  /// of each object that find the path holding none of its own, up to the number handed over.
  private static func withoutHanded(_ path: AnalysisPath, handed: [String: Int])
    -> AnalysisPath
  {
    var held: [String: Int] = [:]
    var dropped: [String: Int] = [:]
    var out = path
    out.ops = path.ops.filter { op in
      guard let object = op.object, let count = handed[object], let change = change(op) else {
        return true
      }
      if change < 0, held[object, default: 0] == 0, dropped[object, default: 0] < count {
        dropped[object, default: 0] += 1
        return false
      }
      held[object, default: 0] += change
      return true
    }
    return out
  }
}
