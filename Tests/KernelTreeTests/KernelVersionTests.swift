import TestSupport
import Testing

@testable import KernelTree

@Test func versionsOrderByNumberNotByName() throws {
  let names = [
    "v6.10", "v6.9", "v7.0", "v6.15-rc1", "v6.15", "v6.12.3", "v6.12", "v6.12.10", "v7.0-rc2",
  ]
  let sorted = names.compactMap(KernelVersion.init).sorted().map(\.description)
  #expect(
    sorted == [
      "v6.9", "v6.10", "v6.12", "v6.12.3", "v6.12.10", "v6.15-rc1", "v6.15", "v7.0-rc2", "v7.0",
    ])
}

@Test func aReleaseCandidateComesBeforeItsRelease() throws {
  let rc = try #require(KernelVersion("v7.0-rc1"))
  let release = try #require(KernelVersion("v7.0"))
  let stable = try #require(KernelVersion("v7.0.1"))
  #expect(rc < release && release < stable)
  #expect(rc.isMainline && release.isMainline && !stable.isMainline)
}

@Test func tagsThatAreNoKernelVersionAreRejected() {
  for name in [
    "6.15", "v6", "v6.15-rc", "v6.15.1-rc1", "vX.Y", "v6..1", "next-20260101", "v6.15-rc0",
  ] {
    #expect(KernelVersion(name) == nil, "\(name)")
  }
}

@Test func aStableLineNameGivesItsSeries() {
  #expect(StableLine.series(ofBranch: "linux-6.12.y") == KernelVersion("v6.12"))
  #expect(StableLine.series(ofBranch: "linux-next") == nil)
}
