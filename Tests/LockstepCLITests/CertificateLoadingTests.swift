import Foundation
import TestSupport
import Testing

/// Debian's libgit2 parses the whole system CA bundle through mbedTLS when it starts, which
/// lockstep (it never talks to a server) answers itself: the dynamic linker binds libgit2's
/// `mbedtls_x509_crt_parse_file()` to the definition in the lockstep binary
/// (`Sources/CSkipCertificates`), and the repository is still read as before.
@Suite struct CertificateLoadingTests {
  @Test func libgit2sCertificateLoadingIsAnsweredByLockstepAndTheTreeIsStillRead() throws {
    let libgit2 = try runCapturing("/usr/bin/ldd", [Paths.lockstep])
    try #require(
      libgit2.stdout.contains("libmbedx509"),
      "this libgit2 does not load certificates through mbedTLS: nothing to answer")
    let sandbox = try GitSandbox()
    let function = """
      static void frob(struct frob *f)
      {
      \tspin_lock(&f->lock);
      \tf->n++;
      \tspin_unlock(&f->lock);
      }

      """
    try sandbox.git("init", "-q")
    _ = try sandbox.commit("base", files: ["mm/frob.c": function])
    let patch = """
      --- a/mm/frob.c
      +++ b/mm/frob.c
      @@ -3,4 +3,5 @@ static void frob(struct frob *f)
       \tspin_lock(&f->lock);
       \tf->n++;
      +\tmight_sleep();
       \tspin_unlock(&f->lock);
       }

      """
    let result = try runCapturing(
      Paths.lockstep, ["analyze", "-", "--tree", sandbox.path, "--base", "HEAD"], input: patch,
      environment: ["LD_DEBUG": "bindings"])
    #expect(result.status == 1, "\(result.stdout)")
    #expect(result.stdout.contains("sleep-under-spinlock"), "the tree was read: \(result.stdout)")
    let bindings = result.stderr.split(separator: "\n").filter {
      $0.contains("libgit2") && $0.contains("`mbedtls_x509_crt_parse_file'")
    }
    #expect(!bindings.isEmpty, "libgit2 asked for the certificate reader")
    #expect(
      bindings.allSatisfy { $0.contains("to \(Paths.lockstep)") },
      "bound to lockstep's definition, not libmbedx509's: \(bindings)")
  }
}
