/*
 * libFuzzer entry: configuration files (cloudkit.toml) through the loader's
 * parser of cloudkit's TOML subset, ck_config_parse. Any input may be
 * refused, with a ConfigSyntax error that names the line; none may crash,
 * leak or read out of bounds, and what is accepted must read back whole:
 * every section and key findable, each key once per section.
 */
#include "cloudkit_loader.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every entry of `config` is found again by name, and no key is there twice. */
static void check_accepted(const ck_config *config) {
    size_t i, j, k;
    if (config->section_count == 0 || config->sections[0]->name[0] != '\0') __builtin_trap();
    for (i = 0; i < config->section_count; i++) {
        const ck_config_section *section = config->sections[i];
        if (ck_config_section_named(config, section->name) != section) __builtin_trap();
        for (j = 0; j < section->entry_count; j++) {
            const ck_pair *entry = &section->entries[j];
            if (ck_config_get(config, section->name, entry->key) != entry->value) __builtin_trap();
            for (k = 0; k < j; k++) {
                if (strcmp(section->entries[k].key, entry->key) == 0) __builtin_trap();
            }
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    ck_loader_error error = CK_LOADER_ERROR_INIT;
    ck_config *config = NULL;
    if (ck_config_parse((const char *)data, size, "fuzz", &config, &error) == CK_OK) {
        check_accepted(config);
        ck_config_free(config);
    } else if (config != NULL || strcmp(error.code, "ConfigSyntax") != 0 || strncmp(error.message, "fuzz:", 5) != 0) {
        __builtin_trap();
    }
    return 0;
}
