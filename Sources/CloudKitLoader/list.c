#define _POSIX_C_SOURCE 200809L
#include "error.h"
#include "paths.h"
#include "search.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

typedef struct ckl_search {
    ck_loader_search public_search; /* first: a ck_loader_search * is a ckl_search * */
    ckl_arena arena;
    const ck_loader_found **found;
} ckl_search;

/* The NAME of a file called libcloudkit-NAME.so (the loader's own library excluded), or NULL. */
static const char *provider_name(ckl_arena *arena, const char *file) {
    const char *prefix = "libcloudkit-", *suffix = ".so";
    size_t length = strlen(file), prefix_length = strlen(prefix), suffix_length = strlen(suffix);
    if (length <= prefix_length + suffix_length || strncmp(file, prefix, prefix_length) != 0 ||
        strcmp(file + length - suffix_length, suffix) != 0) {
        return NULL;
    }
    size_t name_length = length - prefix_length - suffix_length;
    if (name_length == strlen("loader") && strncmp(file + prefix_length, "loader", name_length) == 0) return NULL;
    return ckl_strndup(arena, file + prefix_length, name_length);
}

static int seen(const ckl_search *search, const char *name) {
    for (size_t i = 0; i < search->public_search.found_count; i++) {
        if (strcmp(search->found[i]->name, name) == 0) return 1;
    }
    return 0;
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds the providers in `folder` not found before, in file name order; -1 when memory is out. */
static int scan(ckl_search *search, const char *folder) {
    DIR *directory = opendir(folder);
    if (!directory) return 0;
    const char **files = NULL;
    size_t count = 0;
    int failed = 0;
    struct dirent *entry;
    while (!failed && (entry = readdir(directory)) != NULL) {
        const char *file = ckl_strdup(&search->arena, entry->d_name);
        const char **grown = file ? ckl_append(&search->arena, files, &count, sizeof file, &file) : NULL;
        failed = grown == NULL;
        if (grown) files = grown;
    }
    closedir(directory);
    if (failed) return -1;
    if (count) qsort(files, count, sizeof *files, by_name);
    for (size_t i = 0; i < count; i++) {
        const char *name = provider_name(&search->arena, files[i]);
        if (!name || seen(search, name)) continue;
        ck_loader_found *found = ckl_alloc(&search->arena, sizeof *found);
        if (!found) return -1;
        found->struct_size = sizeof *found;
        found->name = name;
        found->path = ckl_join(&search->arena, folder, files[i]);
        const ck_loader_found **grown = found->path
            ? ckl_append(&search->arena, search->found, &search->public_search.found_count, sizeof found, &found)
            : NULL;
        if (!grown) return -1;
        search->found = grown;
    }
    return 0;
}

int32_t ck_loader_list(const ck_loader_request *request, ck_loader_search **out, ck_loader_error *error) {
    if (!out) return ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_BAD_REQUEST, "ck_loader_list: out is NULL");
    *out = NULL;
    int32_t kind;
    ckl_request *read = ckl_request_new(request, &kind, error);
    ckl_search *search = read ? calloc(1, sizeof *search) : NULL;
    if (read && !search) kind = ckl_no_memory(error, "listing providers");
    const char **folders = NULL;
    size_t count = 0;
    if (kind == CK_OK && ckl_search_directories(read, &search->arena, &folders, &count) != 0) {
        kind = ckl_no_memory(error, "listing providers");
    }
    for (size_t i = 0; kind == CK_OK && i < count; i++) {
        if (scan(search, folders[i]) != 0) kind = ckl_no_memory(error, "listing providers");
    }
    free(read);
    if (kind != CK_OK) {
        ck_loader_search_free(search ? &search->public_search : NULL);
        return kind;
    }
    search->public_search.struct_size = sizeof search->public_search;
    search->public_search.directories = folders;
    search->public_search.directory_count = count;
    search->public_search.found = search->found;
    *out = &search->public_search;
    return ckl_ok(error);
}

void ck_loader_search_free(ck_loader_search *search) {
    if (!search) return;
    ckl_search *owned = (ckl_search *)search;
    ckl_arena_free(&owned->arena);
    free(owned);
}
