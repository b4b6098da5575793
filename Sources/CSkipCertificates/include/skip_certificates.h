#ifndef LOCKSTEP_SKIP_CERTIFICATES_H
#define LOCKSTEP_SKIP_CERTIFICATES_H

/* Nothing to call: skip_certificates.c defines mbedtls_x509_crt_parse_file(), which the
 * dynamic linker binds libgit2's call to (see there). The header only makes this folder a
 * C target SwiftPM links into every binary that uses KernelTree. */

#endif
