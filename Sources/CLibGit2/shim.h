#ifndef LOCKSTEP_CLIBGIT2_SHIM_H
#define LOCKSTEP_CLIBGIT2_SHIM_H
#include <git2.h>

/* git_libgit2_opts() is variadic, which Swift cannot call: these wrap the calls
 * Lockstep makes, once, before the first repository is opened. */

/* Like git itself, do not re-hash every object read (a corrupt object still fails
 * to inflate or parse). */
static inline int lockstep_git_disable_hash_verification(void) {
	return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

/* Keep trees up to `bytes` in libgit2's object cache: history walks diff the same
 * large directory trees (drivers/, mm/) over and over. */
static inline int lockstep_git_cache_trees_up_to(size_t bytes) {
	return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, bytes);
}

#endif
