// Binary operators: scalar/scalar, vector/scalar and vector/vector with
// Prometheus's matching rules (on/ignoring, group_left/group_right, set
// operators), checked per step as its evaluator does.

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

#include "promql/engine/evaluator.h"
#include "promql/engine/series_ops.h"
#include "storage/labels/go_labels_text.h"
#include "storage/labels/label_set_builder.h"

namespace vigil::promql::engine {
namespace {

bool drops_metric_name(BinaryOp op) { return !is_comparison(op); }

// Prometheus's vectorElemBinop for floats: the value and whether to keep it.
// Comparisons give the left value and the comparison's truth.
std::pair<double, bool> apply(BinaryOp op, double l, double r) {
  switch (op) {
    case BinaryOp::add:
      return {l + r, true};
    case BinaryOp::sub:
      return {l - r, true};
    case BinaryOp::mul:
      return {l * r, true};
    case BinaryOp::div:
      return {l / r, true};
    case BinaryOp::pow:
      return {std::pow(l, r), true};
    case BinaryOp::mod:
      return {std::fmod(l, r), true};
    case BinaryOp::atan2:
      return {std::atan2(l, r), true};
    case BinaryOp::eql:
      return {l, l == r};
    case BinaryOp::neq:
      return {l, l != r};
    case BinaryOp::gtr:
      return {l, l > r};
    case BinaryOp::lss:
      return {l, l < r};
    case BinaryOp::gte:
      return {l, l >= r};
    case BinaryOp::lte:
      return {l, l <= r};
    case BinaryOp::land:
    case BinaryOp::lor:
    case BinaryOp::lunless:
      break;
  }
  return {l, false};
}

Evaluated scalar_scalar(const Binary& binary, std::vector<double> lhs, const std::vector<double>& rhs) {
  for (size_t s = 0; s < lhs.size(); ++s) {
    auto [value, keep] = apply(binary.op, lhs[s], rhs[s]);
    lhs[s] = is_comparison(binary.op) ? (keep ? 1.0 : 0.0) : value;
  }
  Evaluated out;
  out.type = ValueType::scalar;
  out.scalar = std::move(lhs);
  return out;
}

Evaluated vector_scalar(const Binary& binary, StepVector vector, const std::vector<double>& scalar,
                        bool scalar_on_left) {
  const bool drop_name = drops_metric_name(binary.op) || binary.return_bool;
  for (auto& series : vector) {
    if (drop_name) series.labels = without_metric_name(series.labels);
    for (size_t s = 0; s < series.values.size(); ++s) {
      double& v = series.values[s];
      if (is_absent(v)) continue;
      double l = v, r = scalar[s];
      if (scalar_on_left) std::swap(l, r);
      auto [value, keep] = apply(binary.op, l, r);
      // A comparison keeps the vector's value even when the scalar is on the left.
      if (is_comparison(binary.op) && scalar_on_left) value = r;
      if (binary.return_bool) {
        value = keep ? 1.0 : 0.0;
        keep = true;
      }
      v = keep ? value : absent();
    }
  }
  merge_same_labels(vector, Collisions::per_step);
  Evaluated out;
  out.vector = std::move(vector);
  return out;
}

// The bytes that identify a series' match group: the `on` labels, or all but
// the `ignoring` ones and the metric name.
class Signature {
 public:
  explicit Signature(const VectorMatching& matching) : on_(matching.on), names_(matching.labels) {
    if (!on_) names_.emplace_back(storage::kMetricNameLabel);
    std::sort(names_.begin(), names_.end());
  }

  std::string of(const storage::LabelSet& labels) const {
    std::string key;
    for (const auto& label : labels) {
      if (listed(label.name) != on_) continue;
      key += label.name;
      key += '\xff';
      key += label.value;
      key += '\xff';
    }
    return key;
  }

  // The labels the signature is made of, for error messages.
  storage::LabelSet matched(const storage::LabelSet& labels) const {
    storage::LabelSetBuilder builder(labels);
    for (const auto& label : labels)
      if (listed(label.name) != on_) builder.del(label.name);
    return builder.labels();
  }

 private:
  bool listed(std::string_view name) const { return std::binary_search(names_.begin(), names_.end(), name); }

  bool on_;
  std::vector<std::string> names_;
};

const VectorMatching& matching_of(const Binary& binary) {
  static const VectorMatching kSetDefault{VectorMatching::Card::many_to_many, {}, false, {}};
  static const VectorMatching kDefault{};
  if (binary.matching) return *binary.matching;
  return is_set_operator(binary.op) ? kSetDefault : kDefault;
}

using SignatureIndex = std::unordered_map<std::string, std::vector<size_t>>;

SignatureIndex index_by_signature(const StepVector& vector, const Signature& signature,
                                  std::vector<std::string>* keys = nullptr) {
  SignatureIndex index;
  for (size_t i = 0; i < vector.size(); ++i) {
    auto key = signature.of(vector[i].labels);
    index[key].push_back(i);
    if (keys) keys->push_back(std::move(key));
  }
  return index;
}

// Steps at which some series of each signature has a value.
std::unordered_map<std::string, std::vector<bool>> presence_by_signature(const StepVector& vector,
                                                                         const Signature& signature, size_t steps) {
  std::unordered_map<std::string, std::vector<bool>> presence;
  for (const auto& series : vector) {
    auto& present = presence[signature.of(series.labels)];
    present.resize(steps, false);
    for (size_t s = 0; s < steps; ++s)
      if (!is_absent(series.values[s])) present[s] = true;
  }
  return presence;
}

Evaluated set_operation(const Binary& binary, StepVector lhs, StepVector rhs, size_t steps) {
  const Signature signature(matching_of(binary));
  Evaluated out;
  if (binary.op == BinaryOp::lor) {
    const auto left = presence_by_signature(lhs, signature, steps);
    for (auto& series : rhs) {
      auto it = left.find(signature.of(series.labels));
      if (it == left.end()) continue;
      for (size_t s = 0; s < steps; ++s)
        if (it->second[s]) series.values[s] = absent();
    }
    out.vector = std::move(lhs);
    for (auto& series : rhs) out.vector.push_back(std::move(series));
    merge_same_labels(out.vector, Collisions::per_step);
    return out;
  }
  const auto right = presence_by_signature(rhs, signature, steps);
  const bool keep_matched = binary.op == BinaryOp::land;
  for (auto& series : lhs) {
    auto it = right.find(signature.of(series.labels));
    for (size_t s = 0; s < steps; ++s) {
      const bool matched = it != right.end() && it->second[s];
      if (matched != keep_matched) series.values[s] = absent();
    }
  }
  drop_empty_series(lhs);
  out.vector = std::move(lhs);
  return out;
}

// Prometheus's resultMetric.
storage::LabelSet result_labels(const storage::LabelSet& many, const storage::LabelSet& one, const Binary& binary,
                                const VectorMatching& matching) {
  storage::LabelSetBuilder builder(many);
  if (drops_metric_name(binary.op)) builder.del(storage::kMetricNameLabel);
  if (matching.card == VectorMatching::Card::one_to_one) {
    if (matching.on) {
      std::vector<std::string_view> keep(matching.labels.begin(), matching.labels.end());
      builder.keep(keep);
    } else {
      for (const auto& name : matching.labels) builder.del(name);
    }
  }
  for (const auto& name : matching.include) builder.set(name, one.get(name));
  if (binary.return_bool) builder.del(storage::kMetricNameLabel);
  return builder.labels();
}

struct Pair {
  size_t many;
  size_t one;
  StepSeries result;
};

Evaluated matched_operation(const Binary& binary, StepVector lhs, StepVector rhs, size_t steps) {
  const VectorMatching& matching = matching_of(binary);
  const bool swapped = matching.card == VectorMatching::Card::one_to_many;
  // As in Prometheus, the "many" side is iterated and the "one" side indexed.
  StepVector& many = swapped ? rhs : lhs;
  StepVector& one = swapped ? lhs : rhs;
  const Signature signature(matching);
  const SignatureIndex one_index = index_by_signature(one, signature);

  for (const auto& [key, members] : one_index) {
    if (members.size() < 2) continue;
    for (size_t s = 0; s < steps; ++s) {
      const StepSeries* first = nullptr;
      for (size_t j : members) {
        if (is_absent(one[j].values[s])) continue;
        if (first == nullptr) {
          first = &one[j];
          continue;
        }
        fail("found duplicate series for the match group " +
             storage::go_labels_string(signature.matched(one[j].labels)) + " on the " + (swapped ? "left" : "right") +
             " hand-side of the operation: [" + storage::go_labels_string(one[j].labels) + ", " +
             storage::go_labels_string(first->labels) +
             "];many-to-many matching not allowed: matching labels must be unique on one side");
      }
    }
  }

  std::vector<std::string> many_keys;
  const SignatureIndex many_index = index_by_signature(many, signature, &many_keys);
  std::vector<Pair> pairs;
  for (size_t i = 0; i < many.size(); ++i) {
    auto it = one_index.find(many_keys[i]);
    if (it == one_index.end()) continue;
    for (size_t j : it->second) {
      StepSeries result{result_labels(many[i].labels, one[j].labels, binary, matching),
                        std::vector<double>(steps, absent())};
      bool any = false;
      for (size_t s = 0; s < steps; ++s) {
        double l = many[i].values[s], r = one[j].values[s];
        if (is_absent(l) || is_absent(r)) continue;
        if (swapped) std::swap(l, r);
        auto [value, keep] = apply(binary.op, l, r);
        if (binary.return_bool) {
          value = keep ? 1.0 : 0.0;
          keep = true;
        }
        if (!keep) continue;
        result.values[s] = value;
        any = true;
      }
      if (any) pairs.push_back({i, j, std::move(result)});
    }
  }

  // Several "many" series of one signature with values at one step: without
  // group_x that is an error, with it their results must differ in labels.
  std::unordered_map<std::string, std::vector<size_t>> pairs_by_signature;
  for (size_t p = 0; p < pairs.size(); ++p) pairs_by_signature[many_keys[pairs[p].many]].push_back(p);
  for (const auto& [key, members] : pairs_by_signature) {
    if (members.size() < 2 || many_index.at(key).size() < 2) continue;
    for (size_t s = 0; s < steps; ++s) {
      std::vector<const storage::LabelSet*> seen;
      for (size_t p : members) {
        if (is_absent(pairs[p].result.values[s])) continue;
        if (matching.card == VectorMatching::Card::one_to_one && !seen.empty())
          fail("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
        for (const auto* labels : seen)
          if (*labels == pairs[p].result.labels)
            fail("multiple matches for labels: grouping labels must ensure unique matches");
        seen.push_back(&pairs[p].result.labels);
      }
    }
  }

  Evaluated out;
  out.vector.reserve(pairs.size());
  for (auto& pair : pairs) out.vector.push_back(std::move(pair.result));
  merge_same_labels(out.vector, Collisions::per_step);
  return out;
}

}  // namespace

Evaluated Evaluator::eval_binary(const Binary& binary, const StepGrid& grid) {
  Evaluated lhs = eval(*binary.lhs, grid);
  Evaluated rhs = eval(*binary.rhs, grid);
  const size_t steps = grid.size();
  if (lhs.type == ValueType::scalar && rhs.type == ValueType::scalar)
    return scalar_scalar(binary, std::move(lhs.scalar), rhs.scalar);
  if (lhs.type == ValueType::vector && rhs.type == ValueType::scalar)
    return vector_scalar(binary, std::move(lhs.vector), rhs.scalar, false);
  if (lhs.type == ValueType::scalar && rhs.type == ValueType::vector)
    return vector_scalar(binary, std::move(rhs.vector), lhs.scalar, true);
  if (lhs.vector.empty() || rhs.vector.empty()) {
    Evaluated out;
    if (binary.op == BinaryOp::lor) out.vector = lhs.vector.empty() ? std::move(rhs.vector) : std::move(lhs.vector);
    if (binary.op == BinaryOp::lunless) out.vector = std::move(lhs.vector);
    return out;
  }
  if (is_set_operator(binary.op)) return set_operation(binary, std::move(lhs.vector), std::move(rhs.vector), steps);
  return matched_operation(binary, std::move(lhs.vector), std::move(rhs.vector), steps);
}

}  // namespace vigil::promql::engine
