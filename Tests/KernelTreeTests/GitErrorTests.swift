import CLibGit2
import Testing

@testable import KernelTree

@Test func aFailedLibgit2CallCarriesItsCodeAndContext() {
  _ = LibGit2.initialised
  var repo: OpaquePointer?
  let code = git_repository_open(&repo, "/nonexistent/lockstep-repo")
  #expect(throws: GitError.self) { try GitError.check(code, "path /nonexistent/lockstep-repo") }
  do {
    try GitError.check(code, "path /nonexistent/lockstep-repo")
  } catch {
    #expect(error.isNotFound)
    #expect(error.description.contains("/nonexistent/lockstep-repo"))
  }
}
