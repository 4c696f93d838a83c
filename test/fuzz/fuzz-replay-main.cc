/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup dnn-surgery
 * The plain (non-libFuzzer) driver of a fuzz target: replays every file of the directories or
 * files given (the seed corpus and the past crashes) through LLVMFuzzerTestOneInput, so the
 * fuzz inputs are regression tests under ctest with any compiler.
 *
 *   fuzz-replay-<target> DIR|FILE ...         replay
 *   fuzz-replay-<target> --write-seeds DIR    write the target's seed corpus
 */

#include "fuzz-target.h"

#include <algorithm>
#include <dirent.h>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace
{

/// \return the regular files of a path (itself, or the files of a directory, sorted)
std::vector<std::string>
Files(const std::string& path)
{
    struct stat st;
    if (stat(path.c_str(), &st) != 0)
    {
        return {};
    }
    if (!S_ISDIR(st.st_mode))
    {
        return {path};
    }
    std::vector<std::string> out;
    if (DIR* d = opendir(path.c_str()))
    {
        while (dirent* e = readdir(d))
        {
            std::string name = e->d_name;
            std::string full = path + "/" + name;
            if (name[0] != '.' && stat(full.c_str(), &st) == 0 && S_ISREG(st.st_mode))
            {
                out.push_back(full);
            }
        }
        closedir(d);
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

int
main(int argc, char* argv[])
{
    if (argc == 3 && std::string(argv[1]) == "--write-seeds")
    {
        DnnSurgeryFuzzWriteSeeds(argv[2]);
        std::cout << "seeds written to " << argv[2] << std::endl;
        return 0;
    }
    std::size_t n = 0;
    for (int a = 1; a < argc; ++a)
    {
        for (const auto& file : Files(argv[a]))
        {
            std::ifstream in(file, std::ios::binary);
            std::ostringstream o;
            o << in.rdbuf();
            const std::string bytes = o.str();
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
            ++n;
        }
    }
    if (n == 0)
    {
        std::cerr << "no input replayed (give the corpus directories)" << std::endl;
        return 1;
    }
    std::cout << "fuzz replay: " << n << " inputs replayed\n"
              << n << " passed, 0 failed" << std::endl;
    return 0;
}
