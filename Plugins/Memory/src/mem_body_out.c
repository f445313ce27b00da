/* A get's bytes, to the host's writer or a file written atomically (see mem_body.h). */
#include "mem_abi.h"
#include "mem_body.h"
#include "mem_buffer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Takes one chunk of the body; 0 with `error` set to stop. */
typedef int (*emit_fn)(const ck_get_object_request *request, void *context, const uint8_t *bytes, size_t length, mem_error *error);

/* Hands the bytes to `emit` a chunk at a time, reporting progress after each. */
static int chunked(const ck_get_object_request *request, const uint8_t *bytes, size_t length, mem_call *call, emit_fn emit,
                   void *context, mem_error *error) {
    size_t done = 0;
    while (done < length) {
        size_t chunk = length - done < MEM_CHUNK ? length - done : MEM_CHUNK;
        if (!mem_call_live(call, error) || !emit(request, context, bytes + done, chunk, error)) return 0;
        done += chunk;
        if (request->progress) request->progress(request->progress_context, (int64_t)done, (int64_t)length);
    }
    if (length == 0 && request->progress) request->progress(request->progress_context, 0, 0);
    return 1;
}

static int emit_to_writer(const ck_get_object_request *request, void *context, const uint8_t *bytes, size_t length, mem_error *error) {
    (void)context;
    if (request->write(request->write_context, bytes, length) == 0) return 1;
    return mem_fail(error, CK_ERR_CANCELLED, "Cancelled", "the body write callback aborted the download");
}

static int write_error(mem_error *error, const char *path, int code) {
    if (code == ENOENT || code == ENOTDIR) {
        return mem_fail(error, CK_ERR_INVALID_ARGUMENT, "NoSuchFile", "cannot write %.300s: its folder does not exist", path);
    }
    if (code == EACCES || code == EPERM || code == EROFS) {
        return mem_fail(error, CK_ERR_PERMISSION_DENIED, "AccessDenied", "cannot write %.300s: permission denied", path);
    }
    return mem_fail(error, CK_ERR_INTERNAL, "IOError", "cannot write %.300s: %s", path, strerror(code));
}

static int emit_to_file(const ck_get_object_request *request, void *context, const uint8_t *bytes, size_t length, mem_error *error) {
    int descriptor = *(int *)context;
    while (length > 0) {
        ssize_t count = write(descriptor, bytes, length);
        if (count < 0 && errno == EINTR) continue;
        if (count < 0) return write_error(error, request->file_path, errno);
        bytes += count;
        length -= (size_t)count;
    }
    return 1;
}

/*
 * Writes the bytes to a hidden temporary file beside the destination
 * (".NAME.XXXXXX"), syncs it and renames it over the destination; on any
 * failure the temporary is removed and the destination left as it was.
 */
static int to_file(const ck_get_object_request *request, const uint8_t *bytes, size_t length, mem_call *call, mem_error *error) {
    const char *path = request->file_path, *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    mem_buffer temporary;
    int descriptor, ok;
    if (!*name) return mem_invalid(error, "the download path '%.300s' names no file", path);
    mem_buffer_init(&temporary);
    if (slash) mem_buffer_append(&temporary, path, (size_t)(slash - path) + 1);
    mem_buffer_format(&temporary, ".%s.XXXXXX", name);
    if (temporary.failed) return mem_out_of_memory(error);
    descriptor = mkstemp(temporary.bytes);
    if (descriptor < 0) {
        ok = write_error(error, path, errno);
        mem_buffer_free(&temporary);
        return ok;
    }
    ok = chunked(request, bytes, length, call, emit_to_file, &descriptor, error);
    if (ok && fchmod(descriptor, 0644) != 0) ok = write_error(error, path, errno);
    if (ok && fsync(descriptor) != 0) ok = write_error(error, path, errno);
    if (close(descriptor) != 0 && ok) ok = write_error(error, path, errno);
    if (ok && !mem_call_live(call, error)) ok = 0;
    if (ok && rename(temporary.bytes, path) != 0) ok = write_error(error, path, errno);
    if (!ok) unlink(temporary.bytes);
    mem_buffer_free(&temporary);
    return ok;
}

int mem_body_write(const ck_get_object_request *request, const uint8_t *bytes, size_t length, mem_call *call, mem_error *error) {
    if (request->write) return chunked(request, bytes, length, call, emit_to_writer, NULL, error);
    return to_file(request, bytes, length, call, error);
}
