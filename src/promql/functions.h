#pragma once
// The functions of Prometheus 2.53 (experimental ones included), with the
// argument and return types its parser checks calls against.

#include <string_view>
#include <vector>

namespace vigil::promql {

enum class ValueType { scalar, vector, matrix, string };

// "scalar", "instant vector", "range vector", "string": Prometheus's names in
// type errors.
const char* documented_name(ValueType type);
// "scalar", "vector", "matrix", "string": Prometheus's names in subquery errors.
const char* value_type_name(ValueType type);

struct Function {
  std::string_view name;
  std::vector<ValueType> arg_types;
  // 0: exactly arg_types.size() arguments; n > 0: the last argument type may
  // be left out or repeated up to n times in total; -1: repeated without limit.
  // In either variadic case at least arg_types.size() - 1 arguments are needed.
  int variadic = 0;
  ValueType return_type = ValueType::vector;
};

// nullptr when there is no function of that name.
const Function* find_function(std::string_view name);

const std::vector<Function>& all_functions();

}  // namespace vigil::promql
