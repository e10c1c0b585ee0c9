#pragma once
// The storage one script runs against, as upstream's teststorage: a fresh
// database in its own temporary directory, removed when this is destroyed.
// `clear` replaces it with a new one.

#include <memory>
#include <string>

#include "core/error.h"
#include "promql/script/script.h"
#include "storage/database.h"

namespace vigil::promql::conformance {

class TestStorage {
 public:
  static Result<std::unique_ptr<TestStorage>> create();
  ~TestStorage();
  TestStorage(const TestStorage&) = delete;
  TestStorage& operator=(const TestStorage&) = delete;

  // Appends every sample of the block (stale markers included) in one batch.
  // A sample storage refuses (an older one for an existing series, since
  // upstream enables no out-of-order window) is an error, as upstream.
  Result<void> load(const script::Load& load);

  const storage::Database& database() const { return *database_; }

 private:
  TestStorage(std::string dir, std::unique_ptr<storage::Database> database);

  std::string dir_;
  std::unique_ptr<storage::Database> database_;
};

}  // namespace vigil::promql::conformance
