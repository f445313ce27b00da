/* delete_object (see mem_storage.h). */
#include "mem_abi.h"
#include "mem_storage.h"

/* Drops the current version of `key`, if any (store locked). */
static int remove_object(mem_store *store, const char *bucket_name, const char *key, mem_error *error) {
    mem_bucket *bucket = mem_bucket_find(store, bucket_name);
    size_t index;
    int found;
    if (!bucket) return mem_no_such_bucket(error, bucket_name);
    index = mem_list_search(&bucket->objects, key, mem_compare_key, &found);
    if (found) mem_object_release_locked(mem_list_remove(&bucket->objects, index));
    return 1;
}

/**
 * ck_storage_v1.delete_object: deletes `key` from `bucket` (both
 * borrowed); deleting a key that does not exist succeeds, as on S3, but a
 * missing bucket is CK_ERR_NOT_FOUND. A get already handing over the old
 * bytes finishes with them. `done` is called exactly once, on this thread,
 * before this returns.
 */
void mem_delete_object(ck_client *client, const char *bucket, const char *key, ck_done_fn done, void *user_data) {
    mem_call call;
    mem_error error;
    int ok;
    if (!done) return;
    ok = mem_call_begin(&call, client, user_data, &error) && mem_string(bucket, "bucket", &error) && mem_string(key, "key", &error)
         && mem_check_bucket_name(bucket, &error) && mem_check_key(key, &error);
    if (ok) {
        pthread_mutex_lock(&client->store.lock);
        ok = mem_call_live(&call, &error) && remove_object(&client->store, bucket, key, &error);
        pthread_mutex_unlock(&client->store.lock);
    }
    mem_complete_done(done, user_data, ok, &error);
    mem_call_end(&call);
}
