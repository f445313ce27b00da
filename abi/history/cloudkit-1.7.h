/*
 * cloudkit.h — the cloudkit provider ABI, version 1.7.
 *
 * This header is the whole contract between a cloudkit host (the Swift
 * library, the `cloudkit` tool, or any C program) and a cloudkit provider
 * (a shared library such as libcloudkit-aws.so or libcloudkit-local.so).
 * It is plain C99 and has no dependencies beyond <stddef.h>, <stdint.h> and,
 * for the optional blocking helper at the end, <pthread.h>.
 *
 * Rules (see abi/README.md for the long form):
 *
 *  1. A provider exports exactly one symbol, `cloudkit_provider_init`.
 *  2. Every struct that crosses the boundary starts with `struct_size`.
 *     Within one major version members are only ever appended; a reader
 *     checks `struct_size` (CK_HAS_MEMBER) before touching a member that a
 *     later minor version added. Arrays of structs are passed as arrays of
 *     pointers so that a grown struct never changes an array's stride.
 *     `ck_pair` is the one exception: it is two pointers, forever.
 *     How structs grow, exactly (the "growth rules"):
 *     a. Sizes. A reader accepts any `struct_size` from the end of the
 *        struct's last 1.0 member up. Members past the given size take
 *        their default, which is zero (NULL, 0) for every member unless its
 *        comment says otherwise. Only 1.0 members are required.
 *     b. Unknown tails. When `struct_size` is larger than the reader knows,
 *        every byte it does not know must be zero; otherwise the call
 *        completes with CK_ERR_UNSUPPORTED naming the struct and the offset
 *        (a newer host never has a request silently half-served). Zero the
 *        whole struct before filling it (`= {0}` or memset). A host reading
 *        a provider's table or result ignores members it does not know.
 *     c. No padding holes. Every struct's size equals the end of its last
 *        member: members are appended in groups that end on an 8-byte
 *        boundary, with an `int32_t reservedN` where needed. A member that
 *        lies in an older version's tail padding is named `reserved…`: it is
 *        never read and never given a meaning, since old writers left
 *        garbage there.
 *     d. Agreed minor. The provider learns the host's minor from `ck_host`
 *        and never hands the host a struct member, table entry or ck_kind
 *        newer than it: results carry the `struct_size` of the host's
 *        minor. A host that meets a kind it does not know treats it as
 *        CK_ERR_INTERNAL and keeps the status's `code`. The other way
 *        round, a host gives a request value that a later minor defined
 *        (such as CK_CONTENT_LENGTH_UNKNOWN) only to a provider whose
 *        table's `abi_minor` has it; for an older provider it does the
 *        work itself.
 *  3. `ck_client` is opaque and thread-safe. Closing it cancels what is in
 *     flight; every pending callback still fires exactly once.
 *  4. Configuration is `{key, value}` string pairs; an unknown key is an
 *     error that names the key.
 *  5. Every operation takes a completion callback and a `user_data`
 *     pointer, returns at once, and calls the callback exactly once,
 *     possibly on another thread and possibly before the call returns.
 *     A completion should return quickly: a provider may run it on a
 *     thread that serves its other calls (an event loop); a host with long
 *     work hands it to a thread of its own.
 *     Completions of different calls may run concurrently; one call's
 *     read/write/progress callbacks never run concurrently with each other
 *     and all return before its completion begins; the log callback may be
 *     called from any thread at any time while the library is loaded.
 *  6. Input pointers are borrowed for the duration of the call only; the
 *     provider copies what it keeps. Everything handed to a callback is
 *     borrowed for the duration of that callback only; copy what you need.
 *     Strings are NUL-terminated UTF-8; binary data is pointer + length.
 *  7. Every failure is a `ck_status` whose `kind` is stable across
 *     providers. A provider never aborts, never unwinds across the
 *     boundary and never writes to stdout or stderr.
 *  8. Large bodies move through read/write callbacks or file paths.
 *  9. A provider logs through the host's `ck_log_fn`. Secrets (secret keys,
 *     session tokens, signatures) never appear in a log line or a message.
 *
 * A table pointer or a function pointer that is NULL means "not
 * supported"; the host reports CK_ERR_UNSUPPORTED and never calls it.
 */
#ifndef CLOUDKIT_H
#define CLOUDKIT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Versions                                                            */
/* ------------------------------------------------------------------ */

/** Bumped on any incompatible change; a host refuses another major. */
#define CK_ABI_VERSION_MAJOR 1
/**
 * Bumped when members or tables are appended. 1.1 added ck_provider.identity;
 * 1.2 added ck_provider.cancel; 1.3 added per-call `options` on every
 * request, ck_object_info.properties, the listing entries (list_buckets,
 * list_tables, list_queues, list_topics), ck_provider.capabilities, and
 * ck_host.init_error; 1.4 lets a streamed put's length be unknown
 * (CK_CONTENT_LENGTH_UNKNOWN); 1.5 added ck_provider.set_client_log (a log
 * sink per client); 1.6 added ck_get_object_request.reserve (a body read
 * into memory lands in the host's own buffer); 1.7 added ck_provider.lend
 * (the host lends its waiting thread to the provider). abi/history/ keeps
 * the header of every release.
 */
#define CK_ABI_VERSION_MINOR 7

/** The one symbol a provider exports. */
#define CK_PROVIDER_INIT_SYMBOL "cloudkit_provider_init"

/**
 * True when the struct at `ptr` (whose first member is `struct_size`) is
 * large enough to contain `member`. Use it before reading any member that
 * was appended after 1.0.
 */
#define CK_HAS_MEMBER(ptr, type, member) \
    ((ptr) != NULL && (ptr)->struct_size >= offsetof(type, member) + sizeof(((type *)0)->member))

/* ------------------------------------------------------------------ */
/* Status                                                              */
/* ------------------------------------------------------------------ */

/** The stable kind of a result. Values never change meaning. */
typedef enum ck_kind {
    CK_OK = 0,
    CK_ERR_NOT_FOUND = 1,           /**< bucket, key, table, queue, function… does not exist */
    CK_ERR_ALREADY_EXISTS = 2,      /**< create of something that exists */
    CK_ERR_PRECONDITION_FAILED = 3, /**< a condition (if-absent, expected value, If-Match) failed */
    CK_ERR_PERMISSION_DENIED = 4,   /**< authenticated, but not allowed */
    CK_ERR_UNAUTHENTICATED = 5,     /**< no credentials, or the service rejected them */
    CK_ERR_THROTTLED = 6,           /**< slow down; retrying later may succeed */
    CK_ERR_INVALID_ARGUMENT = 7,    /**< bad input: NULL, invalid UTF-8, out-of-range sizes, bad names */
    CK_ERR_TIMEOUT = 8,             /**< the operation ran out of time */
    CK_ERR_NETWORK = 9,             /**< could not reach the service */
    CK_ERR_UNSUPPORTED = 10,        /**< the provider does not offer this */
    CK_ERR_CANCELLED = 11,          /**< the client was closed while the call was in flight */
    CK_ERR_FUNCTION_ERROR = 12,     /**< a function ran and reported an error (see ck_invoke_result) */
    CK_ERR_INTERNAL = 13            /**< a bug or an unexpected reply */
} ck_kind;

/**
 * The name of a ck_kind for messages ("not found", "invalid argument", …);
 * "unknown" for a value this header does not know (treat it as
 * CK_ERR_INTERNAL). Since 1.3; static, so it needs no symbol.
 */
static inline const char *ck_kind_name(int32_t kind) {
    switch (kind) {
    case CK_OK: return "ok";
    case CK_ERR_NOT_FOUND: return "not found";
    case CK_ERR_ALREADY_EXISTS: return "already exists";
    case CK_ERR_PRECONDITION_FAILED: return "precondition failed";
    case CK_ERR_PERMISSION_DENIED: return "permission denied";
    case CK_ERR_UNAUTHENTICATED: return "unauthenticated";
    case CK_ERR_THROTTLED: return "throttled";
    case CK_ERR_INVALID_ARGUMENT: return "invalid argument";
    case CK_ERR_TIMEOUT: return "timeout";
    case CK_ERR_NETWORK: return "network";
    case CK_ERR_UNSUPPORTED: return "unsupported";
    case CK_ERR_CANCELLED: return "cancelled";
    case CK_ERR_FUNCTION_ERROR: return "function error";
    case CK_ERR_INTERNAL: return "internal";
    default: return "unknown";
    }
}

/**
 * The outcome of an operation. Handed to every callback; borrowed for the
 * duration of the callback. Only `kind` is meaningful when it is CK_OK.
 */
typedef struct ck_status {
    size_t struct_size;
    int32_t kind;             /**< a ck_kind */
    int32_t http_status;      /**< HTTP status of the reply, 0 when there was none */
    int32_t retryable;        /**< non-zero when the same call may succeed later */
    const char *code;         /**< the provider's own code ("NoSuchKey"), or NULL */
    const char *message;      /**< human-readable, never contains secrets, or NULL */
    const char *request_id;   /**< the service's request id, or NULL */
    const char *details_json; /**< extra structured detail as a JSON object, or NULL */
} ck_status;

/* ------------------------------------------------------------------ */
/* Common types                                                        */
/* ------------------------------------------------------------------ */

/** A key/value string pair: options, object metadata. Never grows. */
typedef struct ck_pair {
    const char *key;
    const char *value;
} ck_pair;

/** An opaque, thread-safe connection to a provider's services. */
typedef struct ck_client ck_client;

/** Log levels passed to ck_log_fn. */
typedef enum ck_log_level {
    CK_LOG_TRACE = 0,
    CK_LOG_DEBUG = 1,
    CK_LOG_INFO = 2,
    CK_LOG_WARNING = 3,
    CK_LOG_ERROR = 4
} ck_log_level;

/**
 * The host's log sink. Called by the provider from any thread, possibly
 * concurrently; `message` is borrowed for the call.
 */
typedef void (*ck_log_fn)(void *user_data, int32_t level, const char *message);

/** Completion of an operation with no result beyond its status. */
typedef void (*ck_done_fn)(void *user_data, const ck_status *status);

/** Completion that yields one string (a URL, an ARN, an id); NULL on error. */
typedef void (*ck_string_fn)(void *user_data, const ck_status *status, const char *value);

/**
 * Pulls up to `capacity` bytes of a body into `buffer`. Returns the number
 * of bytes written (0 at the end of the body) or -1 to abort the operation
 * (which then fails with CK_ERR_CANCELLED). Returning more than `capacity`
 * or any other negative value is a host bug: the operation fails with
 * CK_ERR_INVALID_ARGUMENT and nothing is stored. Called on a provider
 * thread, never concurrently for one operation, and never after the
 * operation's completion has begun. It may block (waiting for input) as
 * long as it likes: the provider calls it where that holds up only this
 * operation, never the client's other calls; meanwhile the operation
 * cannot end, so a cancel takes effect once the callback has returned.
 */
typedef int64_t (*ck_read_fn)(void *context, uint8_t *buffer, size_t capacity);

/**
 * Receives the next `length` bytes of a body. Returns 0 to continue or
 * non-zero to abort (the operation then fails with CK_ERR_CANCELLED).
 * Called on a provider thread, never concurrently for one operation, and
 * never after the operation's completion has begun. It may block as long
 * as it likes (a full pipe, backpressure): the provider stops fetching this
 * body while it does, holding up only this operation, never the client's
 * other calls; the operation completes only after every byte was handed
 * over, and a cancel takes effect once the callback has returned.
 */
typedef int32_t (*ck_write_fn)(void *context, const uint8_t *data, size_t length);

/**
 * Reports body progress: `done` bytes of `total` (total is -1 when
 * unknown). Called on a provider thread, never concurrently with the
 * operation's other callbacks; may be called many times. Keep it quick: a
 * slow one delays only its own operation (and reports may be merged, the
 * latest figures kept), never the client's other calls.
 */
typedef void (*ck_progress_fn)(void *context, int64_t done, int64_t total);

/**
 * Since 1.6: gives the provider the memory for a body read into memory
 * (ck_get_object_request.reserve). Returns `length` writable bytes that
 * the host owns, or NULL to refuse (the read then fails with
 * CK_ERR_CANCELLED). The provider calls it at most once per read, on a
 * provider thread (possibly the host's own, before the call returns),
 * once it knows the body's length and before it writes a byte; never
 * with a length of 0. It fills the bytes and hands them to the completion
 * as its `data`. The memory stays the host's throughout: the provider
 * never frees it, and never touches it once the completion has begun —
 * whether the read succeeded or not — so the host may keep it (when
 * `data` is this pointer) or free it as soon as the completion returns.
 * Keep it quick: it runs where the provider serves other calls.
 */
typedef void *(*ck_reserve_fn)(void *context, size_t length);

/**
 * Describes one configuration key a provider accepts (for tools that list
 * them). Static data owned by the provider.
 */
typedef struct ck_option_info {
    size_t struct_size;
    const char *key;
    const char *description;
} ck_option_info;

/**
 * Since 1.3: a request for one page of a provider's named resources —
 * buckets, tables, queues or topics — in ascending name order.
 */
typedef struct ck_list_request {
    size_t struct_size;
    const char *prefix;            /**< only names that start with this, or NULL (default: every name) */
    const char *page_token;        /**< next_page_token of the previous page, or NULL (default: the first page) */
    int32_t max_items;             /**< 1..1000, or 0 (default): the provider's page size */
    int32_t reserved0;             /**< never read, never given a meaning */
    const ck_pair *options;        /**< per-call options, or NULL (default: none) */
    size_t option_count;
} ck_list_request;

/** Since 1.3: one named resource in a listing. */
typedef struct ck_resource {
    size_t struct_size;
    const char *name;              /**< the short name */
    const char *id;                /**< the provider's full identifier (queue URL, topic ARN), or NULL */
    int64_t created_ms;            /**< milliseconds since the Unix epoch, 0 when unknown */
} ck_resource;

/**
 * Since 1.3: completion of a listing — the page's resources and the token of
 * the next page (NULL on the last page). Everything is borrowed for the call.
 */
typedef void (*ck_resources_fn)(void *user_data, const ck_status *status,
                                const ck_resource *const *resources, size_t count,
                                const char *next_page_token);

/* ------------------------------------------------------------------ */
/* Object storage                                                      */
/* ------------------------------------------------------------------ */

/** Everything known about one stored object. */
typedef struct ck_object_info {
    size_t struct_size;
    const char *bucket;
    const char *key;
    int64_t size;                  /**< bytes in the whole object */
    const char *etag;              /**< quoted, as S3 returns it, or NULL */
    const char *content_type;      /**< or NULL */
    int64_t last_modified_ms;      /**< milliseconds since the Unix epoch */
    const ck_pair *metadata;       /**< user metadata, keys lower-case, without prefix */
    size_t metadata_count;
    /* since 1.3 */
    const ck_pair *properties;     /**< what was stored besides metadata, by option key (cache_control, storage_class, tags, …) */
    size_t property_count;
} ck_object_info;

/**
 * Since 1.4: the `content_length` of a put whose `read` body has a length
 * not known in advance (a pipe, a generated stream). The provider reads
 * until `read` returns 0 and stores what it got; every provider of 1.4 or
 * later accepts it, and the put's progress reports `total` -1. Give it only
 * to a provider whose table says `abi_minor` >= 4 (rule 2d): to an older
 * one a negative length is out of range (CK_ERR_INVALID_ARGUMENT), so a
 * host spools such a body first — to a temporary file, in bounded memory —
 * and sends it with its exact length. Other negative values stay invalid.
 */
#define CK_CONTENT_LENGTH_UNKNOWN (-1)

/** A request to store an object. The body is the first of: `read`, `file_path`, `data`. */
typedef struct ck_put_object_request {
    size_t struct_size;
    const char *bucket;
    const char *key;
    const uint8_t *data;           /**< whole body in memory (may be NULL when length is 0) */
    size_t data_length;
    ck_read_fn read;               /**< or: pull the body through this callback */
    void *read_context;
    int64_t content_length;        /**< with `read`: the exact body length, required; since 1.4 CK_CONTENT_LENGTH_UNKNOWN (-1) when unknown */
    const char *file_path;         /**< or: stream the body from this file */
    const char *content_type;      /**< NULL: application/octet-stream */
    const ck_pair *metadata;       /**< user metadata; keys are case-insensitive ASCII */
    size_t metadata_count;
    ck_progress_fn progress;       /**< optional upload progress */
    void *progress_context;
    /* since 1.3 */
    const ck_pair *options;        /**< per-call options (cache_control, content_encoding, content_disposition, storage_class, server_side_encryption, sse_kms_key_id, tags; if_none_match "*" or if_match ETAG make the write conditional), or NULL (default: none) */
    size_t option_count;
} ck_put_object_request;

/**
 * A request to read an object. Where the body goes is the first of:
 * `write`, `file_path`, else it is handed to the callback in memory.
 */
typedef struct ck_get_object_request {
    size_t struct_size;
    const char *bucket;
    const char *key;
    int32_t has_range;             /**< non-zero: read only bytes range_start..range_end */
    int64_t range_start;           /**< first byte, inclusive */
    int64_t range_end;             /**< last byte, inclusive; -1 = to the end */
    ck_write_fn write;
    void *write_context;
    const char *file_path;         /**< written atomically: whole or not at all */
    ck_progress_fn progress;
    void *progress_context;
    /* since 1.3 */
    const ck_pair *options;        /**< per-call options (if_match, if_none_match ETAG, if_modified_since ms), or NULL (default: none) */
    size_t option_count;
    /* since 1.6 */
    ck_reserve_fn reserve;         /**< for a body read into memory: asks the host for the memory it lands in (see ck_reserve_fn), or NULL (default: the provider's own, lent to the completion). Give it only to a provider whose `abi_minor` >= 6 (rule 2b) */
    void *reserve_context;
} ck_get_object_request;

/**
 * Completion of get: `info` describes the object; `data`/`length` hold the
 * bytes read when the body was not sent to a writer or a file. All
 * borrowed, except that since 1.6, when the request had a `reserve` and
 * `data` is the pointer it returned, those bytes are the host's: they hold
 * the body (`length` bytes, the length `reserve` was asked for) and the
 * host keeps or frees them. A provider may answer without calling
 * `reserve` (an empty body, or one it already holds, such as a small
 * reply): then `data` is lent as before, and a host that called `reserve`
 * frees what it reserved, if anything, once the completion has returned.
 */
typedef void (*ck_get_object_fn)(void *user_data, const ck_status *status,
                                 const ck_object_info *info,
                                 const uint8_t *data, size_t length);

/** Completion of head, put and copy: the object as stored (NULL on error). */
typedef void (*ck_object_info_fn)(void *user_data, const ck_status *status,
                                  const ck_object_info *info);

/** A request to list keys in a bucket, in ascending UTF-8 byte order. */
typedef struct ck_list_objects_request {
    size_t struct_size;
    const char *bucket;
    const char *prefix;            /**< or NULL */
    const char *delimiter;         /**< or NULL: roll up keys into common prefixes */
    const char *page_token;        /**< from a previous page, or NULL */
    int32_t max_keys;              /**< 0: the provider's default (1000) */
    int32_t reserved0;             /**< since 1.3: fills 1.0's tail padding; never read, never given a meaning */
    /* since 1.3 */
    const ck_pair *options;        /**< per-call options (keys: the provider's capabilities), or NULL (default: none) */
    size_t option_count;
} ck_list_objects_request;

/** One key in a listing. */
typedef struct ck_object_summary {
    size_t struct_size;
    const char *key;
    int64_t size;
    const char *etag;
    int64_t last_modified_ms;
} ck_object_summary;

/** One page of a listing. */
typedef struct ck_list_objects_result {
    size_t struct_size;
    const ck_object_summary *const *objects;
    size_t object_count;
    const char *const *common_prefixes; /**< each ends with the delimiter */
    size_t common_prefix_count;
    const char *next_page_token;   /**< NULL on the last page */
} ck_list_objects_result;

/** Completion of list (result NULL on error). */
typedef void (*ck_list_objects_fn)(void *user_data, const ck_status *status,
                                   const ck_list_objects_result *result);

/** A server-side copy; content type and metadata are copied with the bytes. */
typedef struct ck_copy_object_request {
    size_t struct_size;
    const char *source_bucket;
    const char *source_key;
    const char *bucket;
    const char *key;
    /* since 1.3 */
    const ck_pair *options;        /**< per-call options (the stored keys of put: given, they replace the source's), or NULL (default: none) */
    size_t option_count;
} ck_copy_object_request;

/** A request for a URL that lets its holder GET or PUT one object without credentials. */
typedef struct ck_presign_request {
    size_t struct_size;
    const char *bucket;
    const char *key;
    const char *method;            /**< "GET" or "PUT" */
    int64_t expires_seconds;       /**< 1 .. 604800 */
    /* since 1.3 */
    const ck_pair *options;        /**< per-call options (keys: the provider's capabilities), or NULL (default: none) */
    size_t option_count;
} ck_presign_request;

/** The object storage table. Every entry may be NULL (unsupported). */
typedef struct ck_storage_v1 {
    size_t struct_size;
    void (*create_bucket)(ck_client *client, const char *bucket, ck_done_fn done, void *user_data);
    void (*delete_bucket)(ck_client *client, const char *bucket, ck_done_fn done, void *user_data);
    void (*put_object)(ck_client *client, const ck_put_object_request *request,
                       ck_object_info_fn done, void *user_data);
    void (*get_object)(ck_client *client, const ck_get_object_request *request,
                       ck_get_object_fn done, void *user_data);
    void (*head_object)(ck_client *client, const char *bucket, const char *key,
                        ck_object_info_fn done, void *user_data);
    void (*delete_object)(ck_client *client, const char *bucket, const char *key,
                          ck_done_fn done, void *user_data);
    void (*list_objects)(ck_client *client, const ck_list_objects_request *request,
                         ck_list_objects_fn done, void *user_data);
    void (*copy_object)(ck_client *client, const ck_copy_object_request *request,
                        ck_object_info_fn done, void *user_data);
    /** Completes with the URL (a file:// URL for providers without HTTP). */
    void (*presign)(ck_client *client, const ck_presign_request *request,
                    ck_string_fn done, void *user_data);
    /** Since 1.3: one page of the buckets. */
    void (*list_buckets)(ck_client *client, const ck_list_request *request,
                         ck_resources_fn done, void *user_data);
} ck_storage_v1;

/* ------------------------------------------------------------------ */
/* Key-value tables                                                    */
/*                                                                     */
/* Items, keys and values are JSON texts. Strings, numbers (kept as     */
/* decimal text, never a double), booleans, null, arrays and objects    */
/* map to DynamoDB's S, N, BOOL, NULL, L and M. Binary and sets are     */
/* single-member objects: {"$b64":"..."}, {"$ss":[..]}, {"$ns":[..]},   */
/* {"$bs":[..]}; a map whose only member is one of those names is       */
/* written {"$m":{...}}. A key is an object holding only the key        */
/* attributes. Numbers carry at most 38 significant digits.             */
/*                                                                     */
/* Errors: a missing table is CK_ERR_NOT_FOUND; a failed condition is   */
/* CK_ERR_PRECONDITION_FAILED; malformed JSON, a key of the wrong type  */
/* or shape, or a limit out of range is CK_ERR_INVALID_ARGUMENT.        */
/* ------------------------------------------------------------------ */

/** Condition kinds for writes. */
typedef enum ck_kv_condition_kind {
    CK_KV_ALWAYS = 0,        /**< no condition */
    CK_KV_IF_ABSENT = 1,     /**< no item with this key exists */
    CK_KV_IF_EXISTS = 2,     /**< an item with this key exists */
    CK_KV_IF_EQUALS = 3      /**< the item exists and its `attribute` equals `value_json` */
} ck_kv_condition_kind;

/** A condition a write must meet; when it does not, nothing changes. */
typedef struct ck_kv_condition {
    size_t struct_size;
    int32_t kind;            /**< a ck_kv_condition_kind */
    const char *attribute;   /**< with CK_KV_IF_EQUALS */
    const char *value_json;  /**< with CK_KV_IF_EQUALS */
} ck_kv_condition;

/** A table's key schema. Key types are "S", "N" or "B"; NULL means "S". */
typedef struct ck_kv_table_spec {
    size_t struct_size;
    const char *table;
    const char *partition_key;
    const char *sort_key;            /**< or NULL: no sort key */
    const char *partition_key_type;  /**< "S", "N", "B" or NULL */
    const char *sort_key_type;       /**< "S", "N", "B" or NULL */
    /* since 1.3 */
    const ck_pair *options;        /**< per-call options (keys: the provider's capabilities), or NULL (default: none) */
    size_t option_count;
} ck_kv_table_spec;

/** put_item (item_json: the whole item) and delete_item (item_json: the key). */
typedef struct ck_kv_write_request {
    size_t struct_size;
    const char *table;
    const char *item_json;
    const ck_kv_condition *condition; /**< or NULL */
    /* since 1.3 */
    const ck_pair *options;        /**< per-call options (keys: the provider's capabilities), or NULL (default: none) */
    size_t option_count;
} ck_kv_write_request;

typedef struct ck_kv_get_request {
    size_t struct_size;
    const char *table;
    const char *key_json;
    int32_t consistent;      /**< non-zero: strongly consistent read */
    int32_t reserved0;             /**< since 1.3: fills 1.0's tail padding; never read, never given a meaning */
    /* since 1.3 */
    const ck_pair *options;        /**< per-call options (keys: the provider's capabilities), or NULL (default: none) */
    size_t option_count;
} ck_kv_get_request;

/** Changes attributes of one item, creating it when absent. */
typedef struct ck_kv_update_request {
    size_t struct_size;
    const char *table;
    const char *key_json;
    const char *set_json;              /**< object of attributes to set, or NULL */
    const char *const *remove;         /**< attribute names to remove */
    size_t remove_count;
    const char *add_json;              /**< object of numbers to add atomically (missing counts as 0), or NULL */
    const ck_kv_condition *condition;  /**< or NULL */
    /* since 1.3 */
    const ck_pair *options;        /**< per-call options (keys: the provider's capabilities), or NULL (default: none) */
    size_t option_count;
} ck_kv_update_request;

/** Sort-key conditions for query. */
typedef enum ck_kv_sort_op {
    CK_KV_SORT_ANY = 0, CK_KV_SORT_EQ = 1, CK_KV_SORT_LT = 2, CK_KV_SORT_LE = 3,
    CK_KV_SORT_GT = 4, CK_KV_SORT_GE = 5, CK_KV_SORT_BETWEEN = 6, CK_KV_SORT_BEGINS_WITH = 7
} ck_kv_sort_op;

/** The items of one partition, in sort-key order. */
typedef struct ck_kv_query_request {
    size_t struct_size;
    const char *table;
    const char *partition_json;  /**< the partition key's value (a JSON value) */
    int32_t sort_op;             /**< a ck_kv_sort_op */
    const char *sort_json;       /**< first operand (a JSON value) */
    const char *sort_json2;      /**< second operand of BETWEEN (inclusive) */
    int32_t limit;               /**< most items in this page; 0: the provider's own page size */
    int32_t descending;
    int32_t consistent;
    const char *page_token;      /**< next_page_token of the previous page, or NULL */
    /* since 1.3 */
    const ck_pair *options;        /**< per-call options (keys: the provider's capabilities), or NULL (default: none) */
    size_t option_count;
} ck_kv_query_request;

/** Every item of a table, in no particular order. */
typedef struct ck_kv_scan_request {
    size_t struct_size;
    const char *table;
    int32_t limit;               /**< most items in this page; 0: the provider's own page size */
    const char *page_token;
    /* since 1.3 */
    const ck_pair *options;        /**< per-call options (keys: the provider's capabilities), or NULL (default: none) */
    size_t option_count;
} ck_kv_scan_request;

/** Any number of keys (batch_get) or items (batch_put); no key twice. */
typedef struct ck_kv_batch_request {
    size_t struct_size;
    const char *table;
    const char *const *items_json;
    size_t count;
    /* since 1.3 */
    const ck_pair *options;        /**< per-call options (keys: the provider's capabilities), or NULL (default: none) */
    size_t option_count;
} ck_kv_batch_request;

typedef enum ck_kv_transact_kind {
    CK_KV_TRANSACT_PUT = 0, CK_KV_TRANSACT_DELETE = 1, CK_KV_TRANSACT_CHECK = 2
} ck_kv_transact_kind;

/** One operation of a transaction; CHECK requires a condition. */
typedef struct ck_kv_transact_op {
    size_t struct_size;
    int32_t kind;                 /**< a ck_kv_transact_kind */
    const char *table;
    const char *item_json;        /**< put: item; delete and check: key */
    const ck_kv_condition *condition; /**< or NULL (not for CHECK) */
} ck_kv_transact_op;

/**
 * Completion yielding one item. `item_json` is NULL with CK_OK when no item
 * has the key (get_item), and NULL on any error.
 */
typedef void (*ck_kv_item_fn)(void *user_data, const ck_status *status, const char *item_json);

/**
 * Completion yielding items and the token of the next page (NULL when there
 * are no more pages). The array and strings are borrowed for the callback.
 */
typedef void (*ck_kv_items_fn)(void *user_data, const ck_status *status,
                               const char *const *items_json, size_t count,
                               const char *next_page_token);

/**
 * The key-value table. Every entry may be NULL (unsupported). Every entry
 * returns at once and calls its completion exactly once, on any thread.
 */
typedef struct ck_kv_v1 {
    size_t struct_size;
    /** Creates a table; CK_ERR_ALREADY_EXISTS if it exists. Returns once it can be used. */
    void (*create_table)(ck_client *client, const ck_kv_table_spec *spec, ck_done_fn done, void *user_data);
    /** Deletes a table and its items; CK_ERR_NOT_FOUND if it does not exist. */
    void (*delete_table)(ck_client *client, const char *table, ck_done_fn done, void *user_data);
    /** Writes a whole item, replacing any item with its key, if the condition holds. */
    void (*put_item)(ck_client *client, const ck_kv_write_request *request, ck_done_fn done, void *user_data);
    /** Reads one item by key; item_json NULL with CK_OK when absent. */
    void (*get_item)(ck_client *client, const ck_kv_get_request *request, ck_kv_item_fn done, void *user_data);
    /** Deletes one item by key if the condition holds; deleting an absent item succeeds. */
    void (*delete_item)(ck_client *client, const ck_kv_write_request *request, ck_done_fn done, void *user_data);
    /** Sets, removes and adds to attributes; completes with the whole item after the update. */
    void (*update_item)(ck_client *client, const ck_kv_update_request *request, ck_kv_item_fn done, void *user_data);
    /** One page of a partition's items in sort-key order. */
    void (*query)(ck_client *client, const ck_kv_query_request *request, ck_kv_items_fn done, void *user_data);
    /** One page of a table's items. */
    void (*scan)(ck_client *client, const ck_kv_scan_request *request, ck_kv_items_fn done, void *user_data);
    /** The items that exist for the keys, in the keys' order (absent ones left out). */
    void (*batch_get)(ck_client *client, const ck_kv_batch_request *request, ck_kv_items_fn done, void *user_data);
    /** Puts every item, splitting into the service's batch size and retrying unprocessed items. */
    void (*batch_put)(ck_client *client, const ck_kv_batch_request *request, ck_done_fn done, void *user_data);
    /**
     * Runs every operation or none (at most 100, no item twice). When one
     * fails its condition the status is CK_ERR_PRECONDITION_FAILED with
     * details_json {"index": N, "reason": "ConditionalCheckFailed"}.
     */
    void (*transact)(ck_client *client, const ck_kv_transact_op *const *ops, size_t count,
                     ck_done_fn done, void *user_data);
    /** Since 1.3: one page of the table names. */
    void (*list_tables)(ck_client *client, const ck_list_request *request,
                        ck_resources_fn done, void *user_data);
} ck_kv_v1;

/* ------------------------------------------------------------------ */
/* Message queues                                                      */
/* ------------------------------------------------------------------ */

/** A typed message attribute: type is "String", "Number" or "Binary". */
typedef struct ck_attribute {
    size_t struct_size;
    const char *name;
    const char *type;
    const char *string_value;     /**< String and Number */
    const uint8_t *binary_value;  /**< Binary */
    size_t binary_length;
} ck_attribute;

typedef struct ck_queue_spec {
    size_t struct_size;
    const char *name;
    int32_t fifo;
    int32_t content_based_deduplication;
    int32_t visibility_timeout_seconds;  /**< -1: provider default (30) */
    int32_t retention_seconds;           /**< -1: provider default (4 days) */
    int32_t delay_seconds;               /**< -1: none */
    const char *dead_letter_queue;       /**< name, URL or ARN, or NULL */
    int32_t max_receive_count;           /**< with dead_letter_queue */
    int32_t reserved0;             /**< since 1.3: fills 1.0's tail padding; never read, never given a meaning */
    /* since 1.3 */
    const ck_pair *options;        /**< per-call options (keys: the provider's capabilities), or NULL (default: none) */
    size_t option_count;
} ck_queue_spec;

typedef struct ck_send_request {
    size_t struct_size;
    const char *queue;
    const uint8_t *body;
    size_t body_length;
    const ck_attribute *const *attributes;
    size_t attribute_count;
    int32_t delay_seconds;               /**< -1: the queue's default */
    const char *group_id;                /**< FIFO */
    const char *deduplication_id;        /**< FIFO */
    /* since 1.3 */
    const ck_pair *options;        /**< per-call options (keys: the provider's capabilities), or NULL (default: none) */
    size_t option_count;
} ck_send_request;

/** Completion of send/publish: the message id and, for FIFO, its sequence number. */
typedef void (*ck_sent_fn)(void *user_data, const ck_status *status,
                           const char *message_id, const char *sequence_number);

/** Per-entry outcome of a batch call. */
typedef struct ck_batch_entry {
    size_t struct_size;
    size_t index;                 /**< position in the request */
    const ck_status *status;
    const char *message_id;       /**< on success, or NULL */
} ck_batch_entry;

/** Completion of a batch: overall status plus one entry per request entry. */
typedef void (*ck_batch_fn)(void *user_data, const ck_status *status,
                            const ck_batch_entry *const *entries, size_t count);

typedef struct ck_receive_request {
    size_t struct_size;
    const char *queue;
    int32_t max_messages;                /**< 1..10 */
    int32_t wait_seconds;                /**< 0..20 long poll */
    int32_t visibility_timeout_seconds;  /**< -1: the queue's default */
    int32_t reserved0;             /**< since 1.3: fills 1.0's tail padding; never read, never given a meaning */
    /* since 1.3 */
    const ck_pair *options;        /**< per-call options (keys: the provider's capabilities), or NULL (default: none) */
    size_t option_count;
} ck_receive_request;

typedef struct ck_message {
    size_t struct_size;
    const char *message_id;
    const uint8_t *body;
    size_t body_length;
    const char *receipt_handle;
    int32_t receive_count;
    const ck_attribute *const *attributes;
    size_t attribute_count;
    const char *group_id;                /**< FIFO, else NULL */
    int64_t sent_ms;
} ck_message;

typedef void (*ck_messages_fn)(void *user_data, const ck_status *status,
                               const ck_message *const *messages, size_t count);

typedef struct ck_queue_counts {
    size_t struct_size;
    int64_t visible;
    int64_t in_flight;
    int64_t delayed;
} ck_queue_counts;

typedef void (*ck_queue_counts_fn)(void *user_data, const ck_status *status,
                                   const ck_queue_counts *counts);

/**
 * The queue table. Queues are named by name, URL or ARN. Every entry may be
 * NULL (unsupported), returns at once and completes exactly once on any
 * thread. A missing queue is CK_ERR_NOT_FOUND; out-of-range sizes, waits or
 * timeouts, a body that is not valid UTF-8 or holds characters queues do not
 * carry, and FIFO fields on the wrong kind of queue are CK_ERR_INVALID_ARGUMENT.
 */
typedef struct ck_queue_v1 {
    size_t struct_size;
    /** Creates a queue, or finds it when its settings match; completes with its URL. */
    void (*create_queue)(ck_client *client, const ck_queue_spec *spec, ck_string_fn done, void *user_data);
    /** Deletes a queue and its messages. */
    void (*delete_queue)(ck_client *client, const char *queue, ck_done_fn done, void *user_data);
    /** Sends one message; completes with its id (and a sequence number on FIFO queues). */
    void (*send)(ck_client *client, const ck_send_request *request, ck_sent_fn done, void *user_data);
    /** Sends any number of messages (split into the service's batch size); one entry per request entry. */
    void (*send_batch)(ck_client *client, const ck_send_request *const *entries, size_t count,
                       ck_batch_fn done, void *user_data);
    /** Receives up to max_messages, waiting up to wait_seconds for the first; each stays invisible for the visibility timeout. */
    void (*receive)(ck_client *client, const ck_receive_request *request, ck_messages_fn done, void *user_data);
    /** Deletes a received message by its receipt handle. */
    void (*ack)(ck_client *client, const char *queue, const char *receipt_handle, ck_done_fn done, void *user_data);
    /** Deletes several received messages; one entry per handle. */
    void (*ack_batch)(ck_client *client, const char *queue, const char *const *receipt_handles, size_t count,
                      ck_batch_fn done, void *user_data);
    /** Makes a received message visible again after `seconds` (0: now). */
    void (*change_visibility)(ck_client *client, const char *queue, const char *receipt_handle,
                              int32_t seconds, ck_done_fn done, void *user_data);
    /** Deletes every message of the queue. */
    void (*purge)(ck_client *client, const char *queue, ck_done_fn done, void *user_data);
    /** Approximate numbers of visible, in-flight and delayed messages. */
    void (*counts)(ck_client *client, const char *queue, ck_queue_counts_fn done, void *user_data);
    /** Since 1.3: one page of the queues; each resource's id is the queue's URL. */
    void (*list_queues)(ck_client *client, const ck_list_request *request,
                        ck_resources_fn done, void *user_data);
} ck_queue_v1;

/* ------------------------------------------------------------------ */
/* Publish/subscribe                                                   */
/* ------------------------------------------------------------------ */

typedef struct ck_topic_spec {
    size_t struct_size;
    const char *name;
    int32_t fifo;
    int32_t content_based_deduplication;
    /* since 1.3 */
    const ck_pair *options;        /**< per-call options (keys: the provider's capabilities), or NULL (default: none) */
    size_t option_count;
} ck_topic_spec;

typedef struct ck_publish_request {
    size_t struct_size;
    const char *topic;                   /**< name or ARN */
    const char *message;
    const char *subject;                 /**< or NULL */
    const ck_attribute *const *attributes;
    size_t attribute_count;
    const char *group_id;
    const char *deduplication_id;
    /* since 1.3 */
    const ck_pair *options;        /**< per-call options (keys: the provider's capabilities), or NULL (default: none) */
    size_t option_count;
} ck_publish_request;

typedef struct ck_subscribe_request {
    size_t struct_size;
    const char *topic;
    const char *queue;                   /**< name, URL or ARN */
    int32_t raw_delivery;                /**< non-zero: body only; zero: the SNS JSON envelope */
    const char *filter_policy_json;      /**< attribute filter policy, or NULL */
    /* since 1.3 */
    const ck_pair *options;        /**< per-call options (keys: the provider's capabilities), or NULL (default: none) */
    size_t option_count;
} ck_subscribe_request;

typedef struct ck_subscription {
    size_t struct_size;
    const char *id;                      /**< subscription ARN */
    const char *topic;
    const char *protocol;                /**< "sqs" */
    const char *endpoint;                /**< the queue's ARN */
    int32_t raw_delivery;
    const char *filter_policy_json;
} ck_subscription;

typedef void (*ck_subscriptions_fn)(void *user_data, const ck_status *status,
                                    const ck_subscription *const *subscriptions, size_t count,
                                    const char *next_page_token);

/**
 * The publish/subscribe table. Topics are named by name or ARN; subscribers
 * are queues. Every entry may be NULL (unsupported), returns at once and
 * completes exactly once on any thread.
 */
typedef struct ck_pubsub_v1 {
    size_t struct_size;
    /** Creates a topic, or finds it; completes with the topic's ARN. */
    void (*create_topic)(ck_client *client, const ck_topic_spec *spec, ck_string_fn done, void *user_data);
    /** Deletes a topic and its subscriptions. */
    void (*delete_topic)(ck_client *client, const char *topic, ck_done_fn done, void *user_data);
    /** Publishes to every subscribed queue whose filter policy matches the attributes; completes with the message id. */
    void (*publish)(ck_client *client, const ck_publish_request *request, ck_sent_fn done, void *user_data);
    /** Publishes any number of messages (split into the service's batch size); one entry per request entry. */
    void (*publish_batch)(ck_client *client, const ck_publish_request *const *entries, size_t count,
                          ck_batch_fn done, void *user_data);
    /** Subscribes a queue (allowing the topic to send to it); completes with the subscription ARN. */
    void (*subscribe)(ck_client *client, const ck_subscribe_request *request, ck_string_fn done, void *user_data);
    /** Removes a subscription by its ARN. */
    void (*unsubscribe)(ck_client *client, const char *subscription, ck_done_fn done, void *user_data);
    /** One page of a topic's subscriptions; page_token NULL for the first page. */
    void (*list_subscriptions)(ck_client *client, const char *topic, const char *page_token,
                               ck_subscriptions_fn done, void *user_data);
    /** Since 1.3: one page of the topics; each resource's id is the topic's ARN. */
    void (*list_topics)(ck_client *client, const ck_list_request *request,
                        ck_resources_fn done, void *user_data);
} ck_pubsub_v1;

/* ------------------------------------------------------------------ */
/* Functions                                                           */
/* ------------------------------------------------------------------ */

typedef enum ck_invocation_type {
    CK_INVOKE_SYNC = 0,      /**< wait for the result */
    CK_INVOKE_ASYNC = 1,     /**< queue the event and return */
    CK_INVOKE_DRY_RUN = 2    /**< only check that the call would be allowed */
} ck_invocation_type;

typedef struct ck_invoke_request {
    size_t struct_size;
    const char *function;        /**< name or ARN */
    const char *qualifier;       /**< version or alias, or NULL */
    const uint8_t *payload;
    size_t payload_length;
    int32_t invocation_type;     /**< a ck_invocation_type */
    int32_t log_tail;            /**< non-zero: return the last 4 KB of the log */
    /* since 1.3 */
    const ck_pair *options;        /**< per-call options (keys: the provider's capabilities), or NULL (default: none) */
    size_t option_count;
} ck_invoke_request;

/**
 * The result of an invocation. When the function ran and failed, the
 * status kind is CK_ERR_FUNCTION_ERROR and this result is still given,
 * with `function_error` and the error payload.
 */
typedef struct ck_invoke_result {
    size_t struct_size;
    int32_t status_code;
    const uint8_t *payload;
    size_t payload_length;
    const char *function_error;  /**< "Handled", "Unhandled", or NULL */
    const char *executed_version;
    const char *log_tail;        /**< decoded text, or NULL */
} ck_invoke_result;

typedef void (*ck_invoke_fn)(void *user_data, const ck_status *status, const ck_invoke_result *result);

typedef struct ck_function_info {
    size_t struct_size;
    const char *name;
    const char *arn;
    const char *runtime;
    const char *handler;
    int32_t memory_mb;
    int32_t timeout_seconds;
    const char *last_modified;   /**< ISO 8601 */
    const char *state;           /**< "Active", … */
} ck_function_info;

typedef void (*ck_function_info_fn)(void *user_data, const ck_status *status, const ck_function_info *info);

typedef void (*ck_functions_fn)(void *user_data, const ck_status *status,
                                const ck_function_info *const *functions, size_t count,
                                const char *next_page_token);

/**
 * The functions table. Functions are named by name, ARN or name:qualifier.
 * Every entry may be NULL (unsupported), returns at once and completes
 * exactly once on any thread.
 */
typedef struct ck_functions_v1 {
    size_t struct_size;
    /**
     * Invokes a function. Sync: status_code 200 and the function's result;
     * event: 202 once queued; dry run: 204. A payload over 6 MB (sync) or
     * 256 KB (event) is CK_ERR_INVALID_ARGUMENT. A function that ran and
     * failed completes with CK_ERR_FUNCTION_ERROR *and* a result whose
     * function_error is "Handled" or "Unhandled" and whose payload is the
     * error; any other failure has no result.
     */
    void (*invoke)(ck_client *client, const ck_invoke_request *request, ck_invoke_fn done, void *user_data);
    /** Describes a function (qualifier NULL: $LATEST); CK_ERR_NOT_FOUND when it does not exist. */
    void (*get_function)(ck_client *client, const char *function, const char *qualifier,
                         ck_function_info_fn done, void *user_data);
    /** One page of functions; page_token NULL for the first, max_items 1..50 or 0 for the provider's page size. */
    void (*list_functions)(ck_client *client, const char *page_token, int32_t max_items,
                           ck_functions_fn done, void *user_data);
} ck_functions_v1;

/* ------------------------------------------------------------------ */
/* Provider and host                                                   */
/* ------------------------------------------------------------------ */

/**
 * What the host offers the provider. Borrowed for the duration of init.
 * The host's `abi_minor` is the agreed minor (rule 2d): the provider hands
 * this host nothing newer. When init is called more than once with
 * different minors, the provider speaks the lowest to every host.
 */
typedef struct ck_host {
    size_t struct_size;
    uint32_t abi_major;          /**< CK_ABI_VERSION_MAJOR the host was built with */
    uint32_t abi_minor;          /**< CK_ABI_VERSION_MINOR the host was built with */
    ck_log_fn log;               /**< may be NULL (default): the provider stays silent */
    void *log_user_data;         /**< must stay valid while the library is loaded */
    int32_t log_level;           /**< least level the host wants (a ck_log_level; default 0, trace) */
    int32_t reserved0;           /**< since 1.3: fills 1.0's tail padding; never read, never given a meaning */
    /* since 1.3 */
    char *init_error;            /**< or NULL (default): where init writes why it returned NULL */
    size_t init_error_capacity;  /**< bytes at init_error; the reason is NUL-terminated and cut to fit */
} ck_host;

/** Completion of client_open: the new client, or NULL on error. */
typedef void (*ck_open_fn)(void *user_data, const ck_status *status, ck_client *client);

/**
 * What a host runs inside ck_provider.lend (since 1.7): starts the calls
 * the lent thread is for. `context` is the one given to lend.
 */
typedef void (*ck_lend_start_fn)(void *context);

/**
 * A provider's function table: static data owned by the provider, valid
 * until the library is unloaded. `abi_major` sits at the same offset in
 * every version, so a host can always read it.
 */
typedef struct ck_provider {
    size_t struct_size;
    uint32_t abi_major;          /**< the provider's CK_ABI_VERSION_MAJOR */
    uint32_t abi_minor;
    const char *name;            /**< "aws", "local" */
    const char *version;         /**< the provider's own version */
    const char *description;
    const ck_option_info *const *options;  /**< the keys client_open accepts */
    size_t option_count;
    /**
     * Opens a client from `options` (borrowed). An unknown key fails with
     * CK_ERR_INVALID_ARGUMENT naming the key. Calls `done` exactly once.
     */
    void (*client_open)(const ck_pair *options, size_t option_count, ck_open_fn done, void *user_data);
    /**
     * Closes a client: operations still in flight complete with
     * CK_ERR_CANCELLED before this returns. The client is freed; using it
     * afterwards is undefined. Must not be called from a callback of the
     * same client.
     */
    void (*client_close)(ck_client *client);
    const ck_storage_v1 *storage;      /**< NULL: unsupported */
    const ck_kv_v1 *kv;
    const ck_queue_v1 *queue;
    const ck_pubsub_v1 *pubsub;
    const ck_functions_v1 *functions;
    /**
     * Since 1.1 (check with CK_HAS_MEMBER): describes who the client acts as,
     * completing with a JSON object — provider-specific; the AWS provider
     * gives "account", "arn", "userId" (STS GetCallerIdentity) and "source",
     * the credential source used. Never contains a secret. May be NULL.
     */
    void (*identity)(ck_client *client, ck_string_fn done, void *user_data);
    /**
     * Since 1.2 (check with CK_HAS_MEMBER): cancels the calls in flight on
     * `client` that were started with this `user_data`. Each still completes
     * exactly once — with CK_ERR_CANCELLED unless it finished first — on
     * any thread, possibly before `cancel` returns; work it started (an
     * HTTP transfer, a local function's process) is stopped. Calls that have
     * completed, and a `user_data` the provider does not know, are left
     * alone, so a host must not cancel with a `user_data` it has since
     * reused for another call; a NULL `user_data` names no call and cancels
     * nothing. Thread-safe; never blocks. May be NULL.
     */
    void (*cancel)(ck_client *client, void *user_data);
    /**
     * Since 1.3 (check with CK_HAS_MEMBER): completes with the client's
     * capabilities as a JSON object:
     *   {"provider": "local", "abi": "1.3",
     *    "services": {"storage": {"operations": {"put_object": {"options": ["cache_control", …]}, …},
     *                             "limits": {"max_object_size": …, "presign_methods": ["GET", "PUT"], …}},
     *                 "kv": …, "queue": …, "pubsub": …, "functions": …}}
     * A service the provider lacks is absent; an operation it lacks is
     * absent from "operations"; "options" lists every per-call option key
     * the operation accepts. Limits are numbers, booleans or string arrays;
     * a limit that is not listed is unknown. May be NULL.
     */
    void (*capabilities)(ck_client *client, ck_string_fn done, void *user_data);
    /**
     * Since 1.5 (check with CK_HAS_MEMBER): sends the log lines about
     * `client` — its calls and the work it does for them in the background —
     * to `log` with `log_user_data`, for levels at or above `log_level` (a
     * ck_log_level), instead of to the ck_host's callback. A NULL `log`
     * silences the client. Lines that belong to no one client (init, and
     * what client_open logged before this call) still go to the ck_host's
     * callback, so call it as soon as client_open completes. `log` is called
     * from any thread, like ck_host.log, and follows rule 9 (no secrets).
     * A later call replaces the sink; a line being written on another
     * thread may still reach the previous one, so the host keeps every
     * `log_user_data` it passed valid until client_close returns; after
     * that, none of them is used. Thread-safe; never blocks. Must not be
     * called after client_close. May be NULL: the provider logs through the
     * ck_host's callback alone.
     */
    void (*set_client_log)(ck_client *client, ck_log_fn log, void *log_user_data, int32_t log_level);
    /**
     * Since 1.7 (check with CK_HAS_MEMBER): lends the calling thread to the
     * provider while the calls `start` makes run. Calls `start(context)`
     * once, on this thread, and returns once every call that `start` made
     * on this thread through this provider's tables (on `client` or any
     * other of its clients), and every call those calls' completions made
     * on this thread, has completed: its completion callback has returned.
     *
     * What the lent thread is for: while it waits, the provider may do
     * those calls' work on it (a disk write, an HTTP transfer) instead of
     * handing that work to a thread of its own and waking the host's
     * thread when it is done. So a completion often runs on this thread,
     * before `lend` returns; it may still run on any other thread (rule 5).
     * It is for a host that would wait for the calls anyway (straight-line
     * code with ck_sync, a benchmark): a call that waits (a long poll, a
     * retry's pause) holds this thread the way ck_sync_wait would, and
     * other threads' calls on the same client go on meanwhile, driven by
     * whichever thread is free to. Calls made on other threads are not
     * waited for.
     *
     * `start` makes its calls and returns: it must not wait for them, nor
     * close a client (their work may be waiting for this very thread), and
     * neither may a completion that runs on this thread.
     *
     * Returns CK_OK, or CK_ERR_INVALID_ARGUMENT, without calling `start`,
     * when `client` or `start` is NULL. Must not be called from inside a
     * provider callback. May be NULL: the host calls `start(context)` and
     * waits for its calls itself.
     */
    int32_t (*lend)(ck_client *client, ck_lend_start_fn start, void *context);
} ck_provider;

/**
 * The one exported entry point. Returns the provider's table, or NULL when
 * it cannot serve this host (NULL or too small a `host`, another major
 * version); since 1.3 it then writes why into `host->init_error` when the
 * host gave one. The host must still check `abi_major` and refuse a
 * mismatch. May be called more than once; returns the same table.
 *
 * Teardown: a host closes every client it opened, and waits for their
 * close calls to return, before it may dlclose the library; after that no
 * callback of the provider runs. A provider whose runtime cannot be
 * unloaded links with `-z nodelete`, so dlclose leaves it loaded; hosts
 * must not rely on a provider's static state being reset by a reload.
 */
typedef const ck_provider *(*ck_provider_init_fn)(const ck_host *host);

#ifdef CLOUDKIT_PROVIDER_IMPLEMENTATION
const ck_provider *cloudkit_provider_init(const ck_host *host);
#endif

/* ------------------------------------------------------------------ */
/* Blocking helper for C hosts                                          */
/*                                                                     */
/* Every operation is asynchronous. To write straight-line C, give the   */
/* operation a callback that copies what it needs into your own struct   */
/* and calls ck_sync_signal(); then call ck_sync_wait() after the call:  */
/*                                                                     */
/*     struct result { ck_sync sync; int kind; } r;                     */
/*     ck_sync_init(&r.sync);                                            */
/*     provider->storage->delete_object(client, "b", "k", on_done, &r);  */
/*     ck_sync_wait(&r.sync);                                            */
/*     ck_sync_destroy(&r.sync);                                         */
/*                                                                     */
/* Define CK_NO_SYNC_HELPER to leave <pthread.h> out.                    */
/* ------------------------------------------------------------------ */
#ifndef CK_NO_SYNC_HELPER
#include <pthread.h>

/** A one-shot event: init, signal once (from any thread), wait, destroy. */
typedef struct ck_sync {
    pthread_mutex_t mutex;
    pthread_cond_t cond;
    int signalled;
} ck_sync;

static inline void ck_sync_init(ck_sync *s) {
    pthread_mutex_init(&s->mutex, NULL);
    pthread_cond_init(&s->cond, NULL);
    s->signalled = 0;
}

static inline void ck_sync_signal(ck_sync *s) {
    pthread_mutex_lock(&s->mutex);
    s->signalled = 1;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->mutex);
}

static inline void ck_sync_wait(ck_sync *s) {
    pthread_mutex_lock(&s->mutex);
    while (!s->signalled) pthread_cond_wait(&s->cond, &s->mutex);
    pthread_mutex_unlock(&s->mutex);
}

static inline void ck_sync_destroy(ck_sync *s) {
    pthread_cond_destroy(&s->cond);
    pthread_mutex_destroy(&s->mutex);
}
#endif /* CK_NO_SYNC_HELPER */

#ifdef __cplusplus
}
#endif

#endif /* CLOUDKIT_H */
