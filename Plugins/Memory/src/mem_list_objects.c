/*
 * list_objects: one page of a bucket's keys in ascending byte order, with
 * S3's rules (see mem_storage.h): only keys with the prefix; with a
 * delimiter, keys whose rest holds it roll up into one common prefix
 * (ending with the delimiter) that counts once toward max_keys. Tokens are
 * base64 of 'K' (after a key) or 'P' (after a common prefix) and the last
 * entry's bytes, as the local provider makes them.
 */
#include "mem_abi.h"
#include "mem_base64.h"
#include "mem_buffer.h"
#include "mem_storage.h"

#include <string.h>

/* The default and largest page. */
#define MEM_MAX_KEYS 1000

/* Where a page starts: after `entry`, and after every key under it when it was a common prefix. */
typedef struct resume_point {
    mem_buffer entry;
    int after_prefix;
    int given;
} resume_point;

static int parse_token(const char *token, resume_point *resume, mem_error *error) {
    mem_buffer decoded;
    mem_buffer_init(&decoded);
    if (!mem_base64_decode(&decoded, token, strlen(token)) || decoded.length == 0 || (decoded.bytes[0] != 'K' && decoded.bytes[0] != 'P')
        || memchr(decoded.bytes, 0, decoded.length)) {
        mem_buffer_free(&decoded);
        return mem_invalid(error, "the page token is not one this provider issued");
    }
    resume->given = 1;
    resume->after_prefix = decoded.bytes[0] == 'P';
    mem_buffer_append(&resume->entry, decoded.bytes + 1, decoded.length - 1);
    mem_buffer_free(&decoded);
    return resume->entry.failed ? mem_out_of_memory(error) : 1;
}

/* The token for a page ending at `entry`, in `arena`. */
static const char *make_token(int after_prefix, const char *entry, size_t length, mem_arena *arena) {
    mem_buffer plain, token;
    const char *made;
    mem_buffer_init(&plain);
    mem_buffer_init(&token);
    mem_buffer_char(&plain, after_prefix ? 'P' : 'K');
    mem_buffer_append(&plain, entry, length);
    if (!plain.failed) mem_base64_encode(&token, (const uint8_t *)plain.bytes, plain.length);
    made = plain.failed || token.failed ? NULL : mem_arena_string(arena, token.bytes);
    mem_buffer_free(&plain);
    mem_buffer_free(&token);
    return made;
}

/* One page being collected. */
typedef struct page {
    const ck_object_summary **objects;
    size_t object_count;
    const char **prefixes;
    size_t prefix_count;
    const char *last;       /* the last entry added */
    size_t last_length;
    int last_is_prefix;
    const char *next_token;
} page;

static void add_object(page *out, const mem_object *object, mem_arena *arena) {
    ck_object_summary *summary = mem_arena_alloc(arena, sizeof *summary);
    if (!summary) return;
    summary->struct_size = sizeof *summary;
    summary->key = mem_arena_string(arena, object->key);
    summary->size = (int64_t)object->blob->length;
    summary->etag = mem_arena_string(arena, object->etag);
    summary->last_modified_ms = object->last_modified_ms;
    out->objects[out->object_count++] = summary;
    out->last = summary->key;
    out->last_length = strlen(object->key);
    out->last_is_prefix = 0;
}

static void add_prefix(page *out, const char *key, size_t length, mem_arena *arena) {
    const char *prefix = mem_arena_copy(arena, key, length);
    if (!prefix) return;
    out->prefixes[out->prefix_count++] = prefix;
    out->last = prefix;
    out->last_length = length;
    out->last_is_prefix = 1;
}

/* Collects the page from the bucket's sorted keys (store locked). */
static void collect(const mem_bucket *bucket, const ck_list_objects_request *request, const resume_point *resume, size_t max_keys,
                    page *out, mem_arena *arena) {
    const char *prefix = request->prefix ? request->prefix : "";
    const char *delimiter = request->delimiter && *request->delimiter ? request->delimiter : NULL;
    size_t prefix_length = strlen(prefix), index;
    int found;
    out->objects = mem_arena_alloc(arena, (max_keys + 1) * sizeof *out->objects);
    out->prefixes = mem_arena_alloc(arena, (max_keys + 1) * sizeof *out->prefixes);
    if (!out->objects || !out->prefixes) return;
    index = mem_list_search(&bucket->objects, prefix, mem_compare_key, &found);
    for (; index < bucket->objects.count && !arena->failed; index++) {
        const mem_object *object = bucket->objects.items[index];
        size_t length = strlen(object->key), entry_length = length;
        const char *rolled;
        if (strncmp(object->key, prefix, prefix_length) != 0) break;
        if (resume->given && mem_bytes_compare(object->key, length, resume->entry.bytes, resume->entry.length) <= 0) continue;
        if (resume->given && resume->after_prefix && mem_has_prefix(object->key, length, resume->entry.bytes, resume->entry.length)) continue;
        if (out->last_is_prefix && mem_has_prefix(object->key, length, out->last, out->last_length)) continue;
        rolled = delimiter ? strstr(object->key + prefix_length, delimiter) : NULL;
        if (rolled) entry_length = (size_t)(rolled - object->key) + strlen(delimiter);
        /* A roll-up at or before the token's entry was returned on an earlier page. */
        if (rolled && resume->given && mem_bytes_compare(object->key, entry_length, resume->entry.bytes, resume->entry.length) <= 0) continue;
        if (out->object_count + out->prefix_count == max_keys) {
            out->next_token = make_token(out->last_is_prefix, out->last, out->last_length, arena);
            return;
        }
        if (rolled) add_prefix(out, object->key, entry_length, arena);
        else add_object(out, object, arena);
    }
}

static int read_list(const ck_list_objects_request *given, ck_list_objects_request *request, resume_point *resume, mem_error *error) {
    if (!mem_read_struct(given, request, sizeof *request, MEM_END(ck_list_objects_request, max_keys), "ck_list_objects_request",
                         "list_objects request", error)
        || !mem_check_options(request->options, request->option_count, NULL, NULL, "list_objects", error)
        || !mem_string(request->bucket, "bucket", error) || !mem_optional_string(request->prefix, "prefix", error)
        || !mem_optional_string(request->delimiter, "delimiter", error) || !mem_optional_string(request->page_token, "page_token", error)) {
        return 0;
    }
    if (request->max_keys < 0 || request->max_keys > MEM_MAX_KEYS) {
        return mem_invalid(error, "max keys must be 0 (the default, 1000) to 1000, not %d", (int)request->max_keys);
    }
    return mem_check_bucket_name(request->bucket, error) && (!request->page_token || parse_token(request->page_token, resume, error));
}

/**
 * ck_storage_v1.list_objects: one page of the bucket `request` names
 * (borrowed), S3's way (see the top of this file). `done` is called
 * exactly once, on this thread, before this returns, with the page
 * borrowed for the call.
 */
void mem_list_objects(ck_client *client, const ck_list_objects_request *request, ck_list_objects_fn done, void *user_data) {
    mem_call call;
    mem_error error;
    ck_status status;
    ck_list_objects_request copy;
    ck_list_objects_result result;
    resume_point resume;
    mem_arena arena;
    page out;
    int ok;
    if (!done) return;
    memset(&resume, 0, sizeof resume);
    memset(&out, 0, sizeof out);
    mem_arena_init(&arena);
    ok = mem_call_begin(&call, client, user_data, &error) && read_list(request, &copy, &resume, &error);
    if (ok) {
        mem_bucket *bucket;
        pthread_mutex_lock(&client->store.lock);
        bucket = mem_bucket_find(&client->store, copy.bucket);
        if (!bucket) ok = mem_no_such_bucket(&error, copy.bucket);
        else collect(bucket, &copy, &resume, copy.max_keys ? (size_t)copy.max_keys : MEM_MAX_KEYS, &out, &arena);
        pthread_mutex_unlock(&client->store.lock);
        if (ok && arena.failed) ok = mem_out_of_memory(&error);
    }
    if (ok) {
        memset(&result, 0, sizeof result);
        result.struct_size = sizeof result;
        result.objects = out.objects;
        result.object_count = out.object_count;
        result.common_prefixes = out.prefixes;
        result.common_prefix_count = out.prefix_count;
        result.next_page_token = out.next_token;
        mem_status_ok(&status);
        done(user_data, &status, &result);
    } else {
        mem_status_of(&error, &status);
        done(user_data, &status, NULL);
    }
    mem_buffer_free(&resume.entry);
    mem_arena_free(&arena);
    mem_call_end(&call);
}
