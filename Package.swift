// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Lockstep",
  products: [
    .executable(name: "lockstep", targets: ["LockstepCLI"]),
    .library(name: "KernelTree", targets: ["KernelTree"]),
    .library(name: "CSyntax", targets: ["CSyntax"]),
    .library(name: "LockAnalysis", targets: ["LockAnalysis"]),
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
    .target(name: "CSyntax"),
    .target(
      name: "LockAnalysis",
      dependencies: ["CSyntax", "PatchDiff", "KernelTree"],
      resources: [.copy("Resources/primitives.txt")]
    ),
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
        "LockAnalysis",
        "MailThread",
        "PatchDiff",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .target(name: "PatchDiff"),
    .testTarget(name: "PatchDiffTests", dependencies: ["PatchDiff"]),
    .testTarget(
      name: "KernelTreeTests",
      dependencies: ["KernelTree"],
      resources: []
    ),
    .testTarget(name: "CSyntaxTests", dependencies: ["CSyntax"]),
    .testTarget(
      name: "LockAnalysisTests", dependencies: ["LockAnalysis", "CSyntax", "PatchDiff", "MailThread", "KernelTree"]),
    .testTarget(name: "MailThreadTests", dependencies: ["MailThread"]),
  ]
)
