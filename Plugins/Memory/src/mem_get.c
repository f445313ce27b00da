/* get_object and head_object: reading an object, whole or a range, optionally conditional (see mem_storage.h). */
#include "mem_abi.h"
#include "mem_body.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A get's conditions (if_match, if_none_match, if_modified_since), with HTTP's rules. */
typedef struct read_conditions {
    const char *if_match;
    const char *if_none_match;
    int64_t modified_since_seconds; /* -1: none */
} read_conditions;

static int read_conditions_of(const ck_get_object_request *request, read_conditions *conditions, mem_error *error) {
    const char *since;
    size_t index;
    for (index = 0; index < request->option_count; index++) {
        if (!mem_check_option_value(request->options[index].key, request->options[index].value, error)) return 0;
    }
    conditions->if_match = mem_pair_value(request->options, request->option_count, "if_match");
    conditions->if_none_match = mem_pair_value(request->options, request->option_count, "if_none_match");
    conditions->modified_since_seconds = -1;
    since = mem_pair_value(request->options, request->option_count, "if_modified_since");
    if (since) {
        char *end = NULL;
        long long milliseconds;
        errno = 0;
        milliseconds = (since[0] >= '0' && since[0] <= '9') ? strtoll(since, &end, 10) : -1;
        if (errno != 0 || !end || *end || milliseconds < 0 || milliseconds >= 253402300800000LL) {
            return mem_invalid(error, "object option 'if_modified_since' must be milliseconds since 1970 (a whole number, not '%.40s')", since);
        }
        conditions->modified_since_seconds = milliseconds / 1000;
    }
    return 1;
}

/* Fails unless the object may be returned: if_match must name it; "not modified" is NotModified. */
static int check_conditions(const read_conditions *conditions, const mem_object *object, mem_error *error) {
    int not_modified = 0;
    if (conditions->if_match && !mem_etag_matches(conditions->if_match, object->etag)) {
        mem_fail(error, CK_ERR_PRECONDITION_FAILED, "PreconditionFailed", "precondition failed: '%.200s' does not have the ETag given with if_match",
                 object->key);
        return mem_with_http(error, 412);
    }
    if (conditions->if_none_match) not_modified = mem_etag_matches(conditions->if_none_match, object->etag);
    else if (conditions->modified_since_seconds >= 0) not_modified = object->last_modified_ms / 1000 <= conditions->modified_since_seconds;
    if (not_modified) {
        mem_fail(error, CK_ERR_PRECONDITION_FAILED, "NotModified", "'%.200s' is not modified (if_none_match / if_modified_since)", object->key);
        return mem_with_http(error, 304);
    }
    return 1;
}

/* The bytes S3 would serve for the request's range of an object of `size` bytes. */
static int resolve_range(const ck_get_object_request *request, size_t size, size_t *start, size_t *length, mem_error *error) {
    *start = 0;
    *length = size;
    if (!request->has_range) return 1;
    if ((uint64_t)request->range_start >= (uint64_t)size) {
        mem_fail(error, CK_ERR_INVALID_ARGUMENT, "InvalidRange", "the range starting at byte %lld starts beyond the object's %zu bytes",
                 (long long)request->range_start, size);
        return mem_with_http(error, 416);
    }
    *start = (size_t)request->range_start;
    if (request->range_end != -1 && (uint64_t)request->range_end < (uint64_t)size - 1) *length = (size_t)request->range_end + 1 - *start;
    else *length = size - *start;
    return 1;
}

/* The current version of bucket/key with a reference taken, or NULL with the reason. */
static mem_object *lookup(mem_store *store, const char *bucket_name, const char *key, mem_error *error) {
    mem_bucket *bucket;
    mem_object *object = NULL;
    pthread_mutex_lock(&store->lock);
    bucket = mem_bucket_find(store, bucket_name);
    if (!bucket) mem_no_such_bucket(error, bucket_name);
    else if (!(object = mem_object_find(bucket, key))) mem_no_such_key(error, bucket_name, key);
    else mem_object_retain(object);
    pthread_mutex_unlock(&store->lock);
    return object;
}

static int read_get(const ck_get_object_request *given, ck_get_object_request *request, read_conditions *conditions, mem_error *error) {
    /* This provider implements 1.3: it knows the request up to `option_count`,
       so a 1.6 `reserve` given to it is refused (rule 2b), not ignored. */
    memset(request, 0, sizeof *request);
    if (!mem_read_struct(given, request, MEM_END(ck_get_object_request, option_count), MEM_END(ck_get_object_request, progress_context),
                         "ck_get_object_request",
                         "get_object request", error)
        || !mem_check_options(request->options, request->option_count, mem_get_options, mem_get_options, "get_object", error)
        || !mem_string(request->bucket, "bucket", error) || !mem_string(request->key, "key", error)
        || !mem_optional_string(request->file_path, "file_path", error) || !read_conditions_of(request, conditions, error)) {
        return 0;
    }
    if (request->has_range && (request->range_start < 0 || (request->range_end != -1 && request->range_end < request->range_start))) {
        mem_fail(error, CK_ERR_INVALID_ARGUMENT, "InvalidRange", "range %lld-%lld is not a valid byte range", (long long)request->range_start,
                 (long long)request->range_end);
        return mem_with_http(error, 416);
    }
    return mem_check_bucket_name(request->bucket, error) && mem_check_key(request->key, error);
}

/**
 * ck_storage_v1.get_object: reads the object `request` names (borrowed),
 * whole or the inclusive range, into the first of its write callback, its
 * file (written atomically) or memory. if_match, if_none_match and
 * if_modified_since make it conditional (CK_ERR_PRECONDITION_FAILED,
 * PreconditionFailed or NotModified). The write and progress callbacks, and
 * then `done` — exactly once, with the info and, for memory, the bytes,
 * all borrowed for the call — run on this thread before this returns.
 */
void mem_get_object(ck_client *client, const ck_get_object_request *request, ck_get_object_fn done, void *user_data) {
    mem_call call;
    mem_error error;
    ck_status status;
    ck_object_info info;
    ck_get_object_request copy;
    read_conditions conditions;
    mem_object *object = NULL;
    size_t start = 0, length = 0;
    int ok, to_memory;
    if (!done) return;
    ok = mem_call_begin(&call, client, user_data, &error) && read_get(request, &copy, &conditions, &error)
         && (object = lookup(&client->store, copy.bucket, copy.key, &error)) != NULL && check_conditions(&conditions, object, &error)
         && resolve_range(&copy, object->blob->length, &start, &length, &error);
    to_memory = ok && !copy.write && !copy.file_path;
    if (ok && !to_memory) ok = mem_body_write(&copy, object->blob->bytes + start, length, &call, &error);
    if (ok && to_memory && copy.progress) copy.progress(copy.progress_context, (int64_t)length, (int64_t)length);
    if (ok) ok = mem_call_live(&call, &error);
    if (ok) {
        mem_status_ok(&status);
        mem_object_info(object, copy.bucket, &info);
        done(user_data, &status, &info, to_memory ? object->blob->bytes + start : NULL, to_memory ? length : 0);
    } else {
        mem_status_of(&error, &status);
        done(user_data, &status, NULL, NULL, 0);
    }
    if (object) mem_object_release(&client->store, object);
    mem_call_end(&call);
}

/**
 * ck_storage_v1.head_object: describes the object `bucket`/`key`
 * (borrowed) without its bytes: size, ETag, content type, last
 * modification, metadata and properties. `done` is called exactly once,
 * on this thread, before this returns, with the info borrowed for the call.
 */
void mem_head_object(ck_client *client, const char *bucket, const char *key, ck_object_info_fn done, void *user_data) {
    mem_call call;
    mem_error error;
    mem_object *object = NULL;
    int ok;
    if (!done) return;
    ok = mem_call_begin(&call, client, user_data, &error) && mem_string(bucket, "bucket", &error) && mem_string(key, "key", &error)
         && mem_check_bucket_name(bucket, &error) && mem_check_key(key, &error)
         && (object = lookup(&client->store, bucket, key, &error)) != NULL;
    mem_complete_info(done, user_data, ok, object, bucket, &error);
    if (object) mem_object_release(&client->store, object);
    mem_call_end(&call);
}
