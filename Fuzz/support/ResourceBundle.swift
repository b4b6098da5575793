// What SwiftPM generates for a target with resources, for the fuzz builds that compile
// LockAnalysis with swiftc: `Bundle.module` is the folder Fuzz/run.sh copies
// `Sources/LockAnalysis/Resources` into (LOCKSTEP_FUZZ_RESOURCES).
import Foundation

extension Foundation.Bundle {
  static let module: Bundle = {
    let path = ProcessInfo.processInfo.environment["LOCKSTEP_FUZZ_RESOURCES"] ?? "resources"
    guard let bundle = Bundle(path: path) else { fatalError("no resource folder at \(path)") }
    return bundle
  }()
}
