import LockAnalysis
import PathFormat

/// The typed hand-over from the analysis to the simulator: the paths of every function the
/// analyzed patches change, as a `PathSet` (no JSON in between).
///
/// A `recursive-lock` finding's path goes through a callee (`mmap_read_lock()` at
/// lib/test_hmm.c:1267, then again inside `dmirror_range_fault()` at 368), which the
/// function's own paths show only as a call: it is handed over as one more `after` path that
/// ends where the finding ends (`fragment-end`, so the simulator releases what it still holds).
public enum PatchPaths {
  public static func of(_ analyses: [PatchAnalysis]) -> PathSet {
    var functions: [FunctionPaths] = []
    for analysis in analyses {
      for var function in analysis.functions {
        let through = analysis.findings.filter {
          $0.rule == .recursiveLock && $0.function == function.name && !$0.path.isEmpty
        }
        if var after = function.after {
          for finding in through {
            after.paths.append(
              AnalysisPath(
                id: after.paths.count + 1, ops: finding.path, exit: .fragmentEnd,
                returnValue: nil, retries: false))
          }
          function.after = after
        }
        functions.append(function)
      }
    }
    return PathSet(functions: functions)
  }
}
