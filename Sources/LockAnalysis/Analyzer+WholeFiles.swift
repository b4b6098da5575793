import CSyntax
import Foundation

extension Analyzer {
  /// Analyzes every function of a whole file (`lockstep analyze --whole-file`, `make
  /// real-check`).
  ///
  /// ```swift
  /// let result = Analyzer(table: try .builtin()).analyze(file: SourceFile(text: text, path: "mm/hmm.c"))
  /// result.functions.count   // one FunctionPaths per function of the file
  /// ```
  public func analyze(file: SourceFile) -> PatchAnalysis {
    Self.analyze(files: [file], table: baseTable, keepsPaths: keepsPaths)
  }

  /// Analyzes whole files on all CPUs; results come back in the files' order, each file's
  /// functions in their order in it.
  ///
  /// The work is shared out by function, not by file, longest function first: one function
  /// can cost a fifth of a whole folder (`shrink_folio_list()` in 6.12's `mm/vmscan.c`), and
  /// started last it would leave the other CPUs idle while it runs alone.
  ///
  /// - Complexity: the walks of all the functions (``PathWalker``), spread over the CPUs.
  public static func analyze(files: [SourceFile], table: PrimitiveTable, keepsPaths: Bool = true)
    -> PatchAnalysis
  {
    // Each file's annotations and call summaries, which its functions' walks read.
    let contexts = ResultSlots<(table: PrimitiveTable, summaries: CallSummaries)>(
      count: files.count)
    DispatchQueue.concurrentPerform(iterations: files.count) { index in
      var fileTable = table
      Analyzer(table: table).learnAnnotations(files[index], into: &fileTable)
      let summaries = CallSummaries.build([files[index]], table: fileTable)
      // What the file's functions return locked or with a reference, learnt from their bodies.
      fileTable = ReturnedObjects.table(fileTable, learning: files[index], summaries: summaries)
      contexts.store((fileTable, summaries), at: index)
    }
    let prepared = contexts.values
    let jobs = files.indices.flatMap { file in
      files[file].functions.indices.map { (file: file, function: $0) }
    }
    let order = jobs.indices.sorted { lhs, rhs in
      let one = files[jobs[lhs].file].functions[jobs[lhs].function]
      let other = files[jobs[rhs].file].functions[jobs[rhs].function]
      let length = (one.endLine - one.line, other.endLine - other.line)
      return length.0 != length.1 ? length.0 > length.1 : lhs < rhs
    }
    let walks = ResultSlots<FunctionWalk>(count: jobs.count)
    DispatchQueue.concurrentPerform(iterations: order.count) { position in
      let job = jobs[order[position]]
      let file = files[job.file]
      let function = file.functions[job.function]
      let context = prepared[job.file]
      var walk = FunctionWalk(
        segments: [function.body], name: function.name, file: file.path, fragment: false,
        endLine: function.endLine, table: context.table, summaries: context.summaries,
        contract: .of(function), keepsPaths: keepsPaths)
      if !keepsPaths { walk.side.paths = [] }
      walks.store(walk, at: order[position])
    }
    var merged = PatchAnalysis()
    for (job, walk) in zip(jobs, walks.values) {
      let function = files[job.file].functions[job.function]
      merged.findings += walk.findings
      merged.functions.append(
        FunctionPaths(
          name: function.name, file: files[job.file].path, before: nil, after: walk.side))
    }
    return merged
  }
}
