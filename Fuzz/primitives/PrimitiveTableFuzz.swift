// libFuzzer entry point for the primitive-table reader (`--primitives FILE`, the shipped
// Resources/primitives.txt). Built by `Fuzz/run.sh primitives` with the LockAnalysis sources.

/// The input is added to an empty table and to the shipped one; a table that reads is
/// queried for every name it holds.
@_cdecl("LLVMFuzzerTestOneInput")
public func primitiveTableFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  var table = PrimitiveTable()
  do {
    try table.add(contentsOf: text, source: "fuzz.txt")
  } catch {
    if error.file != "fuzz.txt" || error.line < 0 { fatalError("error names no place: \(error)") }
    return 0
  }
  for name in table.names {
    guard let primitive = table[name] else { fatalError("\(name) listed but not found") }
    _ = primitive.effect
    _ = table.retryCaller(name)
  }
  return 0
}
