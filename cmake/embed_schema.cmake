# SPDX-License-Identifier: MIT
# Turns schema/NNNN_*.sql into a C++ source holding each migration as a string, in file-name order.
# Run as: cmake -DOUT=<file.cpp> -DSQL_FILES=<a.sql;b.sql> -P embed_schema.cmake
list(SORT SQL_FILES)
set(body "")
set(n 0)
foreach(f IN LISTS SQL_FILES)
  file(READ "${f}" sql)
  get_filename_component(name "${f}" NAME)
  math(EXPR n "${n} + 1")
  # A raw string with a delimiter no migration uses.
  string(APPEND body "  {\"${name}\", R\"logset_sql(${sql})logset_sql\"},\n")
endforeach()
file(WRITE "${OUT}.tmp"
"// Generated from schema/*.sql by cmake/embed_schema.cmake; do not edit.
#include \"store/migrations.h\"

namespace logset::internal {

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
${body}  };
  return kMigrations;
}

}  // namespace logset::internal
")
# Only touch the output when it changed, so a reconfigure does not rebuild the library.
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
file(REMOVE "${OUT}.tmp")
