#ifndef CORDON_SERVER_ENGINE_COMMON_RESOURCE_TIME_H_
#define CORDON_SERVER_ENGINE_COMMON_RESOURCE_TIME_H_

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/time_util.h"

namespace cordon::engine {

inline google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  return google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
      absl::ToUnixNanos(time));
}

inline absl::Time FromTimestamp(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixNanos(
      google::protobuf::util::TimeUtil::TimestampToNanoseconds(ts));
}

// Sets create_time (when `creating`) and update_time to `now`, then the etag:
// every write of a resource goes through here.
template <typename Resource>
void StampWrite(Resource* resource, absl::Time now, bool creating);

}  // namespace cordon::engine

#include "server/engine/common/etag.h"

namespace cordon::engine {

template <typename Resource>
void StampWrite(Resource* resource, absl::Time now, bool creating) {
  if (creating) *resource->mutable_create_time() = ToTimestamp(now);
  *resource->mutable_update_time() = ToTimestamp(now);
  StampEtag(resource);
}

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_COMMON_RESOURCE_TIME_H_
