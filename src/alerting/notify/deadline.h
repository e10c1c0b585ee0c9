#pragma once
// When a notification must be done by: a steady-clock point, so that wall
// clock changes neither shorten nor extend it.

#include <chrono>

namespace vigil::alerting::notify {

using Deadline = std::chrono::steady_clock::time_point;

}  // namespace vigil::alerting::notify
