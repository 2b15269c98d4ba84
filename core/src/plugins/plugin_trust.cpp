// Anyone who can replace a plugin, or a folder on the way to it, can run code in a process that
// writes the workbooks an association sends out: so all of them are checked, not just the file.
#include "plugins/plugin_trust.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <initializer_list>
#include <set>
#include <string_view>
#include <vector>

namespace munidash {

namespace {

// Texts are joined from parts: GCC 12 warns falsely (-Wrestrict) on `"literal" + std::string`.
std::string joined(std::initializer_list<std::string_view> parts) {
    std::string out;
    for (const auto part : parts) out += part;
    return out;
}

std::string user_name(uid_t uid) {
    if (const passwd* pw = ::getpwuid(uid)) return pw->pw_name;
    return joined({"uid ", std::to_string(uid)});
}

std::string group_name(gid_t gid) {
    if (const group* gr = ::getgrgid(gid)) return gr->gr_name;
    return joined({"gid ", std::to_string(gid)});
}

std::string quoted(const std::filesystem::path& p) { return joined({"'", p.native(), "'"}); }

// The problem with one file or folder, or "" when it is fine. `sticky_is_enough` for the folders
// above the plugin's own: the sticky bit keeps others from replacing entries they do not own.
trust_problem check_one(const std::filesystem::path& p, bool is_folder, bool sticky_is_enough) {
    struct stat st {};
    const auto name = quoted(p);
    if (::stat(p.c_str(), &st) != 0) return {joined({"cannot read ", name}), "check that it exists and can be read"};
    const auto me = user_name(::geteuid());
    const std::string_view kind = is_folder ? "the folder " : "the plugin file ";
    const bool sticky = (st.st_mode & S_ISVTX) != 0;
    if (st.st_uid != 0 && st.st_uid != ::geteuid())
        return {joined({kind, name, " belongs to ", user_name(st.st_uid), ", not to root or to ", me,
                        " who runs munidash: its owner could change the code this process runs"}),
                joined({"if it is trusted: chown ", me, " ", name, " (or install it as root)"})};
    if ((st.st_mode & S_IWOTH) != 0 && !(sticky_is_enough && sticky))
        return {joined({kind, name, " can be written by every user",
                        sticky ? " (sticky or not, anyone can add a plugin to it)" : "",
                        ": anyone could run code in this process"}),
                joined({"chmod o-w ", name, is_folder ? ", or put the plugins in a folder only you can write" : ""})};
    if ((st.st_mode & S_IWGRP) != 0 && !(sticky_is_enough && sticky))
        return {joined({kind, name, " can be written by the group ", group_name(st.st_gid),
                        ": its members could run code in this process"}),
                joined({"chmod g-w ", name})};
    return {};
}

// The problem with the folders from `folder` up to '/', the first one being the plugin's own.
trust_problem check_folders(std::filesystem::path folder, std::set<std::pair<std::filesystem::path, bool>>& seen) {
    bool own = true;
    for (;;) {
        if (seen.emplace(folder, own).second)
            if (auto problem = check_one(folder, true, !own); !problem.reason.empty()) return problem;
        own = false;
        if (folder == folder.root_path() || folder.parent_path() == folder) break;
        folder = folder.parent_path();
    }
    return {};
}

}  // namespace

trust_problem check_plugin_trust(const std::filesystem::path& file) {
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(file, ec);
    const auto real = std::filesystem::canonical(file, ec);
    if (ec) return {joined({"cannot resolve ", quoted(file), ": ", ec.message()}), "check the path and its symlinks"};
    const std::string via = real == absolute ? "" : joined({" (", quoted(file), " leads to it)"});
    if (auto problem = check_one(real, false, false); !problem.reason.empty()) {
        problem.reason += via;
        return problem;
    }
    std::set<std::pair<std::filesystem::path, bool>> seen;  // (folder, checked as the plugin's own)
    // The folder the file was found in (symlinks of folders resolved): whoever can write it can put a
    // symlink there; then the folders of the real file.
    for (const auto& folder : {std::filesystem::canonical(absolute.parent_path(), ec), real.parent_path()}) {
        if (ec)
            return {joined({"cannot resolve ", quoted(absolute.parent_path()), ": ", ec.message()}), "check the path"};
        if (auto problem = check_folders(folder, seen); !problem.reason.empty()) {
            problem.reason += joined({" (it holds the plugin ", quoted(real), ")", via});
            return problem;
        }
    }
    return {};
}

}  // namespace munidash
