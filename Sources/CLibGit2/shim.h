#ifndef LOCKSTEP_CLIBGIT2_SHIM_H
#define LOCKSTEP_CLIBGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <string.h>

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

/* Applies `diff` to the files `paths` (count of them) of the tree `tree_id` of `repo` as
 * `git apply --check` would, writing nothing: a tree holding only those files is built in
 * an in-memory index, and every object made goes to an in-memory object store placed before
 * the repository's own (libgit2's mempack); `repo` should be a handle opened for this alone
 * (its object database keeps the mempack until it is freed). Paths the tree lacks are left
 * out (a file the diff creates). Returns 1 when it applies, 0 when not, a negative libgit2
 * error otherwise. */
static inline int lockstep_git_apply_check(git_repository *repo, const git_oid *tree_id,
					   git_diff *diff, const char **paths, size_t count) {
	git_odb *odb = NULL;
	git_odb_backend *memory = NULL;
	git_tree *full = NULL, *tree = NULL;
	git_index *files = NULL, *index = NULL;
	git_oid reduced;
	int error = git_repository_odb(&odb, repo);
	if (error == 0) error = git_mempack_new(&memory);
	if (error == 0) error = git_odb_add_backend(odb, memory, 999);
	if (error == 0) error = git_tree_lookup(&full, repo, tree_id);
	if (error == 0) error = git_index_new(&files);
	for (size_t i = 0; error == 0 && i < count; i++) {
		git_tree_entry *found = NULL;
		int lookup = git_tree_entry_bypath(&found, full, paths[i]);
		if (lookup == GIT_ENOTFOUND) continue;
		if (lookup < 0) { error = lookup; break; }
		git_index_entry entry;
		memset(&entry, 0, sizeof(entry));
		entry.path = paths[i];
		entry.mode = git_tree_entry_filemode(found);
		git_oid_cpy(&entry.id, git_tree_entry_id(found));
		error = git_index_add(files, &entry);
		git_tree_entry_free(found);
	}
	if (error == 0) error = git_index_write_tree_to(&reduced, files, repo);
	if (error == 0) error = git_tree_lookup(&tree, repo, &reduced);
	if (error == 0) {
		int applied = git_apply_to_tree(&index, repo, tree, diff, NULL);
		error = applied == 0 ? 1 : (applied == GIT_EAPPLYFAIL || applied == GIT_ENOTFOUND ? 0 : applied);
	}
	git_index_free(index);
	git_index_free(files);
	git_tree_free(tree);
	git_tree_free(full);
	git_odb_free(odb);
	return error;
}

#endif
