/* dladdr is a GNU extension of <dlfcn.h>. */
#define _GNU_SOURCE
#include "search.h"

#include "choose.h"
#include "error.h"
#include "paths.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends a copy of `length` bytes of `folder` to the list; -1 when memory is out. */
static int add_folder(ckl_arena *arena, const char ***folders, size_t *count, const char *folder, size_t length) {
    const char *copy = ckl_strndup(arena, folder, length);
    const char **grown = copy ? ckl_append(arena, (void *)*folders, count, sizeof copy, &copy) : NULL;
    if (!grown) return -1;
    *folders = grown;
    return 0;
}

/* Any object of this library, to ask the dynamic loader which file holds it. */
static const char ckl_anchor = 0;

/* The folder `cloudkit` beside the shared library this code is part of, so
 * that an installed libcloudkit-loader.so (PREFIX/lib) finds the providers
 * installed with it (PREFIX/lib/cloudkit) whatever the host's own folder;
 * NULL when this code is linked into an executable (the Swift host). */
static const char *beside_loader(ckl_arena *arena) {
    Dl_info info;
    if (!dladdr(&ckl_anchor, &info) || !info.dli_fname) return NULL;
    const char *base = strrchr(info.dli_fname, '/');
    if (!base || !strstr(base, ".so")) return NULL;
    const char *parent = ckl_parent(arena, info.dli_fname);
    return parent ? ckl_join(arena, parent, "cloudkit") : NULL;
}

/* Whether `folder` is already among the first `count` of `folders`. */
static int listed(const char **folders, size_t count, const char *folder) {
    for (size_t i = 0; i < count; i++) {
        if (strcmp(folders[i], folder) == 0) return 1;
    }
    return 0;
}

int ckl_search_directories(const ckl_request *request, ckl_arena *arena, const char ***directories, size_t *count) {
    *directories = NULL;
    *count = 0;
    const char *plugin_path = ckl_env(request, "CLOUDKIT_PLUGIN_PATH");
    for (const char *p = plugin_path; p && *p;) {
        const char *colon = strchr(p, ':');
        size_t length = colon ? (size_t)(colon - p) : strlen(p);
        if (length && add_folder(arena, directories, count, p, length) != 0) return -1;
        p = colon ? colon + 1 : p + length;
    }
    const char *executable = request->executable_directory;
    if (executable) {
        const char *parent = ckl_parent(arena, executable);
        const char *installed = parent ? ckl_join(arena, parent, "lib/cloudkit") : NULL;
        if (!installed || add_folder(arena, directories, count, executable, strlen(executable)) != 0 ||
            add_folder(arena, directories, count, installed, strlen(installed)) != 0) {
            return -1;
        }
    }
    const char *beside = beside_loader(arena);
    if (beside && !listed(*directories, *count, beside) && add_folder(arena, directories, count, beside, strlen(beside)) != 0) return -1;
    const char *system = "/usr/local/lib/cloudkit";
    if (listed(*directories, *count, system)) return 0;
    return add_folder(arena, directories, count, system, strlen(system));
}

/* True when `name` is a provider name: letters, digits, '-' and '_'. */
static int is_name(const char *name) {
    if (!*name) return 0;
    for (const char *p = name; *p; p++) {
        char c = *p;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return 0;
    }
    return 1;
}

/* "provider 'NAME'" and, unless the caller named it, who chose it. */
static void describe(ckl_text *text, const char *name, const char *source) {
    ckl_text_add(text, "provider '%.128s'", name);
    if (strcmp(source, "default") == 0) ckl_text_add(text, " (the default)");
    else if (strcmp(source, "argument") != 0) ckl_text_add(text, " (chosen by %s)", source);
}

int32_t ckl_locate(const ckl_request *request, const char *name_or_path, const char *source, ckl_arena *arena,
                   const char **path, ck_loader_error *error) {
    ckl_text text;
    ckl_text_init(&text);
    if (strchr(name_or_path, '/')) {
        if (ckl_exists(name_or_path)) {
            *path = name_or_path;
            return CK_OK;
        }
        describe(&text, name_or_path, source);
        return ckl_fail(error, CK_ERR_NOT_FOUND, CKL_PROVIDER_NOT_FOUND, "%s: library %s does not exist", text.data, name_or_path);
    }
    if (!is_name(name_or_path)) {
        return ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_BAD_REQUEST,
                        "'%.128s' is not a provider name (letters, digits, '-' and '_') or a library path (containing '/')",
                        name_or_path);
    }
    const char *prefix = "libcloudkit-", *suffix = ".so";
    size_t file_length = strlen(prefix) + strlen(name_or_path) + strlen(suffix) + 1;
    char *file = ckl_alloc(arena, file_length);
    const char **folders;
    size_t count;
    if (!file || ckl_search_directories(request, arena, &folders, &count) != 0) return ckl_no_memory(error, "finding the provider");
    snprintf(file, file_length, "%s%s%s", prefix, name_or_path, suffix);
    for (size_t i = 0; i < count; i++) {
        const char *candidate = ckl_join(arena, folders[i], file);
        if (!candidate) return ckl_no_memory(error, "finding the provider");
        if (ckl_exists(candidate)) {
            *path = candidate;
            return CK_OK;
        }
    }
    describe(&text, name_or_path, source);
    ckl_text_add(&text, " not found: no %s in ", file);
    for (size_t i = 0; i < count; i++) ckl_text_add(&text, "%s%s", i ? ", " : "", folders[i]);
    if (!ckl_env_set(request, "CLOUDKIT_PLUGIN_PATH")) ckl_text_add(&text, "; set CLOUDKIT_PLUGIN_PATH to the folder that holds it");
    return ckl_fail(error, CK_ERR_NOT_FOUND, CKL_PROVIDER_NOT_FOUND, "%s", text.data);
}

int32_t ck_loader_locate(const ck_loader_request *request, const char *name_or_path, char *path, size_t path_size,
                         ck_loader_error *error) {
    if (!path || path_size == 0) return ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_BAD_REQUEST, "ck_loader_locate: no path buffer");
    path[0] = '\0';
    int32_t kind;
    ckl_request *read = ckl_request_new(request, &kind, error);
    if (!read) return kind;
    ckl_arena arena = {0};
    ck_loader_choice *choice = NULL;
    if (!name_or_path) kind = ckl_choose(read, &choice, error);
    const char *found = NULL;
    if (kind == CK_OK) {
        kind = ckl_locate(read, choice ? choice->provider : name_or_path, choice ? choice->source : "argument", &arena,
                          &found, error);
    }
    if (kind == CK_OK && strlen(found) >= path_size) {
        kind = ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_BAD_REQUEST, "ck_loader_locate: %s needs %zu bytes, not %zu",
                        found, strlen(found) + 1, path_size);
    }
    if (kind == CK_OK) memcpy(path, found, strlen(found) + 1);
    ck_loader_choice_free(choice);
    ckl_arena_free(&arena);
    free(read);
    return kind == CK_OK ? ckl_ok(error) : kind;
}
