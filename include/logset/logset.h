// SPDX-License-Identifier: MIT
// Umbrella header: everything an embedder of logset needs. Start with Store and Api.
#ifndef LOGSET_LOGSET_H_
#define LOGSET_LOGSET_H_

#include "logset/api.h"     // Api: the Respan Datasets API as an in-process JSON dispatcher
#include "logset/error.h"   // Error and its subclasses; HTTP status and exit code per ErrorCode
#include "logset/keys.h"    // API keys and organisations
#include "logset/server.h"  // Server: the HTTP front of Api, as run by `logset serve`
#include "logset/store.h"   // Store: opening the SQLite file

#endif  // LOGSET_LOGSET_H_
