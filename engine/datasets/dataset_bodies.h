// SPDX-License-Identifier: MIT
// Reading the bodies of D1, D4, L7 b/c, L8 and L9 into the typed requests of the dataset
// services, with the 400s of API.md. Shared by the API handlers and the `logset datasets` CLI,
// which builds the same JSON bodies from its flags, so both validate identically.
#ifndef LOGSET_ENGINE_DATASETS_DATASET_BODIES_H_
#define LOGSET_ENGINE_DATASETS_DATASET_BODIES_H_

#include <optional>
#include <string>
#include <vector>

#include "datasets/dataset_service.h"
#include "datasets/population_service.h"
#include "util/body_reader.h"

namespace logset::internal {

/// A validated D1 body: the mode of API.md 5.1 (first match wins) and what that mode needs.
struct CreateDatasetRequest {
  enum class Mode { kDuplicate, kEmpty, kSampled };
  Mode mode = Mode::kSampled;
  /// Empty and sampled modes: the new dataset's fields (`initial_log_filters` as sent).
  NewDataset dataset;
  /// Duplicate mode: the source and the fields given, the others defaulting to the source's.
  DuplicateDatasetRequest duplicate;
  /// Sampled mode: the time range, `initial_log_filters`, `sampling`, seed and sample_by.
  SampledImport sampling;
};

/// Reads a D1 body, checking fields in the order of the D1 table so that the first failure
/// reported is the first in that order. Present fields are type-checked in every mode and
/// `initial_log_filters` is parsed against the request-log fields in every mode; the time-bound
/// rules apply in sampled mode only. Throws InvalidArgument with API.md's detail and field (a
/// filter error names its pointer, e.g. `/initial_log_filters/cost/operator`). Whether
/// `source_dataset_id` exists is not checked here (that 404 comes after validation).
CreateDatasetRequest ReadCreateDatasetBody(const Json& body);

/// Reads a D4 body. Throws InvalidArgument for a wrongly typed key.
DatasetChanges ReadDatasetChanges(const Json& body);

/// Reads an L8 body (also L7 c): `start_time`, `end_time` (required, in order), `filters` over
/// request-log fields, `sampling_percentage`, then the extensions `sampling_seed` and
/// `sample_by`. Throws InvalidArgument as API.md says.
SampledImport ReadSampledImportBody(const Json& body);

/// Reads L7 b's `log_ids`: an array of at most 10,000 strings. Throws InvalidArgument
/// (`log_ids: must be an array of strings.`, `log_ids[3]: must be a string.`, `log_ids: must
/// hold at most 10,000 items.`).
std::vector<std::string> ReadLogIds(const Json& body);

/// Reads an L9 body: `is_deleting_all_logs`; unless it is true (then `filters` is ignored),
/// `filters` over dataset-log fields, which must hold at least one condition. Throws
/// InvalidArgument (`filters: required unless is_deleting_all_logs is true.`, or a filter error
/// naming its pointer).
LogRemoval ReadLogRemovalBody(const Json& body);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_DATASETS_DATASET_BODIES_H_
