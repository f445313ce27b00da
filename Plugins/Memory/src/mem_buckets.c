/* Buckets: create_bucket, delete_bucket, list_buckets (see mem_storage.h). */
#include "mem_abi.h"
#include "mem_listing.h"
#include "mem_storage.h"

#include <stdlib.h>

/* Adds an empty bucket (store locked). */
static int add_bucket(mem_store *store, const char *name, mem_error *error) {
    int found;
    size_t index = mem_list_search(&store->buckets, name, mem_compare_name, &found);
    mem_bucket *bucket;
    if (found) {
        mem_fail(error, CK_ERR_ALREADY_EXISTS, "BucketAlreadyOwnedByYou", "bucket '%s' already exists", name);
        return mem_with_http(error, 409);
    }
    bucket = calloc(1, sizeof *bucket);
    if (!bucket || !(bucket->head.name = mem_strdup(name)) || !mem_list_insert(&store->buckets, index, bucket)) {
        if (bucket) free(bucket->head.name);
        free(bucket);
        return mem_out_of_memory(error);
    }
    bucket->head.created_ms = mem_now_ms();
    return 1;
}

/* Runs `locked` on the store for the checked bucket name `bucket`, then completes `done`. */
static void bucket_entry(ck_client *client, const char *bucket, ck_done_fn done, void *user_data,
                         int (*locked)(mem_store *store, const char *name, mem_error *error)) {
    mem_call call;
    mem_error error;
    int ok;
    if (!done) return;
    ok = mem_call_begin(&call, client, user_data, &error) && mem_string(bucket, "bucket", &error)
         && mem_check_bucket_name(bucket, &error);
    if (ok) {
        pthread_mutex_lock(&client->store.lock);
        ok = mem_call_live(&call, &error) && locked(&client->store, bucket, &error);
        pthread_mutex_unlock(&client->store.lock);
    }
    mem_complete_done(done, user_data, ok, &error);
    mem_call_end(&call);
}

/**
 * ck_storage_v1.create_bucket: creates an empty bucket named `bucket`
 * (borrowed; S3's naming rules). CK_ERR_ALREADY_EXISTS
 * (BucketAlreadyOwnedByYou) when the client has one by that name. `done`
 * is called exactly once, on this thread, before this returns.
 */
void mem_create_bucket(ck_client *client, const char *bucket, ck_done_fn done, void *user_data) {
    bucket_entry(client, bucket, done, user_data, add_bucket);
}

/* Removes an empty bucket (store locked). */
static int remove_bucket(mem_store *store, const char *name, mem_error *error) {
    int found;
    size_t index = mem_list_search(&store->buckets, name, mem_compare_name, &found);
    mem_bucket *bucket;
    if (!found) return mem_no_such_bucket(error, name);
    bucket = store->buckets.items[index];
    if (bucket->objects.count > 0) {
        mem_fail(error, CK_ERR_PRECONDITION_FAILED, "BucketNotEmpty", "bucket '%s' is not empty", name);
        return mem_with_http(error, 409);
    }
    mem_list_remove(&store->buckets, index);
    mem_list_free(&bucket->objects);
    free(bucket->head.name);
    free(bucket);
    return 1;
}

/**
 * ck_storage_v1.delete_bucket: deletes the empty bucket `bucket`
 * (borrowed). CK_ERR_NOT_FOUND (NoSuchBucket) when there is none,
 * CK_ERR_PRECONDITION_FAILED (BucketNotEmpty) while it holds objects.
 * `done` is called exactly once, on this thread, before this returns.
 */
void mem_delete_bucket(ck_client *client, const char *bucket, ck_done_fn done, void *user_data) {
    bucket_entry(client, bucket, done, user_data, remove_bucket);
}

static mem_list *buckets_of(mem_store *store) {
    return &store->buckets;
}

/**
 * ck_storage_v1.list_buckets (ABI 1.3): one page of the client's buckets,
 * by name; each resource has the name and the creation time, no id. The
 * page and token handed to `done` are borrowed for the call, which happens
 * exactly once, on this thread, before this returns.
 */
void mem_list_buckets(ck_client *client, const ck_list_request *request, ck_resources_fn done, void *user_data) {
    mem_list_resources(client, request, "b", "list_buckets", buckets_of, done, user_data);
}
