#pragma once
// The functions Prometheus 2.42 gives alerting and console templates:
// humanize*, toTime, title/toUpper/toLower, match, reReplaceAll, safeHtml,
// parseDuration, stripPort, stripDomain, args, first, label, value,
// strvalue, sortByLabel, pathPrefix, externalURL, graphLink, tableLink and
// query (answered by the caller, so this module needs no PromQL).

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "template/value.h"

namespace vigil::tmpl {

// One element of a query's result, seen by templates as .Labels and .Value.
struct QuerySample {
  std::map<std::string, std::string, std::less<>> labels;
  double value = 0;
};

// Evaluates a PromQL expression at the alert's evaluation time.
using QueryFunction = std::function<Result<std::vector<QuerySample>>(std::string_view expr)>;

// A query result as Prometheus's templates see it: a list of
// *template.sample records.
Value query_result_value(const std::vector<QuerySample>& samples);

// `external_url` is the server's --web.external-url ("" if unset).
Functions prometheus_functions(QueryFunction query, std::string external_url);

}  // namespace vigil::tmpl
