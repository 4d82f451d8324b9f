#ifndef CORDON_TESTS_UNIT_ADAPTERS_GRAPH_SHAPE_ERRORS_H_
#define CORDON_TESTS_UNIT_ADAPTERS_GRAPH_SHAPE_ERRORS_H_

// Table tests of JSON that parses but breaks a documented Graph shape.

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace cordon::adapters::graph::testing {

struct BadShape {
  const char* what;
  const char* body;
  const char* message;  // a part of the expected error message
};

// Each body is refused with kInvalidArgument and a message naming the fault.
// `parse` takes the body and returns an absl::StatusOr.
template <typename Parse>
void ExpectShapeErrors(Parse parse, absl::Span<const BadShape> cases) {
  for (const BadShape& c : cases) {
    SCOPED_TRACE(c.what);
    absl::Status status;
    EXPECT_NO_THROW(status = parse(c.body).status());
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    EXPECT_THAT(status.message(), ::testing::HasSubstr(c.message));
  }
}

}  // namespace cordon::adapters::graph::testing

#endif  // CORDON_TESTS_UNIT_ADAPTERS_GRAPH_SHAPE_ERRORS_H_
