/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_SURGERY_FUZZ_TARGET_H
#define DNN_SURGERY_FUZZ_TARGET_H

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

/**
 * \file
 * \ingroup dnn-surgery
 * What every fuzz target of test/fuzz/ defines. Built with clang's libFuzzer
 * (-fsanitize=fuzzer) the entry point is LLVMFuzzerTestOneInput; built as a plain regression
 * program (fuzz-replay-main.cc) the same function replays the corpus and every past crash.
 * A target reports a broken property with FUZZ_CHECK, which aborts (a crash to libFuzzer).
 */

/**
 * \brief Run the code under test on one input.
 * \param data the bytes
 * \param size their number
 * \return 0
 */
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

/**
 * \brief Write the target's seed corpus (a few meaningful inputs) into a directory.
 * \param dir an existing directory
 */
void DnnSurgeryFuzzWriteSeeds(const std::string& dir);

/// Abort with a message when a property of the code under test does not hold.
#define FUZZ_CHECK(cond, what)                                                                     \
    do                                                                                             \
    {                                                                                              \
        if (!(cond))                                                                               \
        {                                                                                          \
            std::fprintf(stderr,                                                                   \
                         "fuzz property broken: %s (%s) at %s:%d\n",                               \
                         what,                                                                     \
                         #cond,                                                                    \
                         __FILE__,                                                                 \
                         __LINE__);                                                                \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)

/**
 * \brief Write one seed file.
 * \param dir directory
 * \param name file name
 * \param bytes content
 */
inline void
DnnSurgeryFuzzWriteFile(const std::string& dir, const std::string& name, const std::string& bytes)
{
    std::string path = dir + "/" + name;
    FILE* f = std::fopen(path.c_str(), "wb");
    if (f)
    {
        std::fwrite(bytes.data(), 1, bytes.size(), f);
        std::fclose(f);
    }
}

#endif /* DNN_SURGERY_FUZZ_TARGET_H */
