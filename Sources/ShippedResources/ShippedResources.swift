import Foundation

/// The files a module ships (the primitive table, contenders, scenarios, claim patterns,
/// renames, report templates): SwiftPM's resource bundle `Lockstep_MODULE.resources`, found
/// beside the running executable, symbolic links resolved — the build folder, or
/// `PREFIX/lib/lockstep` after `make install`.
///
/// `Bundle.module` is not used: it stops the process (`fatalError`) when the bundle is neither
/// beside the executable nor in the build folder it was built in, so a binary copied alone
/// crashed once that folder was gone. Here a missing bundle is `nil`, and each loader reports
/// which file it lacks and where it looked (``missing(module:)``).
///
/// ```swift
/// ShippedResources.url("primitives.txt", module: "LockAnalysis")
/// // …/.build/debug/Lockstep_LockAnalysis.resources/primitives.txt
/// ```
public enum ShippedResources {
  /// The folder the executable runs from (`Bundle.main` resolves `/proc/self/exe`).
  static var executableFolder: URL { Bundle.main.bundleURL }

  /// The bundle folder of `module`: `Lockstep_<module>.resources` beside the executable.
  public static func bundleFolder(module: String) -> URL {
    executableFolder.appendingPathComponent("Lockstep_\(module).resources", isDirectory: true)
  }

  /// The shipped file or folder `name` of `module`, or nil when it is not there.
  public static func url(_ name: String, module: String) -> URL? {
    let url = bundleFolder(module: module).appendingPathComponent(name)
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
  }

  /// Where a shipped file of `module` that is not there was looked for, for its loader's
  /// error: `not in /opt/x/Lockstep_LockAnalysis.resources (a lockstep binary needs the
  /// Lockstep_*.resources folders beside it: make install PREFIX=DIR copies both)`.
  public static func missing(module: String) -> String {
    "not in \(bundleFolder(module: module).path) (a lockstep binary needs the "
      + "Lockstep_*.resources folders beside it: make install PREFIX=DIR copies both)"
  }
}
