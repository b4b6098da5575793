extension Analyzer {
  /// What the C reader had to decide in the tree files this analyzer parsed (one branch of
  /// an unbalanced `#if` block read, NUL bytes skipped, a literal with no closing quote),
  /// each once: the caller adds them to the notes, so a skipped branch is never silent.
  public var readingNotes: [String] { cache.readingNotes }
}
