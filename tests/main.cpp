// SPDX-License-Identifier: MIT
// The doctest entry point of logset_tests.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
