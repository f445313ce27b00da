/* A put's body, read into a blob (see mem_body.h). */
#include "mem_abi.h"
#include "mem_body.h"
#include "mem_buffer.h"
#include "mem_md5.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int too_large(mem_error *error, int64_t size, int64_t max_size) {
    mem_fail(error, CK_ERR_INVALID_ARGUMENT, "EntityTooLarge", "the body is %lld bytes; this client stores objects of at most %lld",
             (long long)size, (long long)max_size);
    return mem_with_http(error, 400);
}

/* Appends `count` bytes just read into the buffer's spare room to the body, hashing them. */
static void took(mem_buffer *body, mem_md5 *md5, size_t count) {
    mem_md5_update(md5, (const uint8_t *)body->bytes + body->length, count);
    body->length += count;
}

/* Pulls the body through the host's read callback: exactly content_length bytes. */
static int from_callback(const ck_put_object_request *request, int64_t max_size, mem_call *call, mem_buffer *body, mem_md5 *md5,
                         mem_error *error) {
    int64_t total = request->content_length;
    if (total < 0) return mem_invalid(error, "content_length must be the exact body length (>= 0) when a read callback is given");
    if (total > max_size) return too_large(error, total, max_size);
    for (;;) {
        size_t want = (uint64_t)(total - (int64_t)body->length) < MEM_CHUNK ? (size_t)(total - (int64_t)body->length) : MEM_CHUNK;
        size_t room = want ? want : 1; /* once all has come, one more byte would be too many */
        int64_t count;
        if (!mem_call_live(call, error)) return 0;
        if (!mem_buffer_reserve(body, room)) return mem_out_of_memory(error);
        count = request->read(request->read_context, (uint8_t *)body->bytes + body->length, room);
        if (count == -1) return mem_fail(error, CK_ERR_CANCELLED, "Cancelled", "the body read callback aborted the upload");
        if (count < 0 || (uint64_t)count > room) {
            return mem_invalid(error, "the body read callback returned %lld for a buffer of %zu bytes", (long long)count, room);
        }
        if (want == 0) {
            if (count > 0) return mem_fail(error, CK_ERR_INVALID_ARGUMENT, "IncompleteBody", "the body is longer than its content length %lld", (long long)total);
            return 1;
        }
        if (count == 0) {
            return mem_fail(error, CK_ERR_INVALID_ARGUMENT, "IncompleteBody", "the body read callback gave %zu bytes but the content length is %lld",
                            body->length, (long long)total);
        }
        took(body, md5, (size_t)count);
        if (request->progress) request->progress(request->progress_context, (int64_t)body->length, total);
    }
}

static int file_error(mem_error *error, const char *path, int code) {
    if (code == ENOENT || code == ENOTDIR) return mem_fail(error, CK_ERR_NOT_FOUND, "NoSuchFile", "cannot open %.300s for reading: no such file", path);
    if (code == EACCES || code == EPERM) return mem_fail(error, CK_ERR_PERMISSION_DENIED, "AccessDenied", "cannot read %.300s: permission denied", path);
    return mem_fail(error, CK_ERR_INTERNAL, "IOError", "cannot read %.300s: %s", path, strerror(code));
}

/* Reads the file at the request's file_path, up to max_size bytes. */
static int from_file(const ck_put_object_request *request, int64_t max_size, mem_call *call, mem_buffer *body, mem_md5 *md5,
                     mem_error *error) {
    int descriptor = open(request->file_path, O_RDONLY | O_CLOEXEC);
    int64_t total;
    int ok = 1;
    if (descriptor < 0) return file_error(error, request->file_path, errno);
    total = (int64_t)lseek(descriptor, 0, SEEK_END);
    if (total < 0 || lseek(descriptor, 0, SEEK_SET) != 0) total = -1;
    if (total > max_size) ok = too_large(error, total, max_size);
    while (ok) {
        ssize_t count;
        if (!mem_call_live(call, error) || !mem_buffer_reserve(body, MEM_CHUNK)) {
            ok = body->failed ? mem_out_of_memory(error) : 0;
            break;
        }
        count = read(descriptor, body->bytes + body->length, MEM_CHUNK);
        if (count < 0 && errno == EINTR) continue;
        if (count < 0) {
            ok = file_error(error, request->file_path, errno);
        } else if (count == 0) {
            break;
        } else if ((int64_t)(body->length + (size_t)count) > max_size) {
            ok = too_large(error, (int64_t)(body->length + (size_t)count), max_size);
        } else {
            int64_t done;
            took(body, md5, (size_t)count);
            done = (int64_t)body->length;
            if (request->progress) request->progress(request->progress_context, done, total >= 0 && total < done ? done : total);
        }
    }
    close(descriptor);
    return ok;
}

/* Copies the request's in-memory bytes. */
static int from_memory(const ck_put_object_request *request, int64_t max_size, mem_buffer *body, mem_md5 *md5, mem_error *error) {
    if (!request->data && request->data_length > 0) return mem_invalid(error, "data is NULL but its length is %zu", request->data_length);
    if ((uint64_t)request->data_length > (uint64_t)max_size) return too_large(error, (int64_t)(request->data_length > INT64_MAX ? INT64_MAX : request->data_length), max_size);
    if (!mem_buffer_reserve(body, request->data_length)) return mem_out_of_memory(error);
    if (request->data_length) memcpy(body->bytes, request->data, request->data_length);
    took(body, md5, request->data_length);
    if (request->progress) request->progress(request->progress_context, (int64_t)request->data_length, (int64_t)request->data_length);
    return 1;
}

int mem_body_read(const ck_put_object_request *request, int64_t max_size, mem_call *call, mem_blob **out, char etag[35],
                  mem_error *error) {
    mem_buffer body;
    mem_md5 md5;
    mem_blob *blob;
    int ok;
    mem_buffer_init(&body);
    mem_md5_init(&md5);
    if (request->read) ok = from_callback(request, max_size, call, &body, &md5, error);
    else if (request->file_path) ok = from_file(request, max_size, call, &body, &md5, error);
    else ok = from_memory(request, max_size, &body, &md5, error);
    blob = ok ? calloc(1, sizeof *blob) : NULL;
    if (ok && !blob) ok = mem_out_of_memory(error);
    if (!ok) {
        mem_buffer_free(&body);
        return 0;
    }
    blob->refs = 1;
    blob->length = body.length;
    blob->bytes = (uint8_t *)body.bytes;
    if (body.capacity > body.length + 1) {
        /* Give back what doubling the buffer left unused. */
        uint8_t *trimmed = realloc(blob->bytes, body.length + 1);
        if (trimmed) blob->bytes = trimmed;
    }
    mem_md5_etag(&md5, etag);
    *out = blob;
    return 1;
}
