/* The rules that choose the provider and the configuration file. */
#ifndef CKL_CHOOSE_H
#define CKL_CHOOSE_H

#include "request.h"

/* ck_loader_choose for a request already read. */
int32_t ckl_choose(const ckl_request *request, ck_loader_choice **out, ck_loader_error *error);

#endif
