// libFuzzer entry point for the Kconfig and Makefile readers the stub check uses (which
// CONFIG_ symbols a file needs to be built). Built by `Fuzz/run.sh kbuild` with the
// LockAnalysis sources.

/// The input is read as a Kconfig file (dependency closure of every symbol it defines) and
/// as a Makefile (build conditions of every object it names).
@_cdecl("LLVMFuzzerTestOneInput")
public func kbuildFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  let kconfig = Kconfig(text: text)
  let closure = kconfig.closure(kconfig.defined)
  if !closure.isSuperset(of: kconfig.defined) { fatalError("closure lost a symbol") }
  var objects: Set<String> = ["memory.c"]
  for line in StubCheck.logicalLines(text).prefix(200) {
    for word in line.split(whereSeparator: { $0 == " " || $0 == "\t" }) where word.hasSuffix(".o") {
      objects.insert(String(word.dropLast(2)) + ".c")
    }
  }
  for object in objects.sorted().prefix(10) {
    _ = StubCheck.buildConditions(of: "mm/" + object, makefile: text)
  }
  return 0
}
