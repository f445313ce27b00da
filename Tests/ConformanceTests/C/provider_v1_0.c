/*
 * A provider as it was written for ABI 1.0: built against
 * abi/history/cloudkit-1.0.h (copied as cloudkit.h), so its ck_provider
 * table ends at `functions` — no `identity`, no `cancel`. It proves that
 * hosts built against later headers still load and use such a provider.
 *
 * It offers storage only, and only create_bucket, put_object (bodies in
 * memory), get_object (to memory, optionally a range), head_object and
 * delete_object, on an in-memory, mutex-protected list per client. Every
 * other table and entry is NULL. Each call completes before it returns.
 *
 * Built by the test suite with -std=c99 -Wall -Wextra -Werror -pedantic
 * -shared -fPIC -fvisibility=hidden; it exports only cloudkit_provider_init.
 * With -DCK_GUARD_PAGE_TABLE its provider and storage tables each end exactly
 * where an inaccessible page begins, so a host that reads past a table's
 * `struct_size` faults.
 */
#define _POSIX_C_SOURCE 200809L
#define CLOUDKIT_PROVIDER_IMPLEMENTATION
#define CK_NO_SYNC_HELPER
#include "cloudkit.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if CK_ABI_VERSION_MAJOR != 1 || CK_ABI_VERSION_MINOR != 0
#error "provider_v1_0.c must be built against abi/history/cloudkit-1.0.h"
#endif

/* The 1.0 table ends with `functions`. */
typedef char ck_table_is_1_0[offsetof(ck_provider, functions) + sizeof(const ck_functions_v1 *) == sizeof(ck_provider) ? 1 : -1];

typedef struct object {
    struct object *next;
    char *bucket;
    char *key;
    uint8_t *data;
    size_t length;
    char *content_type;
    char etag[24];
    int64_t last_modified_ms;
    ck_pair *metadata;
    size_t metadata_count;
} object;

typedef struct bucket {
    struct bucket *next;
    char *name;
} bucket;

struct ck_client {
    pthread_mutex_t mutex;
    bucket *buckets;
    object *objects;
};

/* ------------------------------------------------------------------ */

static char *copy_string(const char *text) {
    size_t length = strlen(text) + 1;
    char *copy = malloc(length);
    if (copy) memcpy(copy, text, length);
    return copy;
}

static void object_free(object *o) {
    size_t i;
    if (!o) return;
    for (i = 0; i < o->metadata_count; i++) {
        free((char *)o->metadata[i].key);
        free((char *)o->metadata[i].value);
    }
    free(o->metadata);
    free(o->content_type);
    free(o->data);
    free(o->key);
    free(o->bucket);
    free(o);
}

/* A deep copy, so a completion can run without the client's lock. */
static object *object_copy(const object *o) {
    object *c = calloc(1, sizeof *c);
    size_t i;
    int ok;
    if (!c) return NULL;
    c->bucket = copy_string(o->bucket);
    c->key = copy_string(o->key);
    c->content_type = copy_string(o->content_type);
    c->data = malloc(o->length ? o->length : 1);
    c->metadata = calloc(o->metadata_count ? o->metadata_count : 1, sizeof *c->metadata);
    ok = c->bucket && c->key && c->content_type && c->data && c->metadata;
    if (ok) {
        memcpy(c->data, o->data, o->length);
        c->length = o->length;
        memcpy(c->etag, o->etag, sizeof c->etag);
        c->last_modified_ms = o->last_modified_ms;
        for (i = 0; i < o->metadata_count; i++) {
            c->metadata[i].key = copy_string(o->metadata[i].key);
            c->metadata[i].value = copy_string(o->metadata[i].value);
            c->metadata_count = i + 1;
            if (!c->metadata[i].key || !c->metadata[i].value) ok = 0;
        }
    }
    if (!ok) {
        object_free(c);
        return NULL;
    }
    return c;
}

static ck_status status_of(int32_t kind, const char *code, const char *message) {
    ck_status s;
    memset(&s, 0, sizeof s);
    s.struct_size = sizeof s;
    s.kind = kind;
    s.code = code;
    s.message = message;
    return s;
}

static void info_of(const object *o, ck_object_info *info) {
    memset(info, 0, sizeof *info);
    info->struct_size = sizeof *info;
    info->bucket = o->bucket;
    info->key = o->key;
    info->size = (int64_t)o->length;
    info->etag = o->etag;
    info->content_type = o->content_type;
    info->last_modified_ms = o->last_modified_ms;
    info->metadata = o->metadata;
    info->metadata_count = o->metadata_count;
}

static int valid_name(const char *name) { return name != NULL && name[0] != '\0'; }

static bucket *find_bucket(ck_client *client, const char *name) {
    bucket *b;
    for (b = client->buckets; b; b = b->next) {
        if (strcmp(b->name, name) == 0) return b;
    }
    return NULL;
}

static object **find_object(ck_client *client, const char *bucket_name, const char *key) {
    object **o;
    for (o = &client->objects; *o; o = &(*o)->next) {
        if (strcmp((*o)->bucket, bucket_name) == 0 && strcmp((*o)->key, key) == 0) return o;
    }
    return NULL;
}

/* A copy of the object, or NULL with `status` set to why not. */
static object *lookup(ck_client *client, const char *bucket_name, const char *key, ck_status *status) {
    object **found;
    object *copy = NULL;
    pthread_mutex_lock(&client->mutex);
    if (!find_bucket(client, bucket_name)) {
        *status = status_of(CK_ERR_NOT_FOUND, "NoSuchBucket", "no such bucket");
    } else if (!(found = find_object(client, bucket_name, key))) {
        *status = status_of(CK_ERR_NOT_FOUND, "NoSuchKey", "no such key");
    } else if (!(copy = object_copy(*found))) {
        *status = status_of(CK_ERR_INTERNAL, "OutOfMemory", "out of memory");
    }
    pthread_mutex_unlock(&client->mutex);
    return copy;
}

/* ------------------------------------------------------------------ */

static void create_bucket(ck_client *client, const char *name, ck_done_fn done, void *user_data) {
    ck_status status = status_of(CK_OK, NULL, NULL);
    bucket *b;
    if (!done) return;
    if (!client || !valid_name(name)) {
        status = status_of(CK_ERR_INVALID_ARGUMENT, "InvalidArgument", "client and bucket name are required");
        done(user_data, &status);
        return;
    }
    pthread_mutex_lock(&client->mutex);
    if (find_bucket(client, name)) {
        status = status_of(CK_ERR_ALREADY_EXISTS, "BucketAlreadyOwnedByYou", "the bucket exists");
    } else if (!(b = calloc(1, sizeof *b)) || !(b->name = copy_string(name))) {
        free(b);
        status = status_of(CK_ERR_INTERNAL, "OutOfMemory", "out of memory");
    } else {
        b->next = client->buckets;
        client->buckets = b;
    }
    pthread_mutex_unlock(&client->mutex);
    done(user_data, &status);
}

static void put_object(ck_client *client, const ck_put_object_request *request, ck_object_info_fn done, void *user_data) {
    ck_status status = status_of(CK_OK, NULL, NULL);
    object *o;
    object *stored = NULL;
    ck_object_info info;
    uint64_t hash = 1469598103934665603u;
    size_t i;
    if (!done) return;
    if (!client || !CK_HAS_MEMBER(request, ck_put_object_request, progress_context) || !valid_name(request->bucket)
        || !valid_name(request->key) || (!request->data && request->data_length > 0)
        || (!request->metadata && request->metadata_count > 0)) {
        status = status_of(CK_ERR_INVALID_ARGUMENT, "InvalidArgument", "a put needs a client, a whole 1.0 request, a bucket and a key");
        done(user_data, &status, NULL);
        return;
    }
    if (request->read || request->file_path) {
        status = status_of(CK_ERR_UNSUPPORTED, "NotImplemented", "this provider stores bodies in memory only");
        done(user_data, &status, NULL);
        return;
    }
    o = calloc(1, sizeof *o);
    if (o) {
        o->bucket = copy_string(request->bucket);
        o->key = copy_string(request->key);
        o->content_type = copy_string(request->content_type ? request->content_type : "application/octet-stream");
        o->data = malloc(request->data_length ? request->data_length : 1);
        o->metadata = calloc(request->metadata_count ? request->metadata_count : 1, sizeof *o->metadata);
    }
    if (!o || !o->bucket || !o->key || !o->content_type || !o->data || !o->metadata) {
        object_free(o);
        status = status_of(CK_ERR_INTERNAL, "OutOfMemory", "out of memory");
        done(user_data, &status, NULL);
        return;
    }
    if (request->data_length) memcpy(o->data, request->data, request->data_length);
    o->length = request->data_length;
    for (i = 0; i < o->length; i++) hash = (hash ^ o->data[i]) * 1099511628211u;
    snprintf(o->etag, sizeof o->etag, "\"%016llx\"", (unsigned long long)hash);
    o->last_modified_ms = (int64_t)time(NULL) * 1000;
    for (i = 0; i < request->metadata_count; i++) {
        char *key;
        size_t j;
        if (!request->metadata[i].key || !request->metadata[i].value) {
            object_free(o);
            status = status_of(CK_ERR_INVALID_ARGUMENT, "InvalidArgument", "metadata keys and values must not be NULL");
            done(user_data, &status, NULL);
            return;
        }
        key = copy_string(request->metadata[i].key);
        o->metadata[i].key = key;
        o->metadata[i].value = copy_string(request->metadata[i].value);
        o->metadata_count = i + 1;
        if (!key || !o->metadata[i].value) {
            object_free(o);
            status = status_of(CK_ERR_INTERNAL, "OutOfMemory", "out of memory");
            done(user_data, &status, NULL);
            return;
        }
        for (j = 0; key[j]; j++) key[j] = (char)tolower((unsigned char)key[j]);
    }
    pthread_mutex_lock(&client->mutex);
    if (!find_bucket(client, o->bucket)) {
        status = status_of(CK_ERR_NOT_FOUND, "NoSuchBucket", "no such bucket");
    } else {
        object **existing = find_object(client, o->bucket, o->key);
        if (existing) {
            object *old = *existing;
            *existing = old->next;
            object_free(old);
        }
        stored = object_copy(o);
        o->next = client->objects;
        client->objects = o;
        o = NULL;
        if (!stored) status = status_of(CK_ERR_INTERNAL, "OutOfMemory", "out of memory");
    }
    pthread_mutex_unlock(&client->mutex);
    object_free(o);
    if (stored) {
        info_of(stored, &info);
        done(user_data, &status, &info);
        object_free(stored);
    } else {
        done(user_data, &status, NULL);
    }
}

static void get_object(ck_client *client, const ck_get_object_request *request, ck_get_object_fn done, void *user_data) {
    ck_status status = status_of(CK_OK, NULL, NULL);
    ck_object_info info;
    object *o;
    size_t start = 0, end;
    if (!done) return;
    if (!client || !CK_HAS_MEMBER(request, ck_get_object_request, progress_context) || !valid_name(request->bucket)
        || !valid_name(request->key)) {
        status = status_of(CK_ERR_INVALID_ARGUMENT, "InvalidArgument", "a get needs a client, a whole 1.0 request, a bucket and a key");
        done(user_data, &status, NULL, NULL, 0);
        return;
    }
    if (request->write || request->file_path) {
        status = status_of(CK_ERR_UNSUPPORTED, "NotImplemented", "this provider hands bodies over in memory only");
        done(user_data, &status, NULL, NULL, 0);
        return;
    }
    o = lookup(client, request->bucket, request->key, &status);
    if (!o) {
        done(user_data, &status, NULL, NULL, 0);
        return;
    }
    end = o->length;
    if (request->has_range) {
        if (request->range_start < 0 || (uint64_t)request->range_start >= (uint64_t)o->length
            || (request->range_end != -1 && request->range_end < request->range_start)) {
            status = status_of(CK_ERR_INVALID_ARGUMENT, "InvalidRange", "the range is outside the object");
            done(user_data, &status, NULL, NULL, 0);
            object_free(o);
            return;
        }
        start = (size_t)request->range_start;
        if (request->range_end != -1 && (uint64_t)request->range_end < (uint64_t)o->length) end = (size_t)request->range_end + 1;
    }
    info_of(o, &info);
    done(user_data, &status, &info, o->data + start, end - start);
    object_free(o);
}

static void head_object(ck_client *client, const char *bucket_name, const char *key, ck_object_info_fn done, void *user_data) {
    ck_status status = status_of(CK_OK, NULL, NULL);
    ck_object_info info;
    object *o;
    if (!done) return;
    if (!client || !valid_name(bucket_name) || !valid_name(key)) {
        status = status_of(CK_ERR_INVALID_ARGUMENT, "InvalidArgument", "client, bucket and key are required");
        done(user_data, &status, NULL);
        return;
    }
    o = lookup(client, bucket_name, key, &status);
    if (!o) {
        done(user_data, &status, NULL);
        return;
    }
    info_of(o, &info);
    done(user_data, &status, &info);
    object_free(o);
}

static void delete_object(ck_client *client, const char *bucket_name, const char *key, ck_done_fn done, void *user_data) {
    ck_status status = status_of(CK_OK, NULL, NULL);
    object **found;
    object *removed = NULL;
    if (!done) return;
    if (!client || !valid_name(bucket_name) || !valid_name(key)) {
        status = status_of(CK_ERR_INVALID_ARGUMENT, "InvalidArgument", "client, bucket and key are required");
        done(user_data, &status);
        return;
    }
    pthread_mutex_lock(&client->mutex);
    if (!find_bucket(client, bucket_name)) {
        status = status_of(CK_ERR_NOT_FOUND, "NoSuchBucket", "no such bucket");
    } else if ((found = find_object(client, bucket_name, key))) {
        removed = *found;
        *found = removed->next;
    }
    pthread_mutex_unlock(&client->mutex);
    object_free(removed);
    done(user_data, &status);
}

/* ------------------------------------------------------------------ */

static void client_open(const ck_pair *options, size_t option_count, ck_open_fn done, void *user_data) {
    ck_status status;
    ck_client *client;
    char message[256];
    if (!done) return;
    if (option_count > 0) {
        if (!options || !options[0].key) {
            status = status_of(CK_ERR_INVALID_ARGUMENT, "InvalidArgument", "options are NULL");
        } else {
            snprintf(message, sizeof message, "unknown option '%.200s': this provider takes none", options[0].key);
            status = status_of(CK_ERR_INVALID_ARGUMENT, "UnknownOption", message);
        }
        done(user_data, &status, NULL);
        return;
    }
    client = calloc(1, sizeof *client);
    if (!client || pthread_mutex_init(&client->mutex, NULL) != 0) {
        free(client);
        status = status_of(CK_ERR_INTERNAL, "OutOfMemory", "out of memory");
        done(user_data, &status, NULL);
        return;
    }
    status = status_of(CK_OK, NULL, NULL);
    done(user_data, &status, client);
}

static void client_close(ck_client *client) {
    if (!client) return;
    while (client->objects) {
        object *o = client->objects;
        client->objects = o->next;
        object_free(o);
    }
    while (client->buckets) {
        bucket *b = client->buckets;
        client->buckets = b->next;
        free(b->name);
        free(b);
    }
    pthread_mutex_destroy(&client->mutex);
    free(client);
}

static const ck_storage_v1 storage = {
    sizeof(ck_storage_v1),
    create_bucket,
    NULL, /* delete_bucket */
    put_object,
    get_object,
    head_object,
    delete_object,
    NULL, /* list_objects */
    NULL, /* copy_object */
    NULL, /* presign */
};

static const ck_provider table = {
    sizeof(ck_provider),
    CK_ABI_VERSION_MAJOR,
    CK_ABI_VERSION_MINOR,
    "oldc",
    "1.0.0",
    "a C provider built against ABI 1.0: in-memory storage only",
    NULL,
    0,
    client_open,
    client_close,
    &storage,
    NULL, /* kv */
    NULL, /* queue */
    NULL, /* pubsub */
    NULL, /* functions */
};

#ifdef CK_GUARD_PAGE_TABLE
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

static const ck_provider *guarded;
static pthread_once_t guard_once = PTHREAD_ONCE_INIT;

/*
 * Copies the storage table and the provider table each to the end of a page
 * whose next page is inaccessible (mapped once, never freed).
 */
static void make_guarded(void) {
    long page = sysconf(_SC_PAGESIZE);
    int zero = open("/dev/zero", O_RDWR);
    uint8_t *memory;
    ck_provider copy = table;
    if (page <= 0 || zero < 0) return;
    memory = mmap(NULL, 4 * (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE, zero, 0);
    close(zero);
    if (memory == MAP_FAILED) return;
    copy.storage = memcpy(memory + page - sizeof storage, &storage, sizeof storage);
    memcpy(memory + 3 * page - sizeof copy, &copy, sizeof copy);
    if (mprotect(memory + page, (size_t)page, PROT_NONE) != 0 || mprotect(memory + 3 * page, (size_t)page, PROT_NONE) != 0) return;
    guarded = (const ck_provider *)(void *)(memory + 3 * page - sizeof copy);
}
#endif

__attribute__((visibility("default"))) const ck_provider *cloudkit_provider_init(const ck_host *host) {
    (void)host;
#ifdef CK_GUARD_PAGE_TABLE
    pthread_once(&guard_once, make_guarded);
    if (guarded) return guarded;
#endif
    return &table;
}
