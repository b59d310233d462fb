// SPDX-License-Identifier: MIT
// Filling and emptying datasets (D1 sampled and duplicate modes, L7 b/c, L8, L9) in C++ terms.
// Up to CurrentChunkPacing().first_rows logs, each call is one write session: the logs and the
// dataset's counters, updated_at and sampling_info commit together or not at all. Larger ones
// commit in chunks (datasets/dataset_build.h): a new dataset stays hidden until whole, an import
// into an existing one is visible chunk by chunk and completed by running it again.
#ifndef LOGSET_ENGINE_DATASETS_POPULATION_SERVICE_H_
#define LOGSET_ENGINE_DATASETS_POPULATION_SERVICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "datasets/dataset_filter.h"
#include "datasets/dataset_service.h"
#include "logset/store.h"

namespace logset::internal {

/// How to select and sample request logs (API.md 5.1.3, 5.2, 5.3): the caller's organisation's
/// request logs with start_time <= timestamp <= end_time that match `filters`, of which
/// `percentage` percent are kept by the seeded bottom-k sampler.
struct SampledImport {
  Micros start_time = 0;  ///< inclusive
  Micros end_time = 0;    ///< inclusive; REQUIRES start_time <= end_time
  BodyFilter filters{filter::Resource::kRequestLog};  ///< over request-log fields
  int percentage = 100;                               ///< 1..100
  std::optional<uint64_t> seed;                       ///< default: DefaultSeed(the dataset's id)
  bool by_trace = false;  ///< sample whole traces (`sample_by: "trace"`)
};

/// D1 duplicate mode. Unset members default to the source's (the name to "<source name> (copy)").
struct DuplicateDatasetRequest {
  std::string source_uuid;
  std::optional<std::string> name;  ///< already trimmed and checked
  std::optional<std::string> description;
  std::optional<std::string> type;
};

/// Which logs L9 removes: every log, or those matching a non-empty dataset-log filter.
struct LogRemoval {
  bool all = false;
  BodyFilter filters{filter::Resource::kDatasetLog};
};

/// The `sampling_info` text (API.md 5.2) of one sampled population step.
std::string SamplingInfoText(const SampledImport& spec, uint64_t seed, int64_t matched_count,
                             int64_t selected_count);

/// Creates a dataset of organisation `org_id` populated with a sample of its request logs, and
/// returns it with log_count, sampling_info and log_ids filled; created_at = updated_at. Zero
/// matches give an empty dataset. Throws StorageError (or an internal error) if SQLite fails, in
/// which case nothing was created.
Dataset CreateSampledDataset(Store& store, int64_t org_id, const NewDataset& dataset,
                             const SampledImport& sampling);

/// Creates a copy of the organisation's dataset `request.source_uuid`: every log with all its
/// fields and scores under fresh unique_ids; initial_log_filters and sampling_info from the
/// source; source_dataset_id set; eval tasks not copied. Throws NotFound if the source is not one
/// of the organisation's datasets.
Dataset DuplicateDataset(Store& store, int64_t org_id, const DuplicateDatasetRequest& request);

/// Imports a sample of request logs into the dataset (L8, L7 c), skipping request logs it already
/// holds a copy of, records sampling_info, and bumps updated_at if any log was added. The seed
/// defaults to DefaultSeed(dataset_uuid). Returns how many logs were added. Throws NotFound for
/// an unknown dataset.
int64_t ImportSampledLogs(Store& store, int64_t org_id, const std::string& dataset_uuid,
                          const SampledImport& sampling);

/// Imports the organisation's request logs with these unique_ids (L7 b), skipping unknown ids and
/// logs the dataset already holds a copy of. Returns how many logs were added. Throws NotFound
/// for an unknown dataset.
int64_t ImportLogsByIds(Store& store, int64_t org_id, const std::string& dataset_uuid,
                        const std::vector<std::string>& unique_ids);

/// Removes logs (L9) with their scores and returns how many. Throws InvalidArgument (`filters:
/// required unless is_deleting_all_logs is true.`) when `removal` is neither `all` nor a
/// non-empty filter, NotFound for an unknown dataset.
int64_t RemoveDatasetLogs(Store& store, int64_t org_id, const std::string& dataset_uuid,
                          const LogRemoval& removal);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_DATASETS_POPULATION_SERVICE_H_
