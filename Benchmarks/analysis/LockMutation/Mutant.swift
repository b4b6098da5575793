/// One planted bug: where it is, what it changes, and the rules of which one finding proves
/// that the analysis saw it.
public struct Mutant: Sendable, Codable {
  /// A stable name: `mm/memory.c:do_swap_page:4521:delete-unlock`.
  public var id: String
  /// The file's path in the tree: `mm/memory.c`.
  public var file: String
  /// The function the mutation is in.
  public var function: String
  /// The size of that function in lines (name to closing brace).
  public var functionLines: Int
  public var mutationOperator: MutationOperator
  /// The line of the original file the mutation is at.
  public var line: Int
  /// A finding of one of these rules (error or warning) in one of `functions` counts as found.
  public var expectedRules: [String]
  /// The functions a finding may name: the mutated one, and for a lock taken in a callee, the caller.
  public var functions: [String]
  /// What was done, in a reviewer's words: `deleted spin_unlock(ptl) at 4521`.
  public var change: String
  /// Why the mutant is not a bug, when that can be shown mechanically; nil for a real bug.
  public var equivalence: Equivalence?
  /// The edits to the original file.
  public var edits: [LineEdit]
}

/// Why a mutant changes nothing a correct analysis could report.
public enum Equivalence: String, Sendable, Codable {
  /// The mutated statement follows an unconditional `return`, `goto`, `break` or `continue`
  /// in its block: no path reaches it.
  case unreachableSite =
    "the mutated statement is unreachable (after a return/goto/break/continue in its block)"
  /// The mutated statement is in the branch of an `if (a != b && …)` that the function makes
  /// false on every path (``EqualNames``: `b = a` on every path to it, neither changed after).
  case deadBranch =
    "the mutated statement is in a branch no path takes (its guard `a != b` is false: every path sets one to the other first)"
  /// The mutated line is inside `#if 0`: it is never compiled.
  case disabledByPreprocessor = "the mutated line is inside #if 0"
  /// An early exit right after the function took again a lock it first released: its caller
  /// holds the lock (`move_folios_to_lru()` is called under `lru_lock`, drops it to free and
  /// takes it again), and returning holding it is what the caller expects.
  case heldByCaller =
    "the function first releases the lock its caller holds and takes it again: leaving holding it keeps the contract"
}
