#ifndef LOCKSTEP_CLIBGIT2_LOOSE_GUARD_H
#define LOCKSTEP_CLIBGIT2_LOOSE_GUARD_H
#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <zlib.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A reader of loose objects that a truncated one cannot hang: libgit2 1.5 loops forever
 * inflating a loose object whose zlib stream ends early (libgit2 issue #7342, fixed
 * upstream by PR #7346, not in Debian's 1.5): its zstream drain loop retries an inflate
 * that reports Z_BUF_ERROR once the input is exhausted.
 *
 * The reader is an object-database backend placed after the packs and before libgit2's
 * loose readers (the packs' priority, added after them: libgit2 sorts backends stably,
 * and puts those it loaded for objects/info/alternates first among equals). A
 * packed object is found before the guard is asked, so the guard costs no file lookup
 * per object in a packed repository (it used to try to open a loose file for every
 * object read: on a walk over 100,000 packed commits that was most of the system time).
 * It reads a loose object itself (one inflate, so no cost over libgit2's own reader) and
 * answers an error naming the file when the stream is truncated or corrupt or its length
 * is not the one its header states; an object with no loose file is left to the other
 * backends (GIT_PASSTHROUGH). For an abbreviated id it checks every loose file the id
 * could name before libgit2's loose backend reads one. Reads only.
 *
 *     lockstep_git_guard_loose_objects(repo);   // once, right after opening
 */

typedef struct {
	git_odb_backend parent;
	char objects[4096]; /* the objects folder, ending with '/' */
} lockstep_loose_guard;

/* A loose file inflated: 1 when there is no such file or it is not zlib data (the old
 * uncompressed format, which libgit2 reads itself), 0 when the stream is whole (`out`
 * holds `out_len` bytes, `header_only` stops after the header's NUL), -1 when it is
 * truncated or corrupt. */
static inline int lockstep_loose_inflate(const char *path, int header_only, unsigned char **out,
					 size_t *out_len) {
	*out = NULL;
	*out_len = 0;
	FILE *file = fopen(path, "rb");
	if (!file) return 1;
	unsigned char in[16384];
	size_t capacity = 0, length = 0;
	unsigned char *buffer = NULL;
	z_stream stream;
	memset(&stream, 0, sizeof(stream));
	if (inflateInit(&stream) != Z_OK) {
		fclose(file);
		return 1;
	}
	int result = -1, first = 1, ended = 0;
	while (!ended) {
		size_t count = fread(in, 1, sizeof(in), file);
		if (first) {
			first = 0;
			if (count >= 2 && !((in[0] & 0x8F) == 0x08 && ((in[0] << 8) + in[1]) % 31 == 0)) {
				result = 1;
				break;
			}
		}
		if (count == 0) break; /* the input ended before the stream did: truncated */
		stream.next_in = in;
		stream.avail_in = (uInt)count;
		int status = Z_OK;
		while (status == Z_OK && !ended) {
			if (capacity - length < 4096) {
				size_t grown = capacity ? capacity * 2 : 65536;
				unsigned char *bigger = realloc(buffer, grown);
				if (!bigger) { status = Z_MEM_ERROR; break; }
				buffer = bigger;
				capacity = grown;
			}
			stream.next_out = buffer + length;
			/* A header is in the first few bytes: inflate no more than needed for it. */
			stream.avail_out = (uInt)(header_only ? 64 : capacity - length);
			status = inflate(&stream, Z_NO_FLUSH);
			length = capacity - stream.avail_out;
			if (status == Z_STREAM_END) ended = 1;
			else if (header_only && memchr(buffer, 0, length)) ended = 1;
			else if (stream.avail_in == 0 && stream.avail_out > 0) break; /* wants input */
		}
		if (!ended && status != Z_OK && status != Z_BUF_ERROR) break; /* corrupt data */
	}
	if (ended) {
		result = 0;
		*out = buffer;
		*out_len = length;
	} else {
		free(buffer);
	}
	inflateEnd(&stream);
	fclose(file);
	return result;
}

/* Reads "type size\0" at the start of an inflated object: the header's length, or 0. */
static inline size_t lockstep_loose_header(const unsigned char *data, size_t length,
					   git_object_t *type, size_t *size) {
	const unsigned char *nul = memchr(data, 0, length < 64 ? length : 64);
	const unsigned char *space = nul ? memchr(data, ' ', (size_t)(nul - data)) : NULL;
	if (!space) return 0;
	char name[16];
	size_t name_length = (size_t)(space - data);
	if (name_length == 0 || name_length >= sizeof(name)) return 0;
	memcpy(name, data, name_length);
	name[name_length] = 0;
	*type = git_object_string2type(name);
	if (*type != GIT_OBJECT_COMMIT && *type != GIT_OBJECT_TREE && *type != GIT_OBJECT_BLOB &&
	    *type != GIT_OBJECT_TAG)
		return 0;
	size_t value = 0;
	for (const unsigned char *digit = space + 1; digit < nul; digit++) {
		if (*digit < '0' || *digit > '9' || value > (SIZE_MAX - 9) / 10) return 0;
		value = value * 10 + (size_t)(*digit - '0');
	}
	if (space + 1 == nul) return 0;
	*size = value;
	return (size_t)(nul - data) + 1;
}

static inline int lockstep_loose_corrupt(const char *hex, const char *path) {
	char message[4400];
	snprintf(message, sizeof(message), "loose object %s is truncated or corrupt: %s", hex, path);
	git_error_set_str(GIT_ERROR_ODB, message);
	return GIT_ERROR;
}

/* Reads the loose object `hex` (whole, or only its header when `data` is NULL). */
static inline int lockstep_loose_read(lockstep_loose_guard *guard, const char *hex, void **data,
				      size_t *len, git_object_t *type) {
	char path[4200];
	snprintf(path, sizeof(path), "%s%.2s/%s", guard->objects, hex, hex + 2);
	unsigned char *inflated;
	size_t length, size;
	int state = lockstep_loose_inflate(path, data == NULL, &inflated, &length);
	if (state > 0) return GIT_PASSTHROUGH;
	if (state < 0) return lockstep_loose_corrupt(hex, path);
	size_t header = lockstep_loose_header(inflated, length, type, &size);
	if (header == 0 || (data && length - header != size)) {
		free(inflated);
		return lockstep_loose_corrupt(hex, path);
	}
	*len = size;
	if (data) {
		*data = git_odb_backend_data_alloc(&guard->parent, size + 1);
		if (!*data) {
			free(inflated);
			return GIT_ERROR;
		}
		memcpy(*data, inflated + header, size);
		((unsigned char *)*data)[size] = 0;
	}
	free(inflated);
	return 0;
}

static inline int lockstep_loose_guard_read(void **data, size_t *len, git_object_t *type,
					    git_odb_backend *backend, const git_oid *id) {
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof(hex), id);
	return lockstep_loose_read((lockstep_loose_guard *)backend, hex, data, len, type);
}

static inline int lockstep_loose_guard_read_header(size_t *len, git_object_t *type,
						   git_odb_backend *backend, const git_oid *id) {
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof(hex), id);
	return lockstep_loose_read((lockstep_loose_guard *)backend, hex, NULL, len, type);
}

/* An abbreviated id: every loose file it could name is checked to inflate whole; libgit2's
 * own backends then resolve it (and tell an ambiguous one). */
static inline int lockstep_loose_guard_read_prefix(git_oid *out, void **data, size_t *len,
						   git_object_t *type, git_odb_backend *backend,
						   const git_oid *short_id, size_t length) {
	(void)out; (void)data; (void)len; (void)type;
	lockstep_loose_guard *guard = (lockstep_loose_guard *)backend;
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof(hex), short_id);
	if (length < 2 || length > GIT_OID_HEXSZ) return GIT_PASSTHROUGH;
	char folder[4200];
	snprintf(folder, sizeof(folder), "%s%.2s", guard->objects, hex);
	DIR *dir = opendir(folder);
	if (!dir) return GIT_PASSTHROUGH;
	int error = GIT_PASSTHROUGH;
	struct dirent *entry;
	while (error == GIT_PASSTHROUGH && (entry = readdir(dir)) != NULL) {
		if (strlen(entry->d_name) != GIT_OID_HEXSZ - 2) continue;
		if (strncmp(entry->d_name, hex + 2, length - 2) != 0) continue;
		char full[GIT_OID_HEXSZ + 1];
		snprintf(full, sizeof(full), "%.2s%s", hex, entry->d_name);
		void *object = NULL;
		size_t size;
		git_object_t kind;
		error = lockstep_loose_read(guard, full, &object, &size, &kind);
		if (error == 0) {
			git_odb_backend_data_free(backend, object);
			error = GIT_PASSTHROUGH;
		}
	}
	closedir(dir);
	return error;
}

static inline void lockstep_loose_guard_free(git_odb_backend *backend) { free(backend); }

/* Places a guard for `objects` (ending with '/') in `odb`, after every pack and before
 * every loose-object reader. */
static inline int lockstep_loose_guard_add(git_odb *odb, const char *objects) {
	lockstep_loose_guard *guard = calloc(1, sizeof(lockstep_loose_guard));
	if (!guard) return -1;
	int error = git_odb_init_backend(&guard->parent, GIT_ODB_BACKEND_VERSION);
	if (error < 0 || strlen(objects) + 1 > sizeof(guard->objects)) {
		free(guard);
		return error < 0 ? error : -1;
	}
	strcpy(guard->objects, objects);
	guard->parent.read = lockstep_loose_guard_read;
	guard->parent.read_header = lockstep_loose_guard_read_header;
	guard->parent.read_prefix = lockstep_loose_guard_read_prefix;
	guard->parent.free = lockstep_loose_guard_free;
	/* libgit2's priorities: packs 2, loose objects 1 (higher first, ties in the order
	 * added). */
	error = git_odb_add_backend(odb, &guard->parent, 2);
	if (error < 0) free(guard);
	return error;
}

/* Guards the loose objects of `repo` and of the object stores its objects/info/alternates
 * names (absolute or relative to the objects folder). */
static inline int lockstep_git_guard_loose_objects(git_repository *repo) {
	git_buf objects = GIT_BUF_INIT;
	git_odb *odb = NULL;
	int error = git_repository_item_path(&objects, repo, GIT_REPOSITORY_ITEM_OBJECTS);
	if (error == 0) error = git_repository_odb(&odb, repo);
	if (error == 0) error = lockstep_loose_guard_add(odb, objects.ptr);
	if (error == 0) {
		char alternates[4200];
		snprintf(alternates, sizeof(alternates), "%sinfo/alternates", objects.ptr);
		FILE *file = fopen(alternates, "r");
		char line[4096];
		while (error == 0 && file && fgets(line, sizeof(line), file)) {
			size_t length = strcspn(line, "\r\n");
			line[length] = 0;
			if (length == 0 || line[0] == '#') continue;
			char folder[8400];
			snprintf(folder, sizeof(folder), "%s%s%s", line[0] == '/' ? "" : objects.ptr, line,
				 line[length - 1] == '/' ? "" : "/");
			error = lockstep_loose_guard_add(odb, folder);
		}
		if (file) fclose(file);
	}
	git_odb_free(odb);
	git_buf_dispose(&objects);
	return error;
}

#endif
