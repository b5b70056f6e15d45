// SPDX-License-Identifier: GPL-2.0
/*
 * The parsed options that enable and shape the personalities (struct
 * pers_options): written while the command line is read, read by the
 * personalities' enabled() and hooks.
 */
#include "dispatch.h"

struct pers_options pers;
