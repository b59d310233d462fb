// SPDX-License-Identifier: MIT
// Placeholder: being written.
#include <doctest/doctest.h>
