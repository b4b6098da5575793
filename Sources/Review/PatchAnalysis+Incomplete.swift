import LockAnalysis

extension PatchAnalysis {
  /// What leaves this analysis partial, each in one line: files a tree was given for but
  /// read from the hunks alone, and walks cut short (`analysis-incomplete`).
  ///
  /// ```swift
  /// analysis.incomplete  // ["mm/memory.c:4580: do_swap_page(): walk cut short"]
  /// ```
  public var incomplete: [String] {
    hunksOnly.map { "\($0): analyzed from the hunks alone, not whole from the tree" }
      + findings.filter { $0.rule == .analysisIncomplete }.map {
        "\($0.file):\($0.line): \($0.function)(): walk cut short"
      }
  }
}
