#ifndef LOCKSTEP_CLIBGIT2_SHIM_H
#define LOCKSTEP_CLIBGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>

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

/* Bound libgit2's object cache (default 256 MiB): a walk over a whole history
 * should not keep every commit it read. */
static inline int lockstep_git_cache_at_most(size_t bytes) {
	return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)bytes);
}

/* Applies `diff` to the tree `tree_id` of `repo` as `git apply --check` would, writing
 * nothing: the blobs and trees the apply creates go to an in-memory object store placed
 * before the repository's own (libgit2's mempack), and `repo` should be a handle opened for
 * this alone (its object database keeps the mempack until it is freed).
 * Returns 1 when it applies, 0 when not, a negative libgit2 error otherwise. */
static inline int lockstep_git_apply_check(git_repository *repo, const git_oid *tree_id,
					   git_diff *diff) {
	git_odb *odb = NULL;
	git_odb_backend *memory = NULL;
	git_tree *tree = NULL;
	git_index *index = NULL;
	int error = git_repository_odb(&odb, repo);
	if (error == 0) error = git_mempack_new(&memory);
	if (error == 0) error = git_odb_add_backend(odb, memory, 999);
	if (error == 0) error = git_tree_lookup(&tree, repo, tree_id);
	if (error == 0) {
		int applied = git_apply_to_tree(&index, repo, tree, diff, NULL);
		error = applied == 0 ? 1 : (applied == GIT_EAPPLYFAIL || applied == GIT_ENOTFOUND ? 0 : applied);
	}
	git_index_free(index);
	git_tree_free(tree);
	git_odb_free(odb);
	return error;
}

#endif
