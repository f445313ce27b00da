/* copy_object: a new version sharing the source's bytes (see mem_storage.h). */
#include "mem_abi.h"
#include "mem_storage.h"

#include <stdlib.h>
#include <string.h>

/* Copies pairs (metadata or properties) into malloc'd memory. */
static int copy_pairs(const ck_pair *pairs, size_t count, ck_pair **out, size_t *out_count, mem_error *error) {
    size_t index;
    *out = calloc(count ? count : 1, sizeof **out);
    *out_count = 0;
    if (!*out) return mem_out_of_memory(error);
    for (index = 0; index < count; index++) {
        (*out)[index].key = mem_strdup(pairs[index].key);
        (*out)[index].value = mem_strdup(pairs[index].value);
        *out_count = index + 1;
        if (!(*out)[index].key || !(*out)[index].value) return mem_out_of_memory(error);
    }
    return 1;
}

/*
 * Makes the copy of bucket/key's current version under `target`'s key and
 * stores it (store locked): the same bytes, ETag, content type and
 * metadata, a new last-modified time, and the source's stored options
 * unless `properties` (the request's) replace them.
 */
static int copy_locked(mem_store *store, const ck_copy_object_request *request, mem_object *target, int replace_properties,
                       mem_error *error) {
    mem_bucket *source_bucket = mem_bucket_find(store, request->source_bucket), *bucket = mem_bucket_find(store, request->bucket);
    mem_object *source;
    size_t index;
    int found;
    if (!source_bucket) return mem_no_such_bucket(error, request->source_bucket);
    if (!bucket) return mem_no_such_bucket(error, request->bucket);
    source = mem_object_find(source_bucket, request->source_key);
    if (!source) return mem_no_such_key(error, request->source_bucket, request->source_key);
    if (!(target->content_type = mem_strdup(source->content_type))
        || !copy_pairs(source->metadata, source->metadata_count, &target->metadata, &target->metadata_count, error)
        || (!replace_properties && !copy_pairs(source->properties, source->property_count, &target->properties, &target->property_count, error))) {
        return target->content_type ? 0 : mem_out_of_memory(error);
    }
    target->blob = source->blob;
    target->blob->refs++;
    memcpy(target->etag, source->etag, sizeof target->etag);
    target->last_modified_ms = mem_now_ms();
    index = mem_list_search(&bucket->objects, request->key, mem_compare_key, &found);
    return mem_bucket_store(bucket, index, found, target, error);
}

static int read_copy(const ck_copy_object_request *given, ck_copy_object_request *request, mem_error *error) {
    size_t index;
    if (!mem_read_struct(given, request, sizeof *request, MEM_END(ck_copy_object_request, key), "ck_copy_object_request",
                         "copy_object request", error)
        || !mem_check_options(request->options, request->option_count, mem_copy_accepted, mem_copy_defined, "copy_object", error)
        || !mem_string(request->source_bucket, "source_bucket", error) || !mem_string(request->source_key, "source_key", error)
        || !mem_string(request->bucket, "bucket", error) || !mem_string(request->key, "key", error)) {
        return 0;
    }
    for (index = 0; index < request->option_count; index++) {
        if (!mem_check_option_value(request->options[index].key, request->options[index].value, error)) return 0;
    }
    if (!mem_check_bucket_name(request->source_bucket, error) || !mem_check_bucket_name(request->bucket, error)
        || !mem_check_key(request->source_key, error) || !mem_check_key(request->key, error)) {
        return 0;
    }
    if (strcmp(request->source_bucket, request->bucket) == 0 && strcmp(request->source_key, request->key) == 0 && request->option_count == 0) {
        mem_fail(error, CK_ERR_INVALID_ARGUMENT, "InvalidRequest", "cannot copy '%.200s' in bucket '%.100s' onto itself without changing anything",
                 request->key, request->bucket);
        return mem_with_http(error, 400);
    }
    return 1;
}

/**
 * ck_storage_v1.copy_object: copies the source object of `request`
 * (borrowed) to bucket/key — bytes (shared, not duplicated), ETag, content
 * type and metadata; the stored options given replace the source's.
 * CK_ERR_NOT_FOUND when the source or either bucket is missing. `done` is
 * called exactly once, on this thread, before this returns, with the new
 * object's info borrowed for the call.
 */
void mem_copy_object(ck_client *client, const ck_copy_object_request *request, ck_object_info_fn done, void *user_data) {
    mem_call call;
    mem_error error;
    ck_copy_object_request copy;
    mem_object *target = NULL;
    int ok;
    if (!done) return;
    ok = mem_call_begin(&call, client, user_data, &error) && read_copy(request, &copy, &error);
    if (ok && (!(target = calloc(1, sizeof *target)) || !(target->key = mem_strdup(copy.key)))) ok = mem_out_of_memory(&error);
    if (ok) {
        target->refs = 1;
        ok = copy.option_count == 0
             || mem_stored_properties(copy.options, copy.option_count, &target->properties, &target->property_count, &error);
    }
    if (ok) {
        pthread_mutex_lock(&client->store.lock);
        ok = mem_call_live(&call, &error) && copy_locked(&client->store, &copy, target, copy.option_count > 0, &error);
        if (!ok && target) mem_object_release_locked(target);
        pthread_mutex_unlock(&client->store.lock);
    } else if (target) {
        mem_object_release_locked(target);
    }
    mem_complete_info(done, user_data, ok, target, copy.bucket, &error);
    if (ok) mem_object_release(&client->store, target);
    mem_call_end(&call);
}
