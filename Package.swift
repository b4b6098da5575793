// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Lockstep",
  products: [
    .executable(name: "lockstep", targets: ["LockstepCLI"]),
    .library(name: "KernelTree", targets: ["KernelTree"]),
    .library(name: "PathSimulator", targets: ["PathSimulator"]),
    .library(name: "MailThread", targets: ["MailThread"]),
    .library(name: "PatchDiff", targets: ["PatchDiff"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    .systemLibrary(
      name: "CLibGit2",
      pkgConfig: "libgit2",
      providers: [.apt(["libgit2-dev"])]
    ),
    .target(name: "KernelTree", dependencies: ["CLibGit2"]),
    .target(name: "PathSimulator"),
    .systemLibrary(
      name: "CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]
    ),
    .target(name: "MailThread", dependencies: ["CZlib"]),
    .executableTarget(
      name: "LockstepCLI",
      dependencies: [
        "KernelTree",
        "PathSimulator",
        "MailThread",
        "PatchDiff",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "PathSimulatorTests", dependencies: ["PathSimulator"]),
    .target(name: "PatchDiff"),
    .testTarget(name: "PatchDiffTests", dependencies: ["PatchDiff"]),
    .testTarget(
      name: "KernelTreeTests",
      dependencies: ["KernelTree"],
      resources: []
    ),
    .testTarget(name: "MailThreadTests", dependencies: ["MailThread", "PatchDiff"]),
    .testTarget(name: "FixtureTreeTests"),
  ]
)
