/* Lockstep reads git repositories on disk and never talks to a server; Debian's libgit2 1.5
 * (built with mbedTLS) nevertheless parses every certificate of the system's CA bundle in
 * git_libgit2_init(), unconditionally: about 150 PEM certificates through mbedTLS's base64
 * and ASN.1 readers, 55 million instructions, a quarter of a `lockstep analyze` of a one-patch
 * change and a tenth of a 30-patch series run with a process per patch (b4's review mode runs
 * one per patch).
 *
 * libgit2.so calls mbedtls_x509_crt_parse_file() from libmbedx509. An executable that defines
 * the same symbol comes first in the dynamic linker's lookup order (it is exported because
 * libgit2.so, on the link line, refers to it), so libgit2's call lands here: no certificate is
 * parsed, the chain stays empty, and 0 says the file was read. A TLS connection made with that
 * chain would fail verification (nothing is trusted): it fails closed. Lockstep makes none.
 *
 * Nothing else is changed: every other mbedTLS function, and libgit2, are Debian's. */
#include "skip_certificates.h"

struct mbedtls_x509_crt;

int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path) {
	(void)chain;
	(void)path;
	return 0;
}
