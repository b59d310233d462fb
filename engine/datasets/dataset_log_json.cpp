// SPDX-License-Identifier: MIT
// The dataset-log object of API.md 4.3.
#include "datasets/dataset_log_json.h"

namespace logset::internal {
namespace {

Json OrNull(const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); }

}  // namespace

Json DatasetLogJson(const DatasetLog& log, const std::string& dataset_uuid,
                    const std::string& org_uuid, const std::vector<ScoreObject>& scores,
                    ScoresShape shape) {
  Json out = Json::object();
  AppendLogRecordJson(out, log.core, org_uuid, IoEncoding::kNative);
  // The official client drops a whole list page if one item's scores has the other shape.
  out["scores"] = shape == ScoresShape::kDict ? ScoresAsDict(scores) : ScoresAsList(scores);
  out["dataset_id"] = dataset_uuid;
  out["expected_output"] = log.expected_output;
  out["prompt"] = OrNull(log.prompt);
  out["completion"] = OrNull(log.completion);
  out["messages"] = log.messages.is_array() ? log.messages : Json::array();
  out["annotation_status"] = log.annotation_status;
  out["annotation_completed_by"] = log.annotation_completed_by;
  out["source_log_id"] = OrNull(log.source_log_id);
  out["created_at"] = FormatTimestamp(log.created_at);
  out["updated_at"] = FormatTimestamp(log.updated_at);
  return out;
}

}  // namespace logset::internal
