/* Building file paths in an arena. */
#ifndef CKL_PATHS_H
#define CKL_PATHS_H

#include "arena.h"

/* `folder`/`name`, with one slash between them; NULL when memory is out. */
char *ckl_join(ckl_arena *arena, const char *folder, const char *name);

/* The folder that holds `folder` ("/" for "/" and for a top-level folder); NULL when memory is out. */
char *ckl_parent(ckl_arena *arena, const char *folder);

#endif
