#include "paths.h"

#include <string.h>

char *ckl_join(ckl_arena *arena, const char *folder, const char *name) {
    size_t folder_length = strlen(folder);
    while (folder_length > 1 && folder[folder_length - 1] == '/') folder_length--;
    size_t name_length = strlen(name);
    int slash = folder_length > 0 && folder[folder_length - 1] != '/';
    char *path = ckl_alloc(arena, folder_length + (size_t)slash + name_length + 1);
    if (!path) return NULL;
    memcpy(path, folder, folder_length);
    if (slash) path[folder_length] = '/';
    memcpy(path + folder_length + (size_t)slash, name, name_length + 1);
    return path;
}

char *ckl_parent(ckl_arena *arena, const char *folder) {
    size_t length = strlen(folder);
    while (length > 1 && folder[length - 1] == '/') length--;
    while (length > 0 && folder[length - 1] != '/') length--;
    while (length > 1 && folder[length - 1] == '/') length--;
    if (length == 0) return ckl_strdup(arena, ".");
    return ckl_strndup(arena, folder, length);
}
