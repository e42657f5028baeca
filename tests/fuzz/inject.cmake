# Used by scripts/fuzz.sh only while the top-level CMakeLists.txt does not yet
# know MEETINTENT_FUZZ: passed as -DCMAKE_PROJECT_INCLUDE=, it runs right after
# the top-level project() call and defers, to the end of the top-level
# CMakeLists.txt, what these lines there would do:
#   if(MEETINTENT_FUZZ)
#     enable_testing()
#     add_subdirectory(tests/fuzz)
#   endif()
file(READ "${CMAKE_SOURCE_DIR}/CMakeLists.txt" _meetintent_top)
if(CMAKE_CURRENT_SOURCE_DIR STREQUAL CMAKE_SOURCE_DIR AND MEETINTENT_FUZZ AND
   NOT _meetintent_top MATCHES "tests/fuzz")
  cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL enable_testing)
  # add_subdirectory() may not be deferred; tests/fuzz/CMakeLists.txt works
  # when included, too (it uses CMAKE_CURRENT_LIST_DIR).
  cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL include
                 "${CMAKE_SOURCE_DIR}/tests/fuzz/CMakeLists.txt")
endif()
