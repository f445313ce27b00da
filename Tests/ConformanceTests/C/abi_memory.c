/*
 * The memory provider from a C host (abi/cloudkit.h alone), for what the
 * Swift conformance suites cannot reach: bodies streamed through read and
 * write callbacks in chunks, read callbacks that give too few or too many
 * bytes or abort, files in and out, max_object_size, MD5 ETags, stored
 * options, listings rolled up by a delimiter a page at a time, out-of-range
 * list requests, key-value values in canonical form, exact number
 * addition, query pages and their tokens, and the growth rules on a
 * key-value request. Built with -std=c99 -Wall -Wextra -Werror -pedantic
 * and run under AddressSanitizer and UndefinedBehaviorSanitizer.
 *
 * usage: abi_memory LIBRARY
 * exit status 0 when every step behaved as expected.
 */
#include "test_host.h"

#include <stddef.h>
#include <unistd.h>

static const ck_provider *p;
static ck_client *c;

#define CHECK(condition, ...) do { if (!(condition)) { fprintf(stderr, __VA_ARGS__); fprintf(stderr, "\n"); return 0; } } while (0)

/* Waits for the call `r` was handed to; the kind it completed with. */
static int32_t finish(result *r) {
    ck_sync_wait(&r->sync);
    ck_sync_destroy(&r->sync);
    return r->kind;
}

static void on_info(void *user_data, const ck_status *status, const ck_object_info *info) {
    result *r = user_data;
    size_t i;
    copy_status(r, status);
    if (info && info->etag) strncpy(r->text, info->etag, sizeof r->text - 1);
    for (i = 0; info && CK_HAS_MEMBER(info, ck_object_info, property_count) && i < info->property_count; i++) {
        size_t used = strlen(r->text);
        snprintf(r->text + used, sizeof r->text - used, " %s=%s", info->properties[i].key, info->properties[i].value);
    }
    ck_sync_signal(&r->sync);
}

static void on_get(void *user_data, const ck_status *status, const ck_object_info *info, const uint8_t *data, size_t length) {
    result *r = user_data;
    copy_status(r, status);
    (void)info;
    r->count = length;
    if (data && length < sizeof r->text) memcpy(r->text, data, length);
    ck_sync_signal(&r->sync);
}

/* Keeps a listing as "key key prefix/ … |token" in r->text. */
static void on_list(void *user_data, const ck_status *status, const ck_list_objects_result *listing) {
    result *r = user_data;
    size_t i;
    copy_status(r, status);
    for (i = 0; listing && i < listing->object_count; i++) strcat(strcat(r->text, listing->objects[i]->key), " ");
    for (i = 0; listing && i < listing->common_prefix_count; i++) strcat(strcat(r->text, listing->common_prefixes[i]), " ");
    if (listing && listing->next_page_token) strcat(strcat(r->text, "|"), listing->next_page_token);
    ck_sync_signal(&r->sync);
}

static void on_item(void *user_data, const ck_status *status, const char *item_json) {
    result *r = user_data;
    copy_status(r, status);
    if (item_json) strncpy(r->text, item_json, sizeof r->text - 1);
    ck_sync_signal(&r->sync);
}

/* Keeps "item\nitem\n…|token". */
static void on_items(void *user_data, const ck_status *status, const char *const *items, size_t count, const char *token) {
    result *r = user_data;
    size_t i;
    copy_status(r, status);
    for (i = 0; i < count; i++) strcat(strcat(r->text, items[i]), "\n");
    if (token) strcat(strcat(r->text, "|"), token);
    r->count = count;
    ck_sync_signal(&r->sync);
}

static void on_resources(void *user_data, const ck_status *status, const ck_resource *const *resources, size_t count, const char *token) {
    result *r = user_data;
    (void)resources;
    (void)token;
    copy_status(r, status);
    r->count = count;
    ck_sync_signal(&r->sync);
}

/* A body handed out by a read callback: `length` bytes of a pattern, at most `chunk` a call. */
typedef struct body {
    size_t length, given, chunk, calls;
    int lie;           /* 1: answer one byte more than asked; 2: abort (-1) */
    int64_t progress;  /* the last progress reported */
} body;

static uint8_t pattern(size_t index) { return (uint8_t)(index * 31 + 7); }

static int64_t read_body(void *context, uint8_t *buffer, size_t capacity) {
    body *b = context;
    size_t take = b->length - b->given, index;
    b->calls++;
    if (b->lie == 1) return (int64_t)capacity + 1;
    if (b->lie == 2) return -1;
    if (take > b->chunk) take = b->chunk;
    if (take > capacity) take = capacity;
    for (index = 0; index < take; index++) buffer[index] = pattern(b->given + index);
    b->given += take;
    return (int64_t)take;
}

static void on_progress(void *context, int64_t done, int64_t total) {
    body *b = context;
    (void)total;
    b->progress = done;
}

/* Collects a body a write callback receives, checking it against the pattern. */
typedef struct sink {
    size_t received, calls, wrong;
} sink;

static int32_t write_body(void *context, const uint8_t *data, size_t length) {
    sink *s = context;
    size_t index;
    for (index = 0; index < length; index++) s->wrong += data[index] != pattern(s->received + index);
    s->received += length;
    s->calls++;
    return 0;
}

/* Puts `b` through the read callback as bucket/key with `content_length`; the kind it completes with. */
static int32_t put_stream(ck_client *client, const char *bucket, const char *key, body *b, int64_t content_length) {
    ck_put_object_request put;
    result r;
    memset(&put, 0, sizeof put);
    put.struct_size = sizeof put;
    put.bucket = bucket;
    put.key = key;
    put.read = read_body;
    put.read_context = b;
    put.content_length = content_length;
    put.progress = on_progress;
    put.progress_context = b;
    result_init(&r);
    p->storage->put_object(client, &put, on_info, &r);
    return finish(&r);
}

static int32_t put_bytes(const char *bucket, const char *key, const char *text, const ck_pair *options, size_t option_count, result *r) {
    ck_put_object_request put;
    memset(&put, 0, sizeof put);
    put.struct_size = sizeof put;
    put.bucket = bucket;
    put.key = key;
    put.data = (const uint8_t *)text;
    put.data_length = strlen(text);
    put.options = options;
    put.option_count = option_count;
    result_init(r);
    p->storage->put_object(c, &put, on_info, r);
    return finish(r);
}

static int32_t head(const char *bucket, const char *key, result *r) {
    result_init(r);
    p->storage->head_object(c, bucket, key, on_info, r);
    return finish(r);
}

static int32_t simple(void (*entry)(ck_client *, const char *, ck_done_fn, void *), const char *name) {
    result r;
    result_init(&r);
    entry(c, name, on_done, &r);
    return finish(&r);
}

/* Streams in and out in chunks, with progress; ETags are MD5; lying and aborting readers store nothing. */
static int streams(void) {
    body b = {3 * 1024 * 1024 + 5, 0, 70000, 0, 0, 0}, lie;
    sink s = {0, 0, 0};
    ck_get_object_request get;
    result r;
    CHECK(put_stream(c, "streams", "big", &b, (int64_t)b.length) == CK_OK, "streamed put failed");
    CHECK(b.calls > 40 && b.progress == (int64_t)b.length, "the reader was called %zu times, progress %lld", b.calls, (long long)b.progress);
    memset(&get, 0, sizeof get);
    get.struct_size = sizeof get;
    get.bucket = "streams";
    get.key = "big";
    get.write = write_body;
    get.write_context = &s;
    result_init(&r);
    p->storage->get_object(c, &get, on_get, &r);
    CHECK(expect_ok("streamed get", &r), "streamed get failed");
    CHECK(s.received == b.length && s.wrong == 0 && s.calls >= 4 && r.count == 0, "the writer got %zu bytes in %zu calls, %zu wrong", s.received,
          s.calls, s.wrong);
    CHECK(put_bytes("streams", "hello", "hello", NULL, 0, &r) == CK_OK, "put hello");
    CHECK(strcmp(r.text, "\"5d41402abc4b2a76b9719d911017c592\"") == 0, "the ETag of 'hello' is %s, not its MD5", r.text);
    lie = b;
    lie.given = 0;
    lie.length = 5;
    CHECK(put_stream(c, "streams", "short", &lie, 10) == CK_ERR_INVALID_ARGUMENT, "a body shorter than its content length was stored");
    lie.given = 0;
    lie.length = 11;
    CHECK(put_stream(c, "streams", "long", &lie, 10) == CK_ERR_INVALID_ARGUMENT, "a body longer than its content length was stored");
    lie.given = 0;
    lie.lie = 1;
    CHECK(put_stream(c, "streams", "over", &lie, 10) == CK_ERR_INVALID_ARGUMENT, "a reader answering more than asked was believed");
    lie.lie = 2;
    CHECK(put_stream(c, "streams", "abort", &lie, 10) == CK_ERR_CANCELLED, "a reader returning -1 did not cancel");
    lie.lie = 0;
    lie.given = 0;
    CHECK(put_stream(c, "streams", "negative", &lie, -1) == CK_ERR_INVALID_ARGUMENT, "a negative content length was taken");
    CHECK(head("streams", "short", &r) == CK_ERR_NOT_FOUND && head("streams", "long", &r) == CK_ERR_NOT_FOUND
              && head("streams", "over", &r) == CK_ERR_NOT_FOUND && head("streams", "abort", &r) == CK_ERR_NOT_FOUND,
          "a failed put left an object");
    return 1;
}

/* A file goes in and comes out whole; a missing file or folder is refused. */
static int files(void) {
    char folder[] = "/tmp/ck-memory-XXXXXX", in[64], out[64];
    const char *text = "bytes from a file";
    ck_put_object_request put;
    ck_get_object_request get;
    FILE *file;
    result r;
    CHECK(mkdtemp(folder) != NULL, "mkdtemp failed");
    snprintf(in, sizeof in, "%s/in", folder);
    snprintf(out, sizeof out, "%s/out", folder);
    file = fopen(in, "w");
    CHECK(file && fputs(text, file) >= 0 && fclose(file) == 0, "cannot write %s", in);
    memset(&put, 0, sizeof put);
    put.struct_size = sizeof put;
    put.bucket = "files";
    put.key = "from-file";
    put.file_path = in;
    result_init(&r);
    p->storage->put_object(c, &put, on_info, &r);
    CHECK(expect_ok("put from a file", &r), "put from a file failed");
    memset(&get, 0, sizeof get);
    get.struct_size = sizeof get;
    get.bucket = "files";
    get.key = "from-file";
    get.file_path = out;
    result_init(&r);
    p->storage->get_object(c, &get, on_get, &r);
    CHECK(expect_ok("get to a file", &r), "get to a file failed");
    file = fopen(out, "r");
    memset(r.text, 0, sizeof r.text);
    CHECK(file && fgets(r.text, sizeof r.text, file) && fclose(file) == 0 && strcmp(r.text, text) == 0, "the file holds '%s'", r.text);
    get.file_path = "/nonexistent-ck-folder/out";
    result_init(&r);
    p->storage->get_object(c, &get, on_get, &r);
    CHECK(expect_kind("get into a missing folder", &r, CK_ERR_INVALID_ARGUMENT), "get into a missing folder");
    put.file_path = "/nonexistent-ck-folder/in";
    result_init(&r);
    p->storage->put_object(c, &put, on_info, &r);
    CHECK(expect_kind("put from a missing file", &r, CK_ERR_NOT_FOUND), "put from a missing file");
    unlink(in);
    unlink(out);
    rmdir(folder);
    return 1;
}

/* A client opened with max_object_size refuses larger bodies before reading them. */
static int size_limit(void) {
    ck_pair option = {"max_object_size", "16"}, bad = {"max_object_size", "lots"};
    body b = {17, 0, 17, 0, 0, 0};
    ck_client *small;
    result r;
    result_init(&r);
    p->client_open(&bad, 1, on_open, &r);
    CHECK(expect_kind("max_object_size=lots", &r, CK_ERR_INVALID_ARGUMENT), "a bad max_object_size was taken");
    result_init(&r);
    p->client_open(&option, 1, on_open, &r);
    CHECK(expect_ok("client_open max_object_size=16", &r), "client_open failed");
    small = r.client;
    result_init(&r);
    p->storage->create_bucket(small, "small", on_done, &r);
    CHECK(expect_ok("create_bucket", &r), "create_bucket failed");
    CHECK(put_stream(small, "small", "k", &b, 17) == CK_ERR_INVALID_ARGUMENT && b.calls == 0, "17 bytes went into a 16-byte client");
    b.length = 16;
    CHECK(put_stream(small, "small", "k", &b, 16) == CK_OK, "16 bytes did not");
    p->client_close(small);
    return 1;
}

/* Stored options come back as properties; what the provider cannot keep is unsupported, the unknown invalid. */
static int options(void) {
    ck_pair kept[2] = {{"cache_control", "max-age=60"}, {"tags", "team=core&tier=1"}};
    ck_pair refused = {"storage_class", "GLACIER"}, unknown = {"colour", "red"}, tags = {"tags", "a=1&a=2"}, absent = {"if_none_match", "*"};
    result r;
    CHECK(put_bytes("options", "k", "x", kept, 2, &r) == CK_OK, "put with options failed");
    CHECK(head("options", "k", &r) == CK_OK && strstr(r.text, " cache_control=max-age=60") && strstr(r.text, " tag_count=2"),
          "head shows: %s", r.text);
    CHECK(put_bytes("options", "k", "x", &refused, 1, &r) == CK_ERR_UNSUPPORTED && strstr(r.message, "storage_class"), "storage_class: %s", r.message);
    CHECK(put_bytes("options", "k", "x", &unknown, 1, &r) == CK_ERR_INVALID_ARGUMENT && strstr(r.message, "colour"), "colour: %s", r.message);
    CHECK(put_bytes("options", "k", "x", &tags, 1, &r) == CK_ERR_INVALID_ARGUMENT, "a tag given twice was taken");
    CHECK(put_bytes("options", "k", "y", &absent, 1, &r) == CK_ERR_PRECONDITION_FAILED, "if_none_match * replaced an object");
    return 1;
}

/* Lists `prefix` with delimiter "/" a page of `max_keys` at a time; the entries joined. */
static int list_all(const char *delimiter, int32_t max_keys, char *joined, size_t capacity) {
    char token[512] = "";
    int pages = 0;
    joined[0] = '\0';
    do {
        ck_list_objects_request list;
        result r;
        char *bar;
        memset(&list, 0, sizeof list);
        list.struct_size = sizeof list;
        list.bucket = "listing";
        list.delimiter = delimiter;
        list.max_keys = max_keys;
        list.page_token = token[0] ? token : NULL;
        result_init(&r);
        p->storage->list_objects(c, &list, on_list, &r);
        if (!expect_ok("list_objects", &r)) return -1;
        bar = strchr(r.text, '|');
        token[0] = '\0';
        if (bar) {
            strncpy(token, bar + 1, sizeof token - 1);
            *bar = '\0';
        }
        if (strlen(joined) + strlen(r.text) < capacity) strcat(joined, r.text);
        pages++;
    } while (token[0] && pages < 20);
    return pages;
}

/* Delimiters roll keys up a page at a time; out-of-range sizes and forged tokens are refused. */
static int listings(void) {
    const char *keys[] = {"a/1", "a/2", "b", "c/x/y", "c/z", "d"};
    char joined[512];
    ck_list_objects_request list;
    ck_list_request buckets;
    result r;
    size_t i;
    int pages;
    for (i = 0; i < sizeof keys / sizeof *keys; i++) CHECK(put_bytes("listing", keys[i], "x", NULL, 0, &r) == CK_OK, "put %s", keys[i]);
    pages = list_all("/", 1, joined, sizeof joined);
    CHECK(pages == 4 && strcmp(joined, "a/ b c/ d ") == 0, "pages of one with '/': %d, %s", pages, joined);
    pages = list_all(NULL, 4, joined, sizeof joined);
    CHECK(pages == 2 && strcmp(joined, "a/1 a/2 b c/x/y c/z d ") == 0, "pages of four: %d, %s", pages, joined);
    memset(&list, 0, sizeof list);
    list.struct_size = sizeof list;
    list.bucket = "listing";
    list.max_keys = 1001;
    result_init(&r);
    p->storage->list_objects(c, &list, on_list, &r);
    CHECK(expect_kind("max_keys 1001", &r, CK_ERR_INVALID_ARGUMENT), "max_keys 1001");
    list.max_keys = 0;
    list.page_token = "Zm9yZ2Vk";
    result_init(&r);
    p->storage->list_objects(c, &list, on_list, &r);
    CHECK(expect_kind("a forged token", &r, CK_ERR_INVALID_ARGUMENT), "a forged token");
    memset(&buckets, 0, sizeof buckets);
    buckets.struct_size = sizeof buckets;
    buckets.max_items = 5000;
    result_init(&r);
    p->storage->list_buckets(c, &buckets, on_resources, &r);
    CHECK(expect_kind("list_buckets max_items 5000", &r, CK_ERR_INVALID_ARGUMENT), "list_buckets max_items 5000");
    buckets.max_items = 0;
    buckets.page_token = "ck1.dDpvdGhlcg";  /* a token of the table listing */
    result_init(&r);
    p->storage->list_buckets(c, &buckets, on_resources, &r);
    CHECK(expect_kind("a table token for buckets", &r, CK_ERR_INVALID_ARGUMENT), "a table token for buckets");
    return 1;
}

static int32_t put_item(const char *item, result *r) {
    ck_kv_write_request request;
    memset(&request, 0, sizeof request);
    request.struct_size = sizeof request;
    request.table = "ck-memory-items";
    request.item_json = item;
    result_init(r);
    p->kv->put_item(c, &request, on_done, r);
    return finish(r);
}

static int32_t get_item(const char *key, result *r) {
    ck_kv_get_request request;
    memset(&request, 0, sizeof request);
    request.struct_size = sizeof request;
    request.table = "ck-memory-items";
    request.key_json = key;
    result_init(r);
    p->kv->get_item(c, &request, on_item, r);
    return finish(r);
}

static int32_t add(const char *key, const char *amounts, result *r) {
    ck_kv_update_request request;
    memset(&request, 0, sizeof request);
    request.struct_size = sizeof request;
    request.table = "ck-memory-items";
    request.key_json = key;
    request.add_json = amounts;
    result_init(r);
    p->kv->update_item(c, &request, on_item, r);
    return finish(r);
}

static int32_t query(const char *partition, int32_t limit, const char *token, result *r) {
    ck_kv_query_request request;
    memset(&request, 0, sizeof request);
    request.struct_size = sizeof request;
    request.table = "ck-memory-items";
    request.partition_json = partition;
    request.limit = limit;
    request.page_token = token;
    result_init(r);
    p->kv->query(c, &request, on_items, r);
    return finish(r);
}

/* Values are kept in canonical form; numbers add exactly and refuse a 39th digit. */
static int canonical_values(void) {
    result r;
    CHECK(put_item("{\"sk\":1e0,\"pk\":\"v\",\"n\":12.50,\"s\":{\"$ss\":[\"b\",\"a\"]},\"ns\":{\"$ns\":[10,-2.50,3]},\"b\":{\"$b64\":\"AAE=\"},"
                   "\"m\":{\"$m\":{\"$b64\":\"x\"}},\"t\":\"tab\\tquote\\\"\"}", &r) == CK_OK, "put: %s", r.message);
    CHECK(get_item("{\"pk\":\"v\",\"sk\":1.000}", &r) == CK_OK, "get: %s", r.message);
    CHECK(strcmp(r.text, "{\"b\":{\"$b64\":\"AAE=\"},\"m\":{\"$m\":{\"$b64\":\"x\"}},\"n\":12.5,\"ns\":{\"$ns\":[-2.5,3,10]},\"pk\":\"v\","
                         "\"s\":{\"$ss\":[\"a\",\"b\"]},\"sk\":1,\"t\":\"tab\\tquote\\\"\"}") == 0, "stored as %s", r.text);
    CHECK(put_item("{\"pk\":\"v\",\"sk\":2,\"s\":{\"$ss\":[\"a\",\"a\"]}}", &r) == CK_ERR_INVALID_ARGUMENT, "a set with a duplicate was taken");
    CHECK(put_item("{\"pk\":\"v\",\"sk\":2,\"n\":123456789012345678901234567890123456789}", &r) == CK_ERR_INVALID_ARGUMENT, "39 digits were taken");
    CHECK(put_item("{\"pk\":\"v\",\"sk\":2,\"n\":1e126}", &r) == CK_ERR_INVALID_ARGUMENT, "1e126 was taken");
    CHECK(add("{\"pk\":\"v\",\"sk\":3}", "{\"n\":99999999999999999999999999999999999999}", &r) == CK_OK, "add 38 nines: %s", r.message);
    CHECK(add("{\"pk\":\"v\",\"sk\":3}", "{\"n\":0.1}", &r) == CK_ERR_INVALID_ARGUMENT, "a sum of 39 digits was taken");
    CHECK(add("{\"pk\":\"v\",\"sk\":3}", "{\"n\":-99999999999999999999999999999999999999}", &r) == CK_OK
              && strstr(r.text, "\"n\":0,"), "a sum came out as %s", r.text);
    CHECK(add("{\"pk\":\"v\",\"sk\":3}", "{\"n\":-0.5}", &r) == CK_OK && strstr(r.text, "\"n\":-0.5,"), "a sum came out as %s", r.text);
    CHECK(add("{\"pk\":\"v\",\"sk\":3}", "{\"n\":\"text\"}", &r) == CK_ERR_INVALID_ARGUMENT, "a string was added");
    return 1;
}

/* Query pages carry tokens that resume after the last key; a token of another partition, or a forged one, is refused. */
static int query_pages(void) {
    char token[256];
    result r;
    int i;
    for (i = 0; i < 5; i++) {
        char item[64];
        snprintf(item, sizeof item, "{\"pk\":\"q\",\"sk\":%d}", i * 10);
        CHECK(put_item(item, &r) == CK_OK, "put %s", item);
    }
    CHECK(query("\"q\"", 2, NULL, &r) == CK_OK && r.count == 2 && strchr(r.text, '|'), "first page: %s", r.text);
    strncpy(token, strchr(r.text, '|') + 1, sizeof token - 1);
    token[sizeof token - 1] = '\0';
    CHECK(query("\"q\"", 2, token, &r) == CK_OK && strncmp(r.text, "{\"pk\":\"q\",\"sk\":20}\n{\"pk\":\"q\",\"sk\":30}\n|", 38) == 0,
          "second page: %s", r.text);
    CHECK(query("\"v\"", 2, token, &r) == CK_ERR_INVALID_ARGUMENT, "a token of another partition was taken");
    CHECK(query("\"q\"", 2, "garbage!", &r) == CK_ERR_INVALID_ARGUMENT, "a forged token was taken");
    CHECK(query("\"q\"", 1001, NULL, &r) == CK_ERR_INVALID_ARGUMENT, "a limit of 1001 was taken");
    CHECK(query("1", 0, NULL, &r) == CK_ERR_INVALID_ARGUMENT, "a number partition for a string key was taken");
    return 1;
}

/* A key-value request of the 1.0 size is served; one setting a member this side does not know is unsupported. */
static int kv_growth(void) {
    struct {
        ck_kv_write_request request;
        unsigned char tail[16];
    } padded;
    result r;
    memset(&padded, 0, sizeof padded);
    padded.request.struct_size = offsetof(ck_kv_write_request, condition) + sizeof(void *);
    padded.request.table = "ck-memory-items";
    padded.request.item_json = "{\"pk\":\"g\",\"sk\":1}";
    result_init(&r);
    p->kv->put_item(c, &padded.request, on_done, &r);
    CHECK(expect_ok("put_item of the 1.0 size", &r), "put_item of the 1.0 size");
    padded.request.struct_size = sizeof padded;
    padded.tail[5] = 1;
    result_init(&r);
    p->kv->put_item(c, &padded.request, on_done, &r);
    CHECK(expect_kind("put_item with an unknown member", &r, CK_ERR_UNSUPPORTED) && strstr(r.message, "ck_kv_write_request"), "%s", r.message);
    return 1;
}

int main(int argc, char **argv) {
    const char *buckets[] = {"streams", "files", "options", "listing"};
    ck_kv_table_spec spec;
    result r;
    size_t i;
    int ok;
    if (argc < 2) {
        fprintf(stderr, "usage: %s LIBRARY\n", argv[0]);
        return 2;
    }
    c = open_client(argv[1], argc, argv, 2, &p);
    if (!c || !p->storage || !p->kv) return 1;
    for (i = 0; i < sizeof buckets / sizeof *buckets; i++) {
        result_init(&r);
        p->storage->create_bucket(c, buckets[i], on_done, &r);
        if (!expect_ok("create_bucket", &r)) return 1;
    }
    memset(&spec, 0, sizeof spec);
    spec.struct_size = sizeof spec;
    spec.table = "ck-memory-items";
    spec.partition_key = "pk";
    spec.sort_key = "sk";
    spec.sort_key_type = "N";
    result_init(&r);
    p->kv->create_table(c, &spec, on_done, &r);
    if (!expect_ok("create_table", &r)) return 1;
    ok = streams() && files() && size_limit() && options() && listings() && canonical_values() && query_pages() && kv_growth();
    ok = ok && simple(p->storage->delete_bucket, "listing") == CK_ERR_PRECONDITION_FAILED;
    ok = ok && simple(p->kv->delete_table, "ck-memory-items") == CK_OK && simple(p->kv->delete_table, "ck-memory-items") == CK_ERR_NOT_FOUND;
    p->client_close(c);
    printf(ok ? "ok\n" : "FAILED\n");
    return ok ? 0 : 1;
}
