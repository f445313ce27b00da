/* put_object: storing a whole object, optionally only if absent or over one version (see mem_storage.h). */
#include "mem_abi.h"
#include "mem_body.h"

#include <stdlib.h>
#include <string.h>

/* S3's default content type for an object stored without one. */
#define MEM_DEFAULT_CONTENT_TYPE "binary/octet-stream"

/* What a put asks for, checked, before its body is read. */
typedef struct put_plan {
    ck_put_object_request request;
    mem_object *object;        /* everything but the body, refs 1 */
    const char *if_match;      /* or NULL */
    int if_absent;
} put_plan;

/* Reads and checks everything but the body into `plan`. */
static int plan_put(const ck_put_object_request *given, put_plan *plan, mem_error *error) {
    ck_put_object_request *request = &plan->request;
    const char *if_none_match, *content_type;
    size_t index;
    if (!mem_read_struct(given, request, sizeof *request, MEM_END(ck_put_object_request, progress_context), "ck_put_object_request",
                         "put_object request", error)
        || !mem_check_options(request->options, request->option_count, mem_put_accepted, mem_put_defined, "put_object", error)
        || !mem_string(request->bucket, "bucket", error) || !mem_string(request->key, "key", error)
        || !mem_optional_string(request->content_type, "content_type", error) || !mem_optional_string(request->file_path, "file_path", error)
        || !mem_pairs(request->metadata, request->metadata_count, "metadata", error) || !mem_check_bucket_name(request->bucket, error)
        || !mem_check_key(request->key, error)) {
        return 0;
    }
    for (index = 0; index < request->option_count; index++) {
        if (!mem_check_option_value(request->options[index].key, request->options[index].value, error)) return 0;
    }
    plan->if_match = mem_pair_value(request->options, request->option_count, "if_match");
    if_none_match = mem_pair_value(request->options, request->option_count, "if_none_match");
    if (plan->if_match && if_none_match) return mem_invalid(error, "a put takes if_match or if_none_match, not both");
    if (if_none_match && strcmp(if_none_match, "*") != 0) {
        return mem_invalid(error, "object option 'if_none_match' on a put must be \"*\" (store only if absent)");
    }
    plan->if_absent = if_none_match != NULL;
    content_type = request->content_type && *request->content_type ? request->content_type : MEM_DEFAULT_CONTENT_TYPE;
    if (strpbrk(content_type, "\r\n")) return mem_invalid(error, "the content type must not contain CR, LF or NUL");
    plan->object = calloc(1, sizeof *plan->object);
    if (!plan->object) return mem_out_of_memory(error);
    plan->object->refs = 1;
    plan->object->key = mem_strdup(request->key);
    plan->object->content_type = mem_strdup(content_type);
    if (!plan->object->key || !plan->object->content_type) return mem_out_of_memory(error);
    return mem_normalize_metadata(request->metadata, request->metadata_count, &plan->object->metadata, &plan->object->metadata_count, error)
           && mem_stored_properties(request->options, request->option_count, &plan->object->properties, &plan->object->property_count, error);
}

static int precondition_failed(mem_error *error, const char *key, const char *why) {
    mem_fail(error, CK_ERR_PRECONDITION_FAILED, "PreconditionFailed", "precondition failed: '%.200s' %s", key, why);
    return mem_with_http(error, 412);
}

/* Swaps the new version in when the bucket exists and the condition holds (store locked). */
static int commit(mem_store *store, const put_plan *plan, mem_error *error) {
    mem_bucket *bucket = mem_bucket_find(store, plan->request.bucket);
    mem_object *current;
    size_t index;
    int found;
    if (!bucket) return mem_no_such_bucket(error, plan->request.bucket);
    index = mem_list_search(&bucket->objects, plan->request.key, mem_compare_key, &found);
    current = found ? bucket->objects.items[index] : NULL;
    if (plan->if_absent && current) return precondition_failed(error, plan->request.key, "already exists (if_none_match *)");
    if (plan->if_match && (!current || !mem_etag_matches(plan->if_match, current->etag))) {
        return precondition_failed(error, plan->request.key, "does not have the ETag given with if_match");
    }
    return mem_bucket_store(bucket, index, found, plan->object, error);
}

/* Fails early, before any byte is read, when the bucket does not exist. */
static int bucket_exists(mem_store *store, const char *name, mem_error *error) {
    int exists;
    pthread_mutex_lock(&store->lock);
    exists = mem_bucket_find(store, name) != NULL;
    pthread_mutex_unlock(&store->lock);
    return exists || mem_no_such_bucket(error, name);
}

/**
 * ck_storage_v1.put_object: stores the body of `request` (borrowed; the
 * first of `read`, `file_path`, `data`) with its content type, metadata
 * and kept options, replacing any object with the key as one step. With
 * if_none_match "*" or if_match ETAG a failed condition is
 * CK_ERR_PRECONDITION_FAILED and nothing changes. The read and progress
 * callbacks, and then `done` — exactly once, with the stored object's
 * info (borrowed for the call) — run on this thread before this returns.
 */
void mem_put_object(ck_client *client, const ck_put_object_request *request, ck_object_info_fn done, void *user_data) {
    mem_call call;
    mem_error error;
    put_plan plan;
    int ok;
    if (!done) return;
    memset(&plan, 0, sizeof plan);
    ok = mem_call_begin(&call, client, user_data, &error) && plan_put(request, &plan, &error)
         && bucket_exists(&client->store, plan.request.bucket, &error)
         && mem_body_read(&plan.request, client->max_object_size, &call, &plan.object->blob, plan.object->etag, &error);
    if (ok) {
        plan.object->last_modified_ms = mem_now_ms();
        pthread_mutex_lock(&client->store.lock);
        ok = mem_call_live(&call, &error) && commit(&client->store, &plan, &error);
        pthread_mutex_unlock(&client->store.lock);
    }
    mem_complete_info(done, user_data, ok, plan.object, plan.request.bucket, &error);
    if (ok) mem_object_release(&client->store, plan.object);
    else mem_object_release_locked(plan.object); /* never shared */
    mem_call_end(&call);
}
