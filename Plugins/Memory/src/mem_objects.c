/* Object versions: finding, reference counting, describing (see mem_storage.h). */
#include "mem_abi.h"
#include "mem_storage.h"

#include <stdlib.h>
#include <string.h>

int mem_compare_key(const void *item, const void *key) {
    return strcmp(((const mem_object *)item)->key, key);
}

int mem_bucket_store(mem_bucket *bucket, size_t index, int replace, mem_object *object, mem_error *error) {
    if (replace) {
        mem_object *current = bucket->objects.items[index];
        bucket->objects.items[index] = object;
        mem_object_retain(object);
        mem_object_release_locked(current);
        return 1;
    }
    if (!mem_list_insert(&bucket->objects, index, object)) return mem_out_of_memory(error);
    mem_object_retain(object);
    return 1;
}

mem_bucket *mem_bucket_find(mem_store *store, const char *name) {
    return mem_list_find(&store->buckets, name, mem_compare_name);
}

mem_object *mem_object_find(mem_bucket *bucket, const char *key) {
    return mem_list_find(&bucket->objects, key, mem_compare_key);
}

int mem_no_such_bucket(mem_error *error, const char *bucket) {
    mem_fail(error, CK_ERR_NOT_FOUND, "NoSuchBucket", "bucket '%.100s' does not exist", bucket);
    return mem_with_http(error, 404);
}

int mem_no_such_key(mem_error *error, const char *bucket, const char *key) {
    mem_fail(error, CK_ERR_NOT_FOUND, "NoSuchKey", "no object '%.200s' in bucket '%.100s'", key, bucket);
    return mem_with_http(error, 404);
}

void mem_object_retain(mem_object *object) {
    object->refs++;
}

void mem_object_release_locked(mem_object *object) {
    if (!object || --object->refs > 0) return;
    if (object->blob && --object->blob->refs == 0) {
        free(object->blob->bytes);
        free(object->blob);
    }
    free(object->key);
    free(object->content_type);
    mem_pairs_free(object->metadata, object->metadata_count);
    mem_pairs_free(object->properties, object->property_count);
    free(object);
}

void mem_object_release(mem_store *store, mem_object *object) {
    if (!object) return;
    pthread_mutex_lock(&store->lock);
    mem_object_release_locked(object);
    pthread_mutex_unlock(&store->lock);
}

void mem_object_info(const mem_object *object, const char *bucket, ck_object_info *info) {
    memset(info, 0, sizeof *info);
    info->struct_size = mem_agreed_minor() >= 3 ? sizeof *info : MEM_END(ck_object_info, metadata_count);
    info->bucket = bucket;
    info->key = object->key;
    info->size = (int64_t)object->blob->length;
    info->etag = object->etag;
    info->content_type = object->content_type;
    info->last_modified_ms = object->last_modified_ms;
    info->metadata = object->metadata;
    info->metadata_count = object->metadata_count;
    if (info->struct_size >= MEM_END(ck_object_info, property_count)) {
        info->properties = object->properties;
        info->property_count = object->property_count;
    }
}

void mem_complete_info(ck_object_info_fn done, void *user_data, int ok, const mem_object *object, const char *bucket, const mem_error *error) {
    ck_status status;
    ck_object_info info;
    if (!ok) {
        mem_status_of(error, &status);
        done(user_data, &status, NULL);
        return;
    }
    mem_status_ok(&status);
    mem_object_info(object, bucket, &info);
    done(user_data, &status, &info);
}

void mem_storage_destroy(mem_store *store) {
    size_t bucket, object;
    for (bucket = 0; bucket < store->buckets.count; bucket++) {
        mem_bucket *each = store->buckets.items[bucket];
        for (object = 0; object < each->objects.count; object++) mem_object_release_locked(each->objects.items[object]);
        mem_list_free(&each->objects);
        free(each->head.name);
        free(each);
    }
    mem_list_free(&store->buckets);
}
