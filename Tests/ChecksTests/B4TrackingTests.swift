import Checks
import Foundation
import Testing

/// Tracking data in the shape b4 0.16's `create_review_branch` writes it (other keys left
/// out; `B4CheckProtocolTests` reads the file the real b4 writes).
private let tracking = """
  {"series": {"identifier": null, "status": "reviewing", "revision": 1, "change-id": "20250408-dev-page",
   "base-commit": "ed1698bc3b08cb3f166950cfdf6546d9f358df1f", "prerequisite-commits": [],
   "first-patch-commit": "9c4fc111e4d5ea779e87e0b2acf1b59e8e4f5036"},
   "followups": [],
   "patches": [{"title": "[PATCH 1/2] a", "link": "https://lore.kernel.org/r/1-mei@example.org"},
               {"title": "[PATCH 2/2] b", "link": "https://lore.kernel.org/r/2-mei@example.org"}],
   "known-revisions": []}
  """

@Test func thePatchIsFoundByItsMessageIdElseByItsNumber() throws {
  let data = try B4Tracking(json: Data(tracking.utf8), file: "t.json")
  #expect(data.changeID == "20250408-dev-page")
  #expect(data.position(messageID: "<2-mei@example.org>", number: nil) == 2)
  #expect(data.position(messageID: "<other@example.org>", number: 1) == 1)
  #expect(data.position(messageID: nil, number: nil) == nil)
}

@Test func theBaseOfPatchTwoIsTheReviewBranchCommitOfPatchOne() throws {
  let data = try B4Tracking(json: Data(tracking.utf8), file: "t.json")
  let candidates = data.baseCandidates(position: 2)
  #expect(
    candidates.map(\.revision) == [
      "b4/review/20250408-dev-page~2", "9c4fc111e4d5ea779e87e0b2acf1b59e8e4f5036^",
      "ed1698bc3b08cb3f166950cfdf6546d9f358df1f",
    ])
  // The branch is taken only when its first patch is first-patch-commit.
  #expect(candidates.first?.mustEqual?.revision == "b4/review/20250408-dev-page~2")
  #expect(candidates.first?.mustEqual?.commit == "9c4fc111e4d5ea779e87e0b2acf1b59e8e4f5036")
  #expect(candidates[1].origin.contains("without patches 1–1"))
  #expect(data.baseCandidates(position: 1).first?.revision == "b4/review/20250408-dev-page~3")
}

@Test func trackingDataWithoutABranchFallsBackToBaseCommit() throws {
  let data = try B4Tracking(
    json: Data(#"{"series": {"base-commit": "v6.14"}, "patches": []}"#.utf8), file: "t.json")
  #expect(data.baseCandidates(position: 1).map(\.revision) == ["v6.14"])
}

@Test func aTrackingFileThatIsNotB4sJSONNamesTheFile() {
  #expect(throws: B4TrackingError.self) {
    try B4Tracking(json: Data("not json".utf8), file: "/tmp/b4-tracking-x.json")
  }
  do {
    _ = try B4Tracking(json: Data(#"{"patches": []}"#.utf8), file: "/tmp/t.json")
    Issue.record("a file with no series was read")
  } catch {
    #expect(error.description == "/tmp/t.json: no \"series\" object")
  }
  let unset = B4Tracking.fromEnvironment([:])
  #expect(unset == nil)
  let missing = B4Tracking.fromEnvironment(["B4_TRACKING_FILE": "/nonexistent/t.json"])
  #expect(throws: B4TrackingError.self) { try missing?.get() }
}
