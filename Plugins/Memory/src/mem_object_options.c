/*
 * The object options of put, copy and get (abi/README.md "Capabilities"):
 * which keys each operation takes, the `tags` syntax, and what an object
 * keeps as its properties (see mem_storage.h).
 */
#include "mem_abi.h"
#include "mem_buffer.h"
#include "mem_storage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const mem_put_defined[] = {
    "cache_control", "content_disposition", "content_encoding", "if_match", "if_none_match", "server_side_encryption",
    "sse_kms_key_id", "storage_class", "tags", NULL,
};
const char *const mem_put_accepted[] = {
    "cache_control", "content_disposition", "content_encoding", "if_match", "if_none_match", "tags", NULL,
};
const char *const mem_copy_defined[] = {
    "cache_control", "content_disposition", "content_encoding", "server_side_encryption", "sse_kms_key_id", "storage_class", "tags", NULL,
};
const char *const mem_copy_accepted[] = {"cache_control", "content_disposition", "content_encoding", "tags", NULL};
const char *const mem_get_options[] = {"if_match", "if_modified_since", "if_none_match", NULL};
const char *const mem_kept_options[] = {"cache_control", "content_disposition", "content_encoding", "tags", NULL};

/* S3's tag limits. */
#define MEM_MAX_TAGS 10
#define MEM_MAX_TAG_KEY 128
#define MEM_MAX_TAG_VALUE 256

static int invalid_tags(mem_error *error, const char *problem) {
    return mem_fail(error, CK_ERR_INVALID_ARGUMENT, "InvalidTag", "object option 'tags' %s", problem);
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Percent-decodes `length` bytes ('+' is a space) into `out`; 0 when malformed or not UTF-8. */
static int decode(const char *text, size_t length, mem_buffer *out) {
    size_t index;
    for (index = 0; index < length; index++) {
        if (text[index] == '%') {
            int high, low;
            if (index + 2 >= length) return 0;
            high = hex_value(text[index + 1]);
            low = hex_value(text[index + 2]);
            if (high < 0 || low < 0) return 0;
            mem_buffer_char(out, (char)(high * 16 + low));
            index += 2;
        } else {
            mem_buffer_char(out, text[index] == '+' ? ' ' : text[index]);
        }
    }
    return !out->failed && mem_utf8_valid((const uint8_t *)(out->bytes ? out->bytes : ""), out->length);
}

/* The number of code points in `text`, or (size_t)-1 when one is not allowed in a tag. */
static size_t tag_characters(const mem_buffer *text) {
    size_t index, count = 0;
    for (index = 0; index < text->length; index++) {
        unsigned char c = (unsigned char)text->bytes[index];
        if ((c & 0xC0) == 0x80) continue; /* continuation byte: part of a letter outside ASCII */
        count++;
        if (c >= 0x80) continue;          /* letters and digits of other scripts are allowed */
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr(" +-=._:/@", (char)c))) return (size_t)-1;
    }
    return count;
}

int mem_parse_tags(const char *text, size_t *count, mem_error *error) {
    mem_buffer keys[MEM_MAX_TAGS + 1];
    size_t tags = 0, index;
    const char *pair = text;
    int ok = 1;
    while (ok) {
        const char *end = strchr(pair, '&'), *equals;
        size_t length = end ? (size_t)(end - pair) : strlen(pair);
        mem_buffer key, value;
        size_t key_characters, value_characters;
        mem_buffer_init(&key);
        mem_buffer_init(&value);
        equals = memchr(pair, '=', length);
        if (!equals || !decode(pair, (size_t)(equals - pair), &key) || !decode(equals + 1, length - (size_t)(equals - pair) - 1, &value)) {
            ok = invalid_tags(error, "must be URL-encoded key=value pairs joined by &");
        } else if ((key_characters = tag_characters(&key)) == (size_t)-1 || (value_characters = tag_characters(&value)) == (size_t)-1) {
            ok = invalid_tags(error, "may hold only letters, digits, spaces and + - = . _ : / @");
        } else if (key_characters == 0 || key_characters > MEM_MAX_TAG_KEY) {
            ok = invalid_tags(error, "has a key that is empty or longer than 128 characters");
        } else if (value_characters > MEM_MAX_TAG_VALUE) {
            ok = invalid_tags(error, "has a value longer than 256 characters");
        } else if (tags == MEM_MAX_TAGS) {
            ok = invalid_tags(error, "has more than 10 tags");
        }
        for (index = 0; ok && index < tags; index++) {
            if (mem_bytes_compare(keys[index].bytes, keys[index].length, key.bytes, key.length) == 0) {
                ok = mem_fail(error, CK_ERR_INVALID_ARGUMENT, "InvalidTag", "object option 'tags' names the key '%.128s' twice", key.bytes);
            }
        }
        mem_buffer_free(&value);
        if (ok) keys[tags++] = key;
        else mem_buffer_free(&key);
        if (!end) break;
        pair = end + 1;
    }
    for (index = 0; index < tags; index++) mem_buffer_free(&keys[index]);
    *count = tags;
    return ok;
}

static int compare_pairs(const void *left, const void *right) {
    return strcmp(((const ck_pair *)left)->key, ((const ck_pair *)right)->key);
}

int mem_stored_properties(const ck_pair *options, size_t count, ck_pair **out, size_t *out_count, mem_error *error) {
    ck_pair *pairs = calloc(count + 2, sizeof *pairs);
    size_t index, kept, made = 0;
    if (!pairs) return mem_out_of_memory(error);
    for (kept = 0; mem_kept_options[kept]; kept++) {
        const char *value = mem_pair_value(options, count, mem_kept_options[kept]);
        if (!value) continue;
        pairs[made].key = mem_strdup(mem_kept_options[kept]);
        pairs[made].value = mem_strdup(value);
        made++;
        if (strcmp(mem_kept_options[kept], "tags") == 0) {
            size_t tags = 0;
            char number[24];
            if (!mem_parse_tags(value, &tags, error)) {
                mem_pairs_free(pairs, made);
                return 0;
            }
            snprintf(number, sizeof number, "%zu", tags);
            pairs[made].key = mem_strdup("tag_count");
            pairs[made].value = mem_strdup(number);
            made++;
        }
    }
    for (index = 0; index < made; index++) {
        if (!pairs[index].key || !pairs[index].value) {
            mem_pairs_free(pairs, made);
            return mem_out_of_memory(error);
        }
    }
    qsort(pairs, made, sizeof *pairs, compare_pairs);
    *out = pairs;
    *out_count = made;
    return 1;
}
