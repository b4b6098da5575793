// swift-tools-version:6.0
import PackageDescription

// One module per pipeline stage (see README.md, "Architecture"):
// mail → MailThread → PatchDiff ─┐
// tree → KernelTree → CSyntax ───┴→ LockAnalysis ─(PathFormat)→ PathSimulator ─┐
//                         └──────────────→ Backport ────────────────────────→ Review → Claims → lockstep
let package = Package(
  name: "Lockstep",
  products: [
    .executable(name: "lockstep", targets: ["LockstepCLI"]),
    .library(name: "KernelTree", targets: ["KernelTree"]),
    .library(name: "MailThread", targets: ["MailThread"]),
    .library(name: "PatchDiff", targets: ["PatchDiff"]),
    .library(name: "CSyntax", targets: ["CSyntax"]),
    .library(name: "PathFormat", targets: ["PathFormat"]),
    .library(name: "LockAnalysis", targets: ["LockAnalysis"]),
    .library(name: "PathSimulator", targets: ["PathSimulator"]),
    .executable(name: "mutation-check", targets: ["MutationCheck"]),
    .library(name: "Backport", targets: ["Backport"]),
    .library(name: "Review", targets: ["Review"]),
    .library(name: "Claims", targets: ["Claims"]),
    .library(name: "Report", targets: ["Report"]),
    .library(name: "Checks", targets: ["Checks"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
  ],
  targets: [
    .systemLibrary(name: "CLibGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    // libgit2's certificate loading answered in the executable (Sources/CSkipCertificates).
    .target(name: "CSkipCertificates"),
    .target(name: "KernelTree", dependencies: ["CLibGit2", "CSkipCertificates"]),
    .target(name: "MailThread", dependencies: ["CZlib"]),
    .target(name: "PatchDiff"),
    .target(name: "CSyntax"),
    .target(name: "PathFormat"),
    // Where the modules' shipped files are, without Bundle.module's fatalError.
    .target(name: "ShippedResources"),
    .target(
      name: "LockAnalysis",
      dependencies: ["CSyntax", "PatchDiff", "KernelTree", "PathFormat", "ShippedResources"],
      resources: [.copy("Resources/primitives.txt")]
    ),
    .target(
      name: "PathSimulator", dependencies: ["PathFormat", "ShippedResources"],
      resources: [.copy("Resources/contenders.txt"), .copy("Resources/scenarios")]),
    .target(
      name: "Backport",
      dependencies: ["KernelTree", "PatchDiff", "CSyntax", "LockAnalysis", "ShippedResources"],
      resources: [.copy("Resources/renames.txt")]
    ),
    // Orchestration: patches out of mail, analyzed against the tree, handed on typed.
    .target(
      name: "Review",
      dependencies: [
        "KernelTree", "MailThread", "PatchDiff", "CSyntax", "LockAnalysis", "PathFormat",
        "PathSimulator", "Backport",
      ]
    ),
    // Claims made in a thread and their verdicts; claim patterns as data.
    .target(
      name: "Claims",
      dependencies: [
        "Review", "KernelTree", "MailThread", "PatchDiff", "CSyntax", "LockAnalysis",
        "PathFormat", "PathSimulator", "Backport", "ShippedResources",
      ],
      resources: [.copy("Resources/claim-patterns.txt")]
    ),
    // The report templates (top-level Templates/, overridable with --templates DIR), shipped
    // as resources of their own small target so that they stay one folder users can read.
    .target(
      name: "ReportTemplates", dependencies: ["ShippedResources"], path: "Templates",
      sources: ["ReportTemplates.swift"],
      resources: [.copy("html"), .copy("md"), .copy("mbox"), .copy("text")]),
    .target(
      name: "Report",
      dependencies: [
        "MailThread", "PatchDiff", "PathFormat", "LockAnalysis", "PathSimulator", "Backport",
        "Review", "Claims", "ReportTemplates", "KernelTree",
        .product(name: "Mustache", package: "swift-mustache"),
      ]),
    // b4's check protocol and patchwork's checks API: one mail in, a pass/warn/fail out.
    .target(
      name: "Checks",
      dependencies: ["MailThread", "PatchDiff", "KernelTree", "LockAnalysis", "Review", "Claims"]),
    .executableTarget(
      name: "LockstepCLI",
      dependencies: [
        "KernelTree", "MailThread", "PatchDiff", "CSyntax", "LockAnalysis", "PathFormat",
        "PathSimulator", "Backport", "Review", "Claims", "Report", "Checks",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // The mutation benchmark (`make mutation-check`): plants lock, map and reference bugs in
    // real functions and measures how many `lockstep analyze` finds.
    .target(
      name: "LockMutation", dependencies: ["CSyntax", "LockAnalysis"],
      path: "Benchmarks/analysis/LockMutation"),
    .executableTarget(
      // Every module main.swift imports is named: a module reached only through another is not
      // tracked by the incremental build, and a stale layout of PrimitiveTable crashed it.
      name: "MutationCheck", dependencies: ["LockMutation", "LockAnalysis"],
      path: "Benchmarks/analysis/MutationCheck"),
    // Real git sandboxes, the fixture tree and the built `lockstep`, for the tests.
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "KernelTreeTests", dependencies: ["KernelTree", "TestSupport"]),
    .testTarget(name: "LockstepCLITests", dependencies: ["TestSupport"]),
    .testTarget(
      name: "ReportTests",
      dependencies: [
        "Report", "Review", "Claims", "MailThread", "PatchDiff", "LockAnalysis", "PathSimulator",
        "TestSupport",
      ]),
    .testTarget(name: "FixtureTreeTests", dependencies: ["TestSupport"]),
    .testTarget(name: "MailThreadTests", dependencies: ["MailThread", "PatchDiff", "TestSupport"]),
    .testTarget(name: "PatchDiffTests", dependencies: ["PatchDiff", "TestSupport"]),
    .testTarget(name: "CSyntaxTests", dependencies: ["CSyntax"]),
    .testTarget(
      name: "LockAnalysisTests",
      dependencies: [
        "LockAnalysis", "CSyntax", "PatchDiff", "MailThread", "KernelTree", "Review",
        "TestSupport",
      ]
    ),
    .testTarget(
      name: "PathSimulatorTests", dependencies: ["PathSimulator", "PathFormat", "TestSupport"]),
    .testTarget(
      name: "MutationTests", dependencies: ["LockMutation", "LockAnalysis", "TestSupport"]),
    .testTarget(
      name: "ReviewTests",
      dependencies: ["Review", "LockAnalysis", "PathFormat", "TestSupport"]),
    .testTarget(
      name: "ChecksTests", dependencies: ["Checks", "Claims", "Review", "LockAnalysis", "TestSupport"]),
    .testTarget(
      name: "ClaimsTests",
      dependencies: ["Claims", "Review", "MailThread", "PatchDiff", "KernelTree", "TestSupport"]
    ),
    .testTarget(
      name: "BackportTests",
      dependencies: ["Backport", "KernelTree", "PatchDiff", "LockAnalysis", "TestSupport"]
    ),
  ]
)
