/// A function definition found in a file or fragment.
///
/// ```c
/// void migration_entry_wait_on_locked(softleaf_t entry, spinlock_t *ptl)
///         __releases(ptl)
/// {
/// ```
/// reads as name `migration_entry_wait_on_locked`, parameters
/// `["softleaf_t entry", "spinlock_t *ptl"]`, annotation `__releases(ptl)`.
public struct Function: Sendable {
  /// A sparse or attribute macro between the parameter list and the body: `__releases(ptl)`.
  public struct Annotation: Sendable, Equatable {
    public let name: String
    public let argument: String

    public init(name: String, argument: String) {
      self.name = name
      self.argument = argument
    }
  }

  public let name: String
  /// Each parameter's text: `spinlock_t *ptl`.
  public let parameters: [String]
  public let annotations: [Annotation]
  /// The line of the function name.
  public let line: Int
  /// The line of the closing brace.
  public let endLine: Int
  /// The words before the name: `static inline vm_fault_t`.
  public let returnType: String
  /// Whether the closing brace was found (a fragment may cut a body short).
  public let isComplete: Bool
  /// The tokens of the file, shared by all its functions, and where this body lies in them:
  /// a copy per function kept every file's tokens twice (170 MB for a file of 200,000
  /// functions).
  let fileTokens: [Token]
  let bodyRange: Range<Int>

  /// The tokens between the body's braces.
  ///
  /// - Complexity: O(*n*) for a body of *n* tokens (a copy of the file's).
  public var bodyTokens: [Token] { Array(fileTokens[bodyRange]) }

  /// The statements of the body.
  public var body: [Statement] { StatementParser.parse(bodyTokens) }

  /// The name each parameter declares: `ptl` for `spinlock_t *ptl`.
  public var parameterNames: [String] {
    parameters.map { parameter in
      Lexer.tokens(of: parameter).last { $0.kind == .identifier }?.text ?? ""
    }
  }
}

/// A prototype or definition of a function at file scope, for stub and declaration checks.
public struct Declaration: Sendable {
  public let name: String
  public let parameters: [String]
  public let annotations: [Function.Annotation]
  public let line: Int
  /// Whether it has a body (`static inline … { }` stubs do).
  public let hasBody: Bool

  /// The parameter types without their names: `spinlock_t *ptl` → `spinlock_t*`.
  public var parameterTypes: [String] {
    parameters.map { parameter in
      var tokens = Lexer.tokens(of: parameter)
      if tokens.count > 1, tokens.last?.kind == .identifier { tokens.removeLast() }
      return tokens.map(\.text).joined()
    }
  }
}
