/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DNN_GRAPH_READER_H
#define DNN_GRAPH_READER_H

#include "dnn-graph.h"

#include <string>
#include <vector>

/**
 * \file
 * \ingroup dnn-surgery
 * Reads and writes DNN profiles (JSON, format "dnn-surgery-profile" version 1, see
 * doc/profile-format.md and the "DNN profile format" section of the module doc).
 */

namespace ns3
{

/**
 * \ingroup dnn-surgery
 * JSON profile <-> DnnGraph. Every malformed input is a DnnSurgeryError naming the file, the
 * layer (id and name, or its position when those are unreadable) and the field.
 */
class DnnGraphReader
{
  public:
    /**
     * \brief Read and validate a profile file.
     * \param path the file
     * \return the validated graph
     * \throws DnnSurgeryError if the file cannot be read or violates the format
     */
    static DnnGraph ReadFile(const std::string& path);
    /**
     * \brief Read and validate a profile from a string.
     * \param json the JSON text
     * \param source the name used in error messages (usually a file name)
     * \return the validated graph
     * \throws DnnSurgeryError if the text violates the format
     */
    static DnnGraph ReadString(const std::string& json, const std::string& source);
    /**
     * \brief Serialise a graph in the profile format.
     * \param graph the graph (validated first)
     * \return the JSON text
     */
    static std::string WriteString(const DnnGraph& graph);
    /**
     * \brief Write a graph as a profile file.
     * \param graph the graph (validated first)
     * \param path the file to write
     * \throws DnnSurgeryError if the graph is invalid or the file cannot be written
     */
    static void WriteFile(const DnnGraph& graph, const std::string& path);
    /**
     * \brief Resolve a model name or a path to a profile file.
     *
     * An existing file is returned as is; otherwise "<models dir>/<name>.json" is tried.
     * \param nameOrPath e.g. "resnet18" or "my/profile.json"
     * \return the path of an existing file
     * \throws DnnSurgeryError listing the available models if nothing matches
     */
    static std::string FindModel(const std::string& nameOrPath);
    /**
     * \return the directory of the bundled profiles: $DNN_SURGERY_MODELS_DIR if set, else
     * <module source dir>/scenarios/models
     */
    static std::string GetModelsDir();
    /**
     * \return the paths of every *.json in GetModelsDir(), sorted
     */
    static std::vector<std::string> ListModelFiles();
};

} // namespace ns3

#endif /* DNN_GRAPH_READER_H */
