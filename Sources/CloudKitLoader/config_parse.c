#include "config.h"
#include "config_lines.h"
#include "config_value.h"
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* What the parser knows while it reads one text. */
typedef struct ckl_parser {
    ckl_config *config;
    size_t line;
    size_t section; /* index into config->sections of the section keys go to */
    ck_loader_error *error;
} ckl_parser;

/* Fails with "ORIGIN:LINE: message". Messages name keys and sections, never values. */
static int32_t syntax(ckl_parser *parser, const char *format, ...) CKL_PRINTF(2, 3);
static int32_t syntax(ckl_parser *parser, const char *format, ...) {
    char message[512];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(message, sizeof message, format, arguments);
    va_end(arguments);
    return ckl_fail(parser->error, CK_ERR_INVALID_ARGUMENT, CKL_CONFIG_SYNTAX, "%s:%zu: %s",
                    parser->config->public_config.origin, parser->line, message);
}

static const char *skip_blanks(const char *p, const char *end) {
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    return p;
}

static int is_bare_key_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static const char *bare_key_end(const char *p, const char *end) {
    while (p < end && is_bare_key_char(*p)) p++;
    return p;
}

/* True when only blanks and a comment follow. */
static int rest_is_empty(const char *p, const char *end) {
    p = skip_blanks(p, end);
    return p == end || *p == '#';
}

static int same(const char *text, const char *name, size_t length) {
    return strlen(text) == length && memcmp(text, name, length) == 0;
}

/* The index of the section called `name`, or -1. */
static long find_section(const ckl_config *config, const char *name, size_t length) {
    for (size_t i = 0; i < config->section_count; i++) {
        if (same(config->sections[i].public_section->name, name, length)) return (long)i;
    }
    return -1;
}

/* The index of `key` in `section`, or -1. */
static long find_key(const ckl_section *section, const char *key, size_t length) {
    for (size_t i = 0; i < section->entry_count; i++) {
        if (same(section->entries[i].key, key, length)) return (long)i;
    }
    return -1;
}

/* Checks the name of a `[name]` header (the line [p, end) starts with '['); sets its bounds. */
static int32_t header_name(ckl_parser *parser, const char *p, const char *end, const char **name, size_t *length) {
    if (p + 1 < end && p[1] == '[') return syntax(parser, "arrays of tables ([[name]]) are not in cloudkit's subset of TOML");
    const char *start = skip_blanks(p + 1, end);
    const char *stop = bare_key_end(start, end);
    const char *close = skip_blanks(stop, end);
    if ((start < end && (*start == '"' || *start == '\'')) || (close < end && *close == '.')) {
        return syntax(parser, "dotted and quoted table names are not in cloudkit's subset of TOML; use [name]");
    }
    if (start == stop || close == end || *close != ']') {
        return syntax(parser, "expected a [name] header, the name being letters, digits, '-' and '_'");
    }
    if (!rest_is_empty(close + 1, end)) return syntax(parser, "unexpected text after the [%.*s] header", (int)(stop - start), start);
    *name = start;
    *length = (size_t)(stop - start);
    return CK_OK;
}

/* A `[name]` header: starts the section keys go to from here on. */
static int32_t header(ckl_parser *parser, const char *p, const char *end) {
    ckl_config *config = parser->config;
    const char *name = NULL;
    size_t length = 0;
    int32_t kind = header_name(parser, p, end, &name, &length);
    if (kind != CK_OK) return kind;
    long existing = find_section(config, name, length);
    if (existing >= 0) {
        return syntax(parser, "[%.64s] is defined twice (first at line %zu)", config->sections[existing].public_section->name,
                      config->sections[existing].public_section->line);
    }
    long clash = find_key(&config->sections[0], name, length);
    if (clash >= 0) {
        return syntax(parser, "[%.64s] names a key set at line %zu", config->sections[0].entries[clash].key,
                      config->sections[0].lines[clash]);
    }
    if (config->section_count > CKL_MAX_SECTIONS) return syntax(parser, "more than %d sections", CKL_MAX_SECTIONS);
    ckl_section section;
    memset(&section, 0, sizeof section);
    section.public_section = ckl_alloc(&config->arena, sizeof *section.public_section);
    if (!section.public_section) return ckl_no_memory(parser->error, "reading the configuration");
    section.public_section->struct_size = sizeof *section.public_section;
    section.public_section->name = ckl_strndup(&config->arena, name, length);
    section.public_section->line = parser->line;
    ckl_section *sections = section.public_section->name
        ? ckl_append(&config->arena, config->sections, &config->section_count, sizeof section, &section)
        : NULL;
    if (!sections) return ckl_no_memory(parser->error, "reading the configuration");
    config->sections = sections;
    parser->section = config->section_count - 1;
    return CK_OK;
}

/* Checks the key of a `key = value` line [p, end); sets its bounds and where the value starts. */
static int32_t key_name(ckl_parser *parser, const char *p, const char *end, size_t *length, const char **value) {
    if (*p == '"' || *p == '\'') return syntax(parser, "quoted keys are not in cloudkit's subset of TOML; use a bare key");
    const char *stop = bare_key_end(p, end);
    const char *equals = skip_blanks(stop, end);
    if (stop > p && equals < end && *equals == '.') {
        return syntax(parser, "dotted keys are not in cloudkit's subset of TOML; use a [name] section");
    }
    if (stop == p || equals == end || *equals != '=') {
        return syntax(parser, "expected key = value, the key being letters, digits, '-' and '_'");
    }
    *length = (size_t)(stop - p);
    *value = skip_blanks(equals + 1, end);
    return CK_OK;
}

/* A `key = value` line [p, end): adds the key to the current section. */
static int32_t key_value(ckl_parser *parser, const char *p, const char *end) {
    ckl_config *config = parser->config;
    ckl_section *section = &config->sections[parser->section];
    const char *cursor = NULL;
    size_t length = 0;
    int32_t kind = key_name(parser, p, end, &length, &cursor);
    if (kind != CK_OK) return kind;
    const char *where = parser->section ? section->public_section->name : "";
    long existing = find_key(section, p, length);
    if (existing >= 0) {
        return syntax(parser, "'%.64s' is set twice%s%.64s%s (first at line %zu)", section->entries[existing].key,
                      *where ? " in [" : "", where, *where ? "]" : "", section->lines[existing]);
    }
    if (section->entry_count >= CKL_MAX_KEYS) return syntax(parser, "more than %d keys in one section", CKL_MAX_KEYS);
    ck_pair entry;
    entry.key = ckl_strndup(&config->arena, p, length);
    if (!entry.key) return ckl_no_memory(parser->error, "reading the configuration");
    char *value = NULL;
    ckl_value_status status = ckl_parse_value(&cursor, end, &config->arena, &value);
    if (status == CKL_VALUE_NO_MEMORY) return ckl_no_memory(parser->error, "reading the configuration");
    if (status != CKL_VALUE_OK) return syntax(parser, "'%.64s' %s", entry.key, ckl_value_problem(status));
    if (!rest_is_empty(cursor, end)) return syntax(parser, "unexpected text after the value of '%.64s'", entry.key);
    entry.value = value;
    size_t line = parser->line;
    size_t *lines = ckl_append(&config->arena, section->lines, &section->line_count, sizeof line, &line);
    if (!lines) return ckl_no_memory(parser->error, "reading the configuration");
    section->lines = lines;
    ck_pair *entries = ckl_append(&config->arena, section->entries, &section->entry_count, sizeof entry, &entry);
    if (!entries) return ckl_no_memory(parser->error, "reading the configuration");
    section->entries = entries;
    return CK_OK;
}

static int32_t parse_lines(ckl_parser *parser, const char *text, size_t length) {
    ckl_lines lines;
    const char *start, *end;
    ckl_lines_init(&lines, text, length);
    while (ckl_lines_next(&lines, &start, &end)) {
        parser->line = lines.number;
        const char *problem = ckl_line_problem(start, end);
        if (problem) return syntax(parser, "%s", problem);
        const char *p = skip_blanks(start, end);
        if (p == end || *p == '#') continue;
        int32_t kind = *p == '[' ? header(parser, p, end) : key_value(parser, p, end);
        if (kind != CK_OK) return kind;
    }
    return CK_OK;
}

int32_t ck_config_parse(const char *text, size_t length, const char *origin, ck_config **out, ck_loader_error *error) {
    if (!out) return ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_BAD_REQUEST, "ck_config_parse: out is NULL");
    *out = NULL;
    if (!text && length) return ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_BAD_REQUEST, "ck_config_parse: text is NULL");
    ckl_parser parser;
    memset(&parser, 0, sizeof parser);
    parser.error = error;
    parser.config = ckl_config_new(origin ? origin : "configuration");
    if (!parser.config) return ckl_no_memory(error, "reading the configuration");
    int32_t kind = parse_lines(&parser, text ? text : "", length);
    if (kind == CK_OK && ckl_config_finish(parser.config) != 0) kind = ckl_no_memory(error, "reading the configuration");
    if (kind != CK_OK) {
        ck_config_free(&parser.config->public_config);
        return kind;
    }
    *out = &parser.config->public_config;
    return ckl_ok(error);
}
