#include "config.h"

#include <stdlib.h>
#include <string.h>

ckl_config *ckl_config_new(const char *origin) {
    ckl_config *config = calloc(1, sizeof *config);
    if (!config) return NULL;
    config->public_config.struct_size = sizeof config->public_config;
    config->public_config.origin = ckl_strdup(&config->arena, origin);
    ckl_section top;
    memset(&top, 0, sizeof top);
    top.public_section = ckl_alloc(&config->arena, sizeof *top.public_section);
    if (top.public_section) {
        top.public_section->struct_size = sizeof *top.public_section;
        top.public_section->name = "";
        config->sections = ckl_append(&config->arena, NULL, &config->section_count, sizeof top, &top);
    }
    if (!config->public_config.origin || !config->sections) {
        ck_config_free(&config->public_config);
        return NULL;
    }
    return config;
}

int ckl_config_finish(ckl_config *config) {
    const ck_config_section **sections = ckl_alloc(&config->arena, config->section_count * sizeof *sections);
    if (!sections) return -1;
    for (size_t i = 0; i < config->section_count; i++) {
        ckl_section *section = &config->sections[i];
        section->public_section->entries = section->entries;
        section->public_section->entry_count = section->entry_count;
        sections[i] = section->public_section;
    }
    config->public_config.sections = sections;
    config->public_config.section_count = config->section_count;
    return 0;
}

void ck_config_free(ck_config *config) {
    if (!config) return;
    ckl_config *owned = (ckl_config *)config;
    ckl_arena_free(&owned->arena);
    free(owned);
}

const ck_config_section *ck_config_section_named(const ck_config *config, const char *name) {
    if (!config) return NULL;
    for (size_t i = 0; i < config->section_count; i++) {
        if (strcmp(config->sections[i]->name, name ? name : "") == 0) return config->sections[i];
    }
    return NULL;
}

const char *ck_config_get(const ck_config *config, const char *name, const char *key) {
    const ck_config_section *section = ck_config_section_named(config, name);
    if (!section || !key) return NULL;
    for (size_t i = 0; i < section->entry_count; i++) {
        if (strcmp(section->entries[i].key, key) == 0) return section->entries[i].value;
    }
    return NULL;
}
