/*
 * The provider's tables and its one exported symbol, cloudkit_provider_init.
 *
 * libcloudkit-memory.so offers object storage and key-value tables held in
 * process memory; its queue, pub/sub and functions tables are NULL. It is
 * plain C99 against abi/cloudkit.h alone — the example to follow for
 * writing a provider in C.
 */
#include "cloudkit_version.h"
#include "mem_abi.h"
#include "mem_client.h"
#include "mem_kv.h"
#include "mem_storage.h"

#include <stdio.h>
#include <string.h>

static const ck_option_info max_object_size_option = {
    sizeof(ck_option_info), CK_MEMORY_OPTION_MAX_OBJECT_SIZE,
    "the largest object a put or copy may store, in bytes (default and most: 5368709120, 5 GiB)",
};
static const ck_option_info *const client_options[] = {&max_object_size_option};

/* presign is NULL: a URL cannot reach memory inside this process, so the capabilities leave it out. */
#define MEM_STORAGE_ENTRIES                                                                                                    \
    mem_create_bucket, mem_delete_bucket, mem_put_object, mem_get_object, mem_head_object, mem_delete_object, mem_list_objects, \
        mem_copy_object, NULL, mem_list_buckets

/* The storage table as a host of 1.0-1.2 sees it (up to presign) and as a 1.3 host does. */
static const ck_storage_v1 storage_1_0 = {MEM_END(ck_storage_v1, presign), MEM_STORAGE_ENTRIES};
static const ck_storage_v1 storage_1_3 = {sizeof(ck_storage_v1), MEM_STORAGE_ENTRIES};

#define MEM_KV_ENTRIES                                                                                                          \
    mem_create_table, mem_delete_table, mem_put_item, mem_get_item, mem_delete_item, mem_update_item, mem_query, mem_scan, mem_batch_get, \
        mem_batch_put, mem_transact, mem_list_tables

/* The key-value table as a host of 1.0-1.2 sees it (up to transact) and as a 1.3 host does. */
static const ck_kv_v1 kv_1_0 = {MEM_END(ck_kv_v1, transact), MEM_KV_ENTRIES};
static const ck_kv_v1 kv_1_3 = {sizeof(ck_kv_v1), MEM_KV_ENTRIES};

/* queue, pubsub, functions and identity are NULL: this provider has none of them; set_client_log (1.5) and lend
 * (1.7) are NULL and out of its tables' size: it implements 1.3, logs nothing, and completes every call before
 * returning, so a lent thread would have nothing to do. */
#define MEM_PROVIDER_ENTRIES(storage, kv)                                                                               \
    CK_ABI_VERSION_MAJOR, MEM_ABI_MINOR, CK_MEMORY_PROVIDER_NAME, CLOUDKIT_VERSION,                                     \
        "object storage and key-value tables in process memory, for tests and embedding (plain C99, no dependencies)", \
        client_options, 1, mem_client_open, mem_client_close, storage, kv, NULL, NULL, NULL, NULL, mem_client_cancel,         \
        mem_capabilities, NULL, NULL

/* The provider table cut to each minor (rule 2d): its struct_size ends at the last member that minor has. */
static const ck_provider tables[MEM_ABI_MINOR + 1] = {
    {MEM_END(ck_provider, functions), MEM_PROVIDER_ENTRIES(&storage_1_0, &kv_1_0)},
    {MEM_END(ck_provider, identity), MEM_PROVIDER_ENTRIES(&storage_1_0, &kv_1_0)},
    {MEM_END(ck_provider, cancel), MEM_PROVIDER_ENTRIES(&storage_1_0, &kv_1_0)},
    {MEM_END(ck_provider, capabilities), MEM_PROVIDER_ENTRIES(&storage_1_3, &kv_1_3)},
};

/* Writes `reason` into the host's init_error buffer (1.3 hosts), cut to fit. */
static void report(const ck_host *host, const char *reason) {
    size_t length = strlen(reason);
    if (!host->init_error || host->init_error_capacity == 0) return;
    if (length >= host->init_error_capacity) length = host->init_error_capacity - 1;
    memcpy(host->init_error, reason, length);
    host->init_error[length] = '\0';
}

/**
 * The one exported entry point. Returns the provider's table (static,
 * valid while the library is loaded) cut to the lowest minor any host has
 * announced, or NULL — saying why in `host->init_error` when it has one —
 * for a NULL or malformed `host` or a host of another major version. Keeps
 * the first host's log callback, which it may call from any thread.
 */
__attribute__((visibility("default"))) const ck_provider *cloudkit_provider_init(const ck_host *host) {
    ck_host copy;
    mem_error error;
    char reason[160];
    if (!mem_read_struct(host, &copy, sizeof copy, MEM_END(ck_host, log_level), "ck_host", "host", &error)) return NULL;
    if (copy.abi_major != CK_ABI_VERSION_MAJOR) {
        snprintf(reason, sizeof reason, "the host speaks cloudkit ABI %u.%u; provider memory speaks %d.%d", (unsigned)copy.abi_major,
                 (unsigned)copy.abi_minor, CK_ABI_VERSION_MAJOR, MEM_ABI_MINOR);
        report(&copy, reason);
        return NULL;
    }
    mem_host_announced(copy.abi_minor < MEM_ABI_MINOR ? copy.abi_minor : MEM_ABI_MINOR, copy.log, copy.log_user_data,
                       copy.log_level);
    return &tables[mem_agreed_minor()];
}
