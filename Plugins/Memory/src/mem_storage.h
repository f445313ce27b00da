/*
 * Object storage in memory: buckets of immutable object versions, with
 * S3's names, rules, error kinds and codes (NoSuchBucket, NoSuchKey,
 * BucketAlreadyOwnedByYou, BucketNotEmpty, InvalidRange, …), as the local
 * provider has them.
 *
 * A put builds a new version and swaps it in under the store's lock, so a
 * reader sees the old object or the new one, never a mix. Versions are
 * reference-counted (under that lock): a get holds its version while it
 * hands the bytes over without the lock, however long the host's writer
 * takes; a copy shares the source's bytes (a mem_blob).
 */
#ifndef MEM_STORAGE_H
#define MEM_STORAGE_H

#include "mem_client.h"

/** Bytes of one or more versions (copies share them). */
typedef struct mem_blob {
    size_t refs;
    size_t length;
    uint8_t *bytes;
} mem_blob;

/** One version of an object: never changed once stored. */
typedef struct mem_object {
    size_t refs;
    mem_blob *blob;
    char *key;
    char etag[35];
    char *content_type;
    int64_t last_modified_ms;
    ck_pair *metadata;   /* keys lower-case, by key */
    size_t metadata_count;
    ck_pair *properties; /* stored options and tag_count, by key */
    size_t property_count;
} mem_object;

typedef struct mem_bucket {
    mem_resource_head head; /* name and creation time */
    mem_list objects;       /* mem_object *, by key bytes */
} mem_bucket;

/* Per-call option keys: what cloudkit defines for each operation, and what this provider accepts. */
extern const char *const mem_put_defined[];
extern const char *const mem_put_accepted[];
extern const char *const mem_copy_defined[];
extern const char *const mem_copy_accepted[];
extern const char *const mem_get_options[];
/** The object options this provider keeps with an object (cache_control, content_encoding, content_disposition, tags). */
extern const char *const mem_kept_options[];

/** S3's bucket naming rules (InvalidBucketName). */
int mem_check_bucket_name(const char *name, mem_error *error);
/** S3's key rules: 1 to 1024 bytes (KeyTooLongError past that). */
int mem_check_key(const char *key, mem_error *error);
/** Metadata with lower-case header-token keys, values fit for a header, at most 2 KiB; malloc'd, by key. */
int mem_normalize_metadata(const ck_pair *metadata, size_t count, ck_pair **out, size_t *out_count, mem_error *error);
/** An option value: printable ASCII, not empty, no space at either end. */
int mem_check_option_value(const char *key, const char *value, mem_error *error);
/** The `tags` option (URL-encoded key=value&…, S3's rules); `*count` tags. */
int mem_parse_tags(const char *text, size_t *count, mem_error *error);
/** The properties to store for checked `options`: the kept keys and tag_count; malloc'd, by key. */
int mem_stored_properties(const ck_pair *options, size_t count, ck_pair **out, size_t *out_count, mem_error *error);
/** Frees pairs made by the two functions above. */
void mem_pairs_free(ck_pair *pairs, size_t count);
/** Whether entity tag `given` (quoted or not, or `*`) names `etag`. */
int mem_etag_matches(const char *given, const char *etag);

/** The bucket named `name` (store locked), or NULL. */
mem_bucket *mem_bucket_find(mem_store *store, const char *name);
/** Orders a mem_object element of a bucket's list against a key (a mem_list_compare). */
int mem_compare_key(const void *item, const void *key);
/**
 * Puts `object` (taking a reference) at `index` of the bucket's list, in
 * place of the version there when `replace`, which it releases (store locked).
 */
int mem_bucket_store(mem_bucket *bucket, size_t index, int replace, mem_object *object, mem_error *error);
/** The current version of `key` in `bucket` (store locked), or NULL. */
mem_object *mem_object_find(mem_bucket *bucket, const char *key);
/** NoSuchBucket / NoSuchKey. */
int mem_no_such_bucket(mem_error *error, const char *bucket);
int mem_no_such_key(mem_error *error, const char *bucket, const char *key);

/** Takes a reference (store locked). */
void mem_object_retain(mem_object *object);
/** Drops a reference, freeing the version (and its blob) with the last one (store locked). */
void mem_object_release_locked(mem_object *object);
/** mem_object_release_locked, taking the store's lock. */
void mem_object_release(mem_store *store, mem_object *object);

/** `info` describing `object` in `bucket`, sized for the agreed minor; borrows from both. */
void mem_object_info(const mem_object *object, const char *bucket, ck_object_info *info);
/** Calls a ck_object_info_fn with `object`'s info on success, or with `error` and NULL. */
void mem_complete_info(ck_object_info_fn done, void *user_data, int ok, const mem_object *object, const char *bucket, const mem_error *error);

/* The entries of ck_storage_v1. */
void mem_create_bucket(ck_client *client, const char *bucket, ck_done_fn done, void *user_data);
void mem_delete_bucket(ck_client *client, const char *bucket, ck_done_fn done, void *user_data);
void mem_list_buckets(ck_client *client, const ck_list_request *request, ck_resources_fn done, void *user_data);
void mem_put_object(ck_client *client, const ck_put_object_request *request, ck_object_info_fn done, void *user_data);
void mem_get_object(ck_client *client, const ck_get_object_request *request, ck_get_object_fn done, void *user_data);
void mem_head_object(ck_client *client, const char *bucket, const char *key, ck_object_info_fn done, void *user_data);
void mem_delete_object(ck_client *client, const char *bucket, const char *key, ck_done_fn done, void *user_data);
void mem_list_objects(ck_client *client, const ck_list_objects_request *request, ck_list_objects_fn done, void *user_data);
void mem_copy_object(ck_client *client, const ck_copy_object_request *request, ck_object_info_fn done, void *user_data);

#endif /* MEM_STORAGE_H */
