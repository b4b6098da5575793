import Foundation
import TestSupport
import Testing

@testable import KernelTree

/// The same messages given to `git interpret-trailers --parse`, the reference.
private let messages = [
  """
  mm: Fix a hmm_range_fault() livelock / starvation problem

  If hmm_range_fault() fails a folio_trylock() in do_swap_page, …

  Suggested-by: Alistair Popple <apopple@nvidia.com>
  Fixes: 1afaeb8293c9 ("mm/migrate: Trylock device page in
   do_swap_page")
  Cc: <stable@vger.kernel.org> # v6.15+
  Signed-off-by: Thomas Hellström <thomas.hellstrom@linux.intel.com>
  """,
  """
  mm: a change

  Body text: with a colon in it.
  More body.
  """,
  """
  mm: mostly prose at the end

  This paragraph talks about the fix at length and
  has a line that looks like one
  Link: https://example.org/x
  and then continues as prose, which is not a trailer block
  Signed-off-by: A <a@b>
  """,
  """
  subject only: not a trailer
  """,
  """
  mm: patch mail

  Body.

  Reviewed-by: R <r@x>
  ---
   mm/memory.c | 2 +-
  """,
]

@Test(arguments: messages.indices)
func trailersAreParsedAsGitInterpretTrailersDoes(index: Int) throws {
  let sandbox = try GitSandbox()
  let reference = try sandbox.git("interpret-trailers", "--parse", input: messages[index])
  let expected = reference.split(separator: "\n").map(String.init)
  let ours = Trailer.parse(in: messages[index]).map { "\($0.name): \($0.value)" }
  #expect(ours == expected)
}

@Test func anUpstreamLineIsFoundInBothStableStyles() {
  let sha = "1afaeb8293c9a1b2c3d4e5f60718293a4b5c6d7e"
  #expect(UpstreamReference.find(in: "commit \(sha) upstream.\n\nmm: x") == sha)
  #expect(UpstreamReference.find(in: "mm: x\n\n[ Upstream commit \(sha) ]\n\nbody") == sha)
  #expect(UpstreamReference.find(in: "mm: x\n\nThis fixes commit \(sha) upstream in prose.") == nil)
}
