# Writes OUT with TESTUDO_REVISION, the source tree's `git describe` (with -dirty for uncommitted
# changes), at every build; file(CONFIGURE) leaves OUT untouched when it did not change, so only
# main.cpp is rebuilt, and only after a commit.
cmake_policy(SET CMP0053 NEW)  # a script (cmake -P) starts with old policies: this one warns on the escapes below
execute_process(COMMAND git -C "${SOURCE_DIR}" describe --always --dirty --abbrev=12
                OUTPUT_VARIABLE revision OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE failed)
if(failed OR revision STREQUAL "")
  set(revision "unknown: not built from a git checkout")
endif()
file(CONFIGURE OUTPUT "${OUT}" CONTENT "#define TESTUDO_REVISION \"@revision@\"\n" @ONLY)
