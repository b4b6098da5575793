// libFuzzer entry point for the whole-file analysis (`lockstep analyze --whole-file`): the
// input is read as C and every function walked with the shipped primitive table. Built by
// `Fuzz/run.sh analysis` together with the LockAnalysis sources.
import CSyntax

let fuzzTable: PrimitiveTable = {
  do { return try PrimitiveTable.builtin() } catch { fatalError("primitive table: \(error)") }
}()

/// Every finding names a function of the file, on a line of the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func analysisFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  let file = SourceFile(text: text, path: "fuzz.c")
  let result = Analyzer(table: fuzzTable).analyze(file: file)
  let names = Set(file.functions.map(\.name))
  for finding in result.findings where !names.contains(finding.function) {
    fatalError("finding for \(finding.function), not a function of the file")
  }
  if result.functions.count != file.functions.count {
    fatalError("\(file.functions.count) functions read, \(result.functions.count) analyzed")
  }
  return 0
}
