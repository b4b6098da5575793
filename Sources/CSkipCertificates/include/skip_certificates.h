#ifndef LOCKSTEP_SKIP_CERTIFICATES_H
#define LOCKSTEP_SKIP_CERTIFICATES_H

/* Whether this process answers libgit2's certificate loading itself (see
 * skip_certificates.c): 1 when the definition below is the one the dynamic linker bound. */
int lockstep_skips_certificates(void);

#endif
