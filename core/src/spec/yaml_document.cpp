// The only file that includes yaml-cpp. It uses the event parser rather than YAML::Load so that it
// can see what Load hides: anchors and aliases (Load silently shares nodes), duplicate keys (Load
// keeps both), and a second document (LoadAll can loop forever on some inputs in 0.7).
#include "spec/yaml_document.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include "base/utf8.hpp"

namespace munidash {

const spec_node* spec_node::find(std::string_view key) const {
    for (const auto& [k, v] : entries)
        if (k.text == key) return &v;
    return nullptr;
}

namespace {

class tree_builder final : public YAML::EventHandler {
public:
    tree_builder(std::filesystem::path file, diagnostic_list& problems) : file_(std::move(file)), problems_(problems) {}

    spec_node take_root() { return std::move(root_); }
    bool has_root() const { return has_root_; }

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        spec_node node;
        node.where = position(mark);
        check_anchor(mark, anchor);
        add(std::move(node));
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
        problems_.add(position(mark), "YAML aliases (*name) are not accepted in a spec",
                      "write the value out in full, or use 'extends:' to share a base spec");
        spec_node node;
        node.where = position(mark);
        add(std::move(node));
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        check_anchor(mark, anchor);
        check_tag(mark, tag);
        spec_node node;
        node.type = spec_node::kind::scalar;
        node.where = position(mark);
        node.text = value;
        node.quoted = tag == "!";  // yaml-cpp tags quoted scalars "!" and plain ones "?"
        add(std::move(node));
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(mark, tag, anchor, spec_node::kind::sequence);
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(mark, tag, anchor, spec_node::kind::mapping);
    }
    void OnMapEnd() override { close(); }

private:
    text_position position(const YAML::Mark& mark) const { return {file_, mark.line + 1, mark.column + 1}; }

    void check_anchor(const YAML::Mark& mark, YAML::anchor_t anchor) {
        if (anchor != YAML::NullAnchor)
            problems_.add(position(mark), "YAML anchors (&name) are not accepted in a spec",
                          "remove the anchor; use 'extends:' to share a base spec");
    }

    void check_tag(const YAML::Mark& mark, const std::string& tag) {
        if (!tag.empty() && tag != "?" && tag != "!")
            problems_.add(position(mark), "YAML tag '" + tag + "' is not accepted in a spec",
                          "remove the tag; munidash decides each value's type from its key");
    }

    void open(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, spec_node::kind type) {
        check_anchor(mark, anchor);
        check_tag(mark, tag);
        if (static_cast<int>(stack_.size()) >= max_spec_depth && !too_deep_) {
            too_deep_ = true;
            problems_.add(position(mark), "the spec nests deeper than " + std::to_string(max_spec_depth) + " levels",
                          "a report spec needs a handful of levels; check the indentation");
        }
        spec_node node;
        node.type = type;
        node.where = position(mark);
        stack_.push_back({std::move(node), std::nullopt});
    }

    void close() {
        spec_node done = std::move(stack_.back().node);
        stack_.pop_back();
        add(std::move(done));
    }

    void add(spec_node node) {
        if (stack_.empty()) {
            root_ = std::move(node);
            has_root_ = true;
            return;
        }
        auto& top = stack_.back();
        if (top.node.type == spec_node::kind::sequence) {
            top.node.items.push_back(std::move(node));
        } else if (!top.pending_key) {
            if (node.type != spec_node::kind::scalar)
                problems_.add(node.where, "a mapping key must be a plain name",
                              "write keys as simple words such as 'title:'");
            else if (const auto* first = key_node(top.node, node.text))
                problems_.add(node.where, "duplicate key '" + node.text + "'",
                              "it is already set at " + to_string(first->where) + "; keep one of the two");
            top.pending_key = std::move(node);
        } else {
            top.node.entries.push_back({std::move(*top.pending_key), std::move(node)});
            top.pending_key.reset();
        }
    }

    static const spec_node* key_node(const spec_node& mapping, std::string_view key) {
        for (const auto& entry : mapping.entries)
            if (entry.key.text == key) return &entry.key;
        return nullptr;
    }

    struct open_node {
        spec_node node;
        std::optional<spec_node> pending_key;
    };

    std::filesystem::path file_;
    diagnostic_list& problems_;
    std::vector<open_node> stack_;
    spec_node root_;
    bool has_root_ = false;
    bool too_deep_ = false;
};

// Refuses a spec over the limit, with its real size; a file is checked before it is read.
void check_spec_size(std::size_t size, const std::filesystem::path& file) {
    if (size <= max_spec_bytes) return;
    throw munidash_error(failure_kind::spec,
                         diagnostic{{file, 0, 0},
                                    "the spec is " + std::to_string(size) + " bytes, over the limit of " +
                                        std::to_string(max_spec_bytes),
                                    "a report spec is a few kilobytes; is this the right file?"});
}

}  // namespace

spec_node read_yaml_text(std::string_view text, const std::filesystem::path& file) {
    check_spec_size(text.size(), file);
    diagnostic_list problems;
    if (const auto bad = find_invalid_utf8(text)) {
        const auto before = text.substr(0, *bad);
        const auto last_newline = before.rfind('\n');
        const auto line_start = last_newline == std::string_view::npos ? 0 : last_newline + 1;
        const int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
        const int column = 1 + static_cast<int>(utf8_length(before.substr(line_start)));  // characters, not bytes
        problems.add({file, line, column}, "the spec is not valid UTF-8 (byte offset " + std::to_string(*bad) + ")",
                     "save the file as UTF-8");
        problems.throw_if_any(failure_kind::spec);
    }
    text = strip_utf8_bom(text);

    std::istringstream stream{std::string(text)};
    tree_builder builder(file, problems);
    try {
        YAML::Parser parser(stream);
        parser.HandleNextDocument(builder);
        // Only ask whether a second document exists; never parse documents in a loop.
        tree_builder extra(file, problems);
        if (parser.HandleNextDocument(extra) && extra.has_root())
            problems.add(extra.take_root().where, "the file holds several YAML documents",
                         "a spec is one document: remove the '---' separator and what follows");
    } catch (const YAML::Exception& e) {
        problems.add({file, e.mark.line + 1, e.mark.column + 1}, "YAML syntax error: " + e.msg,
                     "check the indentation and the quotes around this place");
    }
    problems.throw_if_any(failure_kind::spec);
    if (!builder.has_root()) {
        problems.add({file, 1, 1}, "the spec is empty", "start from configs/petites-villes-numerique.yaml");
        problems.throw_if_any(failure_kind::spec);
    }
    return builder.take_root();
}

spec_node read_yaml_file(const std::filesystem::path& file) {
    // A folder opens as a stream on Linux and reads as garbage: say what it is instead.
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec))
        throw munidash_error(failure_kind::spec,
                             diagnostic{{file, 0, 0},
                                        "'" + file.string() + "' is a folder, not a spec file",
                                        "give the path of a YAML spec in it, e.g. configs/illustratif.yaml"});
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw munidash_error(failure_kind::spec,
                             diagnostic{{file, 0, 0},
                                        "cannot open the spec file",
                                        "check the path; it is read relative to the current directory"});
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::size_t>(in.tellg());
    check_spec_size(size, file);
    in.seekg(0);
    std::string text(size, '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    return read_yaml_text(text, file);
}

}  // namespace munidash
