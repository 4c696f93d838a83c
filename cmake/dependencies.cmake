# Third-party dependencies of dnn-surgery, shared by the in-tree and the standalone build.
# Each one is looked for properly and a missing one stops configuration with the Debian
# package that provides it.

find_package(Boost 1.65 QUIET)
if(NOT Boost_FOUND)
  message(FATAL_ERROR "dnn-surgery: Boost headers (Boost.Graph) not found. "
                      "On Debian/Ubuntu: apt-get install libboost-graph-dev")
endif()
include(CheckIncludeFileCXX)
set(CMAKE_REQUIRED_INCLUDES ${Boost_INCLUDE_DIRS})
check_include_file_cxx("boost/graph/boykov_kolmogorov_max_flow.hpp" DNN_SURGERY_HAVE_BOOST_GRAPH)
unset(CMAKE_REQUIRED_INCLUDES)
if(NOT DNN_SURGERY_HAVE_BOOST_GRAPH)
  message(FATAL_ERROR "dnn-surgery: boost/graph/boykov_kolmogorov_max_flow.hpp not found. "
                      "On Debian/Ubuntu: apt-get install libboost-graph-dev")
endif()

find_package(SQLite3 QUIET)
if(NOT SQLite3_FOUND)
  message(FATAL_ERROR "dnn-surgery: SQLite3 not found. On Debian/Ubuntu: apt-get install libsqlite3-dev")
endif()

find_package(nlohmann_json 3.2 QUIET)
if(NOT nlohmann_json_FOUND)
  message(FATAL_ERROR "dnn-surgery: nlohmann-json not found. "
                      "On Debian/Ubuntu: apt-get install nlohmann-json3-dev")
endif()

# Plain paths rather than imported targets: inside an ns-3 tree the test library and the
# test-runner are linked in other directories, where imported targets found here are not visible.
get_target_property(_dnn_json_inc nlohmann_json::nlohmann_json INTERFACE_INCLUDE_DIRECTORIES)
set(DNN_SURGERY_THIRD_PARTY_LIBS ${SQLite3_LIBRARIES})
# Directory scope, so that it reaches every target of the module: the library (and the object
# library ns-3 builds it from), the test library, the examples, tests and benchmarks.
include_directories(SYSTEM ${Boost_INCLUDE_DIRS} ${SQLite3_INCLUDE_DIRS} ${_dnn_json_inc})

# ns-3 version, as a number (3.37 -> 337), for model/dnn-surgery-compat.h.
if(NOT DEFINED DNN_SURGERY_NS3_VERSION)
  # (nested, so that an in-tree configure with --warn-uninitialized does not expand ns3_VERSION)
  set(_dnn_ns3_ver "")
  if(DEFINED ns3_VERSION)
    set(_dnn_ns3_ver "${ns3_VERSION}")
  endif()
  if(NOT "${_dnn_ns3_ver}" STREQUAL "")
    # the installed package's version (standalone)
  elseif(EXISTS "${PROJECT_SOURCE_DIR}/VERSION")
    file(STRINGS "${PROJECT_SOURCE_DIR}/VERSION" _dnn_ns3_ver LIMIT_COUNT 1)
  elseif(DEFINED NS3_VER)
    set(_dnn_ns3_ver "${NS3_VER}")
  else()
    set(_dnn_ns3_ver "")
  endif()
  string(REGEX MATCH "^3\\.([0-9]+)" _dnn_match "${_dnn_ns3_ver}")
  if(_dnn_match)
    math(EXPR DNN_SURGERY_NS3_VERSION "300 + ${CMAKE_MATCH_1}")
  else()
    message(WARNING "dnn-surgery: could not determine the ns-3 version ('${_dnn_ns3_ver}'); "
                    "assuming 3.37. Set -DDNN_SURGERY_NS3_VERSION=3xx to override.")
    set(DNN_SURGERY_NS3_VERSION 337)
  endif()
endif()
if(DNN_SURGERY_NS3_VERSION LESS 337)
  message(FATAL_ERROR "dnn-surgery needs ns-3 >= 3.37 (found ${DNN_SURGERY_NS3_VERSION})")
endif()
message(STATUS "dnn-surgery: ns-3 version ${DNN_SURGERY_NS3_VERSION}")

add_compile_definitions(DNN_SURGERY_NS3_VERSION=${DNN_SURGERY_NS3_VERSION}
                        DNN_SURGERY_SOURCE_DIR="${CMAKE_CURRENT_SOURCE_DIR}")
