#pragma once
// The data and functions the Go-generated cases (testdata/go_cases.txt) ran
// against: the same values as the throwaway Go program that printed them.

#include "template/value.h"

namespace vigil::tmpl::testing {

// Str, Int, Neg, Float, Big, Small, Zero, True, False, Nil, List, Ints,
// Empty, Mixed, Map, Labels, EmptyMap, Time, Nested, HTML, Strings.
Value case_data();

// prometheus_functions (query "up" gives two samples, "fail" an error)
// plus Alertmanager's join and stringSlice.
Functions case_functions();

}  // namespace vigil::tmpl::testing
