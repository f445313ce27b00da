/* Attribute values: checking, canonical JSON and key bytes (see mem_kv_value.h). */
#include "mem_abi.h"
#include "mem_base64.h"
#include "mem_kv_number.h"
#include "mem_kv_value.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const reserved[] = {"$b64", "$bs", "$m", "$ns", "$ss", NULL};

/*
 * Where a value sits in an item, for messages ("tags[2].name"): a chain of
 * frames on the stack, spelled out only when something fails, so deep
 * values cost no text per level.
 */
typedef struct kv_path {
    const struct kv_path *parent;
    const char *name; /* NULL for a list index */
    size_t length;    /* of name */
    size_t index;
} kv_path;

/* Writes the path's text into `out`; returns the length it would have. */
static size_t path_write(const kv_path *path, char *out, size_t capacity) {
    size_t used = path->parent ? path_write(path->parent, out, capacity) : 0;
    int added;
    if (used + 1 >= capacity) return used;
    if (path->name) {
        added = snprintf(out + used, capacity - used, "%s%.*s", path->parent ? "." : "", (int)(path->length < 100 ? path->length : 100), path->name);
    } else {
        added = snprintf(out + used, capacity - used, "[%zu]", path->index);
    }
    return added < 0 ? used : used + (size_t)added;
}

/* Fails with CK_ERR_INVALID_ARGUMENT: "PATH: " and the formatted problem. */
static int fail_at(mem_error *error, const kv_path *path, const char *format, ...) MEM_PRINTF(3, 4);
static int fail_at(mem_error *error, const kv_path *path, const char *format, ...) {
    char where[240], problem[256];
    va_list arguments;
    path_write(path, where, sizeof where);
    va_start(arguments, format);
    vsnprintf(problem, sizeof problem, format, arguments);
    va_end(arguments);
    return mem_invalid(error, "%s: %s", where, problem);
}

/* Puts "PATH: " before the message of a failure that did not name its place. */
static int prefix_path(mem_error *error, const kv_path *path) {
    char problem[sizeof error->message];
    memcpy(problem, error->message, sizeof problem);
    return fail_at(error, path, "%s", problem);
}

/* The reserved name of a single-member object ("$b64", …), or NULL. */
static const char *tag_of(const json_value *value) {
    size_t index;
    if (value->kind != JSON_OBJECT || value->count != 1) return NULL;
    for (index = 0; reserved[index]; index++) {
        if (strlen(reserved[index]) == value->members[0].name_length && memcmp(reserved[index], value->members[0].name, value->members[0].name_length) == 0) {
            return reserved[index];
        }
    }
    return NULL;
}

const char *kv_type_of(const json_value *value) {
    const char *tag = tag_of(value);
    switch (value->kind) {
    case JSON_STRING: return "S";
    case JSON_NUMBER: return "N";
    case JSON_BOOL: return "BOOL";
    case JSON_NULL: return "NULL";
    case JSON_ARRAY: return "L";
    case JSON_OBJECT: break;
    }
    if (!tag || strcmp(tag, "$m") == 0) return "M";
    if (strcmp(tag, "$b64") == 0) return "B";
    return strcmp(tag, "$ss") == 0 ? "SS" : strcmp(tag, "$ns") == 0 ? "NS" : "BS";
}

/* One member of a set: its sort key (bytes, or a number) and its canonical text. */
typedef struct set_member {
    mem_buffer bytes;
    kv_number number;
    int is_number;
} set_member;

static int compare_set_members(const void *left, const void *right) {
    const set_member *a = left, *b = right;
    if (a->is_number) return kv_number_compare(&a->number, &b->number);
    return mem_bytes_compare(a->bytes.bytes, a->bytes.length, b->bytes.bytes, b->bytes.length);
}

/* Decodes base64 `value` (a string) into `out`; CK_ERR_INVALID_ARGUMENT otherwise. */
static int base64_of(const json_value *value, const kv_path *path, mem_buffer *out, mem_error *error) {
    if (mem_base64_decode(out, value->text, value->length)) return 1;
    if (out->failed) return mem_out_of_memory(error);
    return fail_at(error, path, "'%.60s' is not base64", value->text);
}

/* Reads one member of a $ss, $ns or $bs set. */
static int read_member(const json_value *element, const char *tag, const kv_path *path, set_member *member, mem_error *error) {
    if (strcmp(tag, "$ns") == 0) {
        if (element->kind != JSON_NUMBER) return fail_at(error, path, "$ns holds numbers only");
        member->is_number = 1;
        return kv_number_parse(element->text, element->length, NULL, &member->number, error) || prefix_path(error, path);
    }
    if (element->kind != JSON_STRING) return fail_at(error, path, "%s holds %s only", tag, strcmp(tag, "$ss") == 0 ? "strings" : "base64 strings");
    if (strcmp(tag, "$ss") == 0) {
        mem_buffer_append(&member->bytes, element->text, element->length);
        return !member->bytes.failed || mem_out_of_memory(error);
    }
    return base64_of(element, path, &member->bytes, error);
}

/* Writes a set, its members sorted and unique. */
static int write_set(const json_value *inner, const char *tag, const kv_path *path, mem_buffer *out, mem_error *error) {
    const char *what = strcmp(tag, "$ss") == 0 ? "string set" : strcmp(tag, "$ns") == 0 ? "number set" : "binary set";
    set_member *members;
    size_t index, made = 0;
    int ok = 1;
    if (inner->kind != JSON_ARRAY) return fail_at(error, path, "%s takes an array", tag);
    if (inner->count == 0) return fail_at(error, path, "a %s cannot be empty", what);
    members = calloc(inner->count, sizeof *members);
    if (!members) return mem_out_of_memory(error);
    for (; ok && made < inner->count; made++) ok = read_member(inner->members[made].value, tag, path, &members[made], error);
    if (ok) qsort(members, made, sizeof *members, compare_set_members);
    for (index = 1; ok && index < made; index++) {
        if (compare_set_members(&members[index - 1], &members[index]) == 0) ok = fail_at(error, path, "a %s cannot hold duplicates", what);
    }
    if (ok) {
        mem_buffer_format(out, "{\"%s\":[", tag);
        for (index = 0; index < made; index++) {
            if (index) mem_buffer_char(out, ',');
            if (members[index].is_number) kv_number_write(&members[index].number, out);
            else if (strcmp(tag, "$ss") == 0) mem_json_string(out, members[index].bytes.bytes, members[index].bytes.length);
            else {
                mem_buffer_char(out, '"');
                mem_base64_encode(out, (const uint8_t *)members[index].bytes.bytes, members[index].bytes.length);
                mem_buffer_char(out, '"');
            }
        }
        mem_buffer_text(out, "]}");
    }
    for (index = 0; index < made; index++) mem_buffer_free(&members[index].bytes);
    free(members);
    return ok;
}

static int write_value(const json_value *value, const kv_path *path, mem_buffer *out, mem_error *error);

/* Writes a map: members by name, wrapped in {"$m": …} when its one member has a reserved name. */
static int write_map(const json_value *map, const kv_path *path, mem_buffer *out, mem_error *error) {
    size_t index;
    int wrapped = tag_of(map) != NULL;
    if (wrapped) mem_buffer_text(out, "{\"$m\":");
    mem_buffer_char(out, '{');
    for (index = 0; index < map->count; index++) {
        kv_path inner;
        inner.parent = path;
        inner.name = map->members[index].name;
        inner.length = map->members[index].name_length;
        inner.index = 0;
        if (index) mem_buffer_char(out, ',');
        mem_json_string(out, map->members[index].name, map->members[index].name_length);
        mem_buffer_char(out, ':');
        if (!write_value(map->members[index].value, &inner, out, error)) return 0;
    }
    mem_buffer_char(out, '}');
    if (wrapped) mem_buffer_char(out, '}');
    return 1;
}

/* Writes a tagged value: binary, a set, or an explicit map. */
static int write_tagged(const json_value *value, const char *tag, const kv_path *path, mem_buffer *out, mem_error *error) {
    const json_value *inner = value->members[0].value;
    mem_buffer bytes;
    int ok;
    if (strcmp(tag, "$m") == 0) {
        if (inner->kind != JSON_OBJECT) return fail_at(error, path, "$m takes an object");
        return write_map(inner, path, out, error);
    }
    if (strcmp(tag, "$b64") != 0) return write_set(inner, tag, path, out, error);
    if (inner->kind != JSON_STRING) return fail_at(error, path, "$b64 takes a base64 string");
    mem_buffer_init(&bytes);
    ok = base64_of(inner, path, &bytes, error);
    if (ok) {
        mem_buffer_text(out, "{\"$b64\":\"");
        mem_base64_encode(out, (const uint8_t *)bytes.bytes, bytes.length);
        mem_buffer_text(out, "\"}");
    }
    mem_buffer_free(&bytes);
    return ok;
}

static int write_value(const json_value *value, const kv_path *path, mem_buffer *out, mem_error *error) {
    const char *tag;
    size_t index;
    kv_number number;
    switch (value->kind) {
    case JSON_STRING: mem_json_string(out, value->text, value->length); return 1;
    case JSON_BOOL: mem_buffer_text(out, value->flag ? "true" : "false"); return 1;
    case JSON_NULL: mem_buffer_text(out, "null"); return 1;
    case JSON_NUMBER:
        if (!kv_number_parse(value->text, value->length, NULL, &number, error)) return prefix_path(error, path);
        kv_number_write(&number, out);
        return 1;
    case JSON_ARRAY:
        mem_buffer_char(out, '[');
        for (index = 0; index < value->count; index++) {
            kv_path element;
            element.parent = path;
            element.name = NULL;
            element.length = 0;
            element.index = index;
            if (index) mem_buffer_char(out, ',');
            if (!write_value(value->members[index].value, &element, out, error)) return 0;
        }
        mem_buffer_char(out, ']');
        return 1;
    case JSON_OBJECT: break;
    }
    tag = tag_of(value);
    return tag ? write_tagged(value, tag, path, out, error) : write_map(value, path, out, error);
}

int kv_value_write(const json_value *value, const char *path, mem_buffer *out, mem_error *error) {
    kv_path root;
    root.parent = NULL;
    root.name = path;
    root.length = strlen(path);
    root.index = 0;
    return write_value(value, &root, out, error);
}

int kv_key_bytes(const json_value *value, char type, const char *name, mem_buffer *out, mem_error *error) {
    const char *actual = kv_type_of(value);
    size_t before = out->length;
    kv_number number;
    if (actual[0] != type || actual[1] != '\0') {
        return mem_invalid(error, "Type mismatch for key attribute '%.100s': the table declares %c, the value is %s", name, type, actual);
    }
    if (type == 'S') mem_buffer_append(out, value->text, value->length);
    else if (type == 'B') {
        const json_value *inner = value->members[0].value;
        kv_path root;
        root.parent = NULL;
        root.name = name;
        root.length = strlen(name);
        root.index = 0;
        if (inner->kind != JSON_STRING) return fail_at(error, &root, "$b64 takes a base64 string");
        if (!base64_of(inner, &root, out, error)) return 0;
    }
    else if (type == 'N') {
        if (!kv_number_parse(value->text, value->length, name, &number, error)) return 0;
        kv_number_ordered(&number, out);
    }
    if (out->failed) return mem_out_of_memory(error);
    if (out->length == before) return mem_invalid(error, "key attribute '%.100s' cannot be empty", name);
    return 1;
}
