// libFuzzer entry point for the diff repair (PatchFinder) and everything that
// consumes its output. Built by `Fuzz/run.sh patch` together with the PatchDiff
// sources, so internal invariants can be checked too.

/// Text is used as a mail body; every recovered patch is rendered, re-parsed,
/// anchored in and applied to the input itself, and its id computed.
@_cdecl("LLVMFuzzerTestOneInput")
public func patchFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  _ = try? PatchParser.parse(text)
  for recovered in PatchFinder.patches(in: text) {
    let patch = recovered.patch
    let troubled = Set(recovered.problems.compactMap { problem in
      problem.hunk.map { "\(problem.file)#\($0)" }
    })
    for file in patch.files {
      for (index, hunk) in file.hunks.enumerated() where !troubled.contains("\(file.path)#\(index)") {
        if !hunk.countsSatisfied { fatalError("repaired hunk breaks its counts: \(hunk.header)") }
      }
      _ = file.apply(to: text)
    }
    let rendered = patch.text
    if recovered.problems.isEmpty, !patch.files.isEmpty {
      let reread = try? PatchParser.parse(rendered)
      let readBack = reread.map { $0.files.map(\.hunks.count) } == patch.files.map(\.hunks.count)
      if !readBack, !patch.files.contains(where: { $0.path.contains(where: \.isWhitespace) }) {
        fatalError("rendered patch does not read back:\n\(rendered)")
      }
    }
    _ = patch.patchID
    let texts = Dictionary(patch.files.map { ($0.oldPath, text) }, uniquingKeysWith: { a, _ in a })
    _ = patch.anchored(to: texts)
    _ = PatchComparison(from: patch, to: patch)
  }
  return 0
}
