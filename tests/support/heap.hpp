// Test support: the bytes of heap in use now, for tests that bound memory growth.
#pragma once

#include <cstddef>
#include <malloc.h>

#if defined(__SANITIZE_ADDRESS__)
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();  // libasan's (GCC ships no header)
#endif

namespace testudo::test {

// ASan's own count under ASan, else glibc's.
inline std::size_t heap_in_use() {
#if defined(__SANITIZE_ADDRESS__)
  return __sanitizer_get_current_allocated_bytes();
#else
  return mallinfo2().uordblks;
#endif
}

}  // namespace testudo::test
