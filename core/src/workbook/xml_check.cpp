// The only file that uses expat.
#include "workbook/xml_check.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string_view>

#include <expat.h>

#include "base/utf8.hpp"

namespace munidash {

namespace {
XML_Parser parser_of(void* p) { return static_cast<XML_Parser>(p); }
}  // namespace

namespace {
const char* attribute(const char** attributes, const char* name) {
    for (; attributes && *attributes; attributes += 2)
        if (std::strcmp(attributes[0], name) == 0) return attributes[1];
    return nullptr;
}

// A cell reference's column (A = 1) and row; 0 for what is not a reference.
std::pair<std::uint64_t, std::uint64_t> cell_reference(const char* text) {
    std::uint64_t col = 0, row = 0;
    for (; *text >= 'A' && *text <= 'Z' && col < (1u << 20); ++text)
        col = col * 26 + static_cast<std::uint64_t>(*text - 'A' + 1);
    for (; *text >= '0' && *text <= '9' && row < (1u << 30); ++text)
        row = row * 10 + static_cast<std::uint64_t>(*text - '0');
    if (*text != '\0') return {0, 0};
    return {col, row};
}
}  // namespace

xml_stream_check::xml_stream_check(bool worksheet) : parser_(XML_ParserCreate(nullptr)), worksheet_(worksheet) {
    if (!parser_) {
        error_ = "the XML parser could not start (out of memory)";
        return;
    }
    XML_SetUserData(parser_of(parser_), this);
    // The same checks as xml_quick_check, whose doubts this parser settles: lists in every part,
    // rows and cells in a worksheet's.
    XML_SetElementHandler(
        parser_of(parser_),
        [](void* self, const XML_Char* name, const XML_Char** attributes) {
            static_cast<xml_stream_check*>(self)->on_open(name, attributes);
        },
        [](void* self, const XML_Char* name) { static_cast<xml_stream_check*>(self)->on_close(name); });
}

void xml_stream_check::on_open(const char* name, const char** attributes) {
    if (worksheet_) on_element(name, attributes);
    if (!open_.empty()) ++open_.back().children;
    // The lists of styles.xml, workbook.xml and the others say how many items they hold; the
    // shared strings' "count" counts uses, its "uniqueCount" the items.
    const char* count = attribute(attributes, std::strcmp(name, "sst") == 0 ? "uniqueCount" : "count");
    if (!count && std::strcmp(name, "vt:vector") == 0) count = attribute(attributes, "size");
    open_.push_back({count ? std::strtoll(count, nullptr, 10) : -1, 0});
}

void xml_stream_check::on_close(const char* name) {
    if (open_.empty()) return;
    const auto [expected, children] = open_.back();
    open_.pop_back();
    if (!error_.empty() || expected < 0 || expected == children) return;
    error_ = std::string("<") + name + "> says it holds " + std::to_string(expected) + " items but holds " +
             std::to_string(children) + ", at line " + std::to_string(XML_GetCurrentLineNumber(parser_of(parser_)));
    XML_StopParser(parser_of(parser_), XML_FALSE);
}

void xml_stream_check::on_element(const char* name, const char** attributes) {
    if (!error_.empty()) return;
    const auto refuse = [&](const std::string& what) {
        error_ = what + " at line " + std::to_string(XML_GetCurrentLineNumber(parser_of(parser_)));
        XML_StopParser(parser_of(parser_), XML_FALSE);
    };
    if (std::strcmp(name, "row") == 0) {
        const char* r = attribute(attributes, "r");
        const auto [col, row] = cell_reference(r ? r : "");
        if (col != 0 || row <= row_) return refuse(std::string("row '") + (r ? r : "") + "' out of order");
        row_ = row;
        col_ = 0;
        ++rows_;
    } else if (std::strcmp(name, "c") == 0) {
        const char* r = attribute(attributes, "r");
        const auto [col, row] = cell_reference(r ? r : "");
        if (row != row_ || col <= col_)
            return refuse(std::string("cell '") + (r ? r : "") + "' out of place in row " + std::to_string(row_));
        col_ = col;
        ++cells_;
    }
}

xml_stream_check::~xml_stream_check() {
    if (parser_) XML_ParserFree(parser_of(parser_));
}

void xml_stream_check::record_error() {
    if (!error_.empty()) return;  // a reference out of place stopped the parser: that is the reason
    const auto parser = parser_of(parser_);
    error_ = std::string(XML_ErrorString(XML_GetErrorCode(parser))) + " at line " +
             std::to_string(XML_GetCurrentLineNumber(parser)) + ", column " +
             std::to_string(XML_GetCurrentColumnNumber(parser) + 1);
}

void xml_stream_check::feed(const char* bytes, std::size_t size) {
    // A piece longer than an int is fed in several calls: expat counts lengths in int.
    constexpr std::size_t most = static_cast<std::size_t>(std::numeric_limits<int>::max());
    while (error_.empty() && size > 0) {
        const std::size_t piece = size < most ? size : most;
        if (XML_Parse(parser_of(parser_), bytes, static_cast<int>(piece), XML_FALSE) != XML_STATUS_OK) record_error();
        bytes += piece;
        size -= piece;
    }
}

std::string xml_stream_check::finish() {
    if (error_.empty() && XML_Parse(parser_of(parser_), nullptr, 0, XML_TRUE) != XML_STATUS_OK) record_error();
    return error_;
}

namespace {
bool is_space(unsigned char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
// Name characters as libxlsxwriter writes them (ASCII, with prefixes); anything else is left to expat.
bool is_name_start(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'; }
bool is_name(unsigned char c) { return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }
}  // namespace

namespace {
// Bytes that need no look in text or an attribute value: printable ASCII other than < and &.
constexpr bool plain(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '<' && c != '&'; }
}  // namespace

void xml_quick_check::feed(const char* bytes, std::size_t size) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes);
    const auto* const end = p + size;
    while (p < end && !doubt_) {
        // The runs of ordinary bytes are skipped in a tight loop; byte() sees only what changes the state.
        if (utf8_continuations_ == 0) {
            if (state_ == state::text && depth_ > 0) {
                while (p < end && plain(*p)) ++p;
            } else if (state_ == state::value) {
                const auto* start = p;
                while (p < end && plain(*p) && *p != static_cast<unsigned char>(quote_)) ++p;
                if (capture_ != capture::none)
                    captured_.append(reinterpret_cast<const char*>(start), static_cast<std::size_t>(p - start));
            } else if (state_ == state::open_name || (state_ == state::close_name && !name_.empty())) {
                const auto* start = p;
                while (p < end && is_name(*p)) ++p;
                name_.append(reinterpret_cast<const char*>(start), static_cast<std::size_t>(p - start));
            } else if (state_ == state::attribute_name) {
                const auto* start = p;
                while (p < end && is_name(*p)) ++p;
                attribute_.append(reinterpret_cast<const char*>(start), static_cast<std::size_t>(p - start));
            }
            if (p == end) return;
        }
        if (!byte(*p++)) doubt_ = true;
    }
}

bool xml_quick_check::finish() {
    return !doubt_ && state_ == state::text && root_closed_ && depth_ == 0 && utf8_continuations_ == 0;
}

bool xml_quick_check::open_tag_done() {
    if (worksheet_ && (element_ == "row" || element_ == "c")) {
        const auto [col, row] = cell_reference(reference_.c_str());
        if (element_ == "row") {
            if (col != 0 || row <= row_) return false;
            row_ = row;
            col_ = 0;
            ++rows_;
        } else {
            if (row != row_ || col <= col_) return false;
            col_ = col;
            ++cells_;
        }
    }
    lists_.push_back({count_, 0});
    return true;
}

bool xml_quick_check::element_done() {
    if (lists_.empty()) return false;
    const auto [expected, children] = lists_.back();
    lists_.pop_back();
    return expected < 0 || expected == children;
}

bool xml_quick_check::end_entity() {
    if (entity_ == "amp" || entity_ == "lt" || entity_ == "gt" || entity_ == "quot" || entity_ == "apos") return true;
    if (entity_.size() < 2 || entity_[0] != '#') return false;
    const bool hex = entity_[1] == 'x';
    if (hex && entity_.size() < 3) return false;
    for (std::size_t k = hex ? 2 : 1; k < entity_.size(); ++k) {
        const char c = entity_[k];
        if (!((c >= '0' && c <= '9') || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))))) return false;
    }
    return entity_.size() <= 9;  // a code point, not a number too long to be one
}

bool xml_quick_check::byte(unsigned char c) {
    // UTF-8: lead bytes and their continuations; the control characters XML forbids.
    if (utf8_continuations_ > 0) {
        if (!is_utf8_continuation(c)) return false;
        --utf8_continuations_;
        return state_ == state::text || state_ == state::value;
    }
    if (c >= 0x80) {
        const auto length = utf8_sequence_length(c);  // 0: no sequence starts with this byte
        if (length == 0) return false;
        utf8_continuations_ = static_cast<int>(length) - 1;
        // Only in text and attribute values (names are ASCII in libxlsxwriter's parts); overlong forms: expat.
        return (state_ == state::text && depth_ > 0) || state_ == state::value;
    }
    if (c < 0x20 && !is_space(c)) return false;
    switch (state_) {
        case state::text: return in_text(c);
        case state::tag_start: return at_tag_start(c);
        case state::declaration: return in_declaration(c);
        case state::open_name: return in_open_name(c);
        case state::in_tag:
        case state::after_value: return in_tag(c);
        case state::attribute_name: return in_attribute_name(c);
        case state::before_equals: return before_equals(c);
        case state::before_value: return before_value(c);
        case state::value: return in_value(c);
        case state::empty_end: return at_empty_end(c);
        case state::close_name: return in_close_name(c);
        case state::after_close_name: return after_close_name(c);
        case state::entity: return in_entity(c);
    }
    return false;
}

// Text between tags: only whitespace outside the root.
bool xml_quick_check::in_text(unsigned char c) {
    if (c == '<')
        state_ = state::tag_start;
    else if (c == '&') {
        if (depth_ == 0) return false;
        entity_.clear();
        after_entity_ = state::text;
        state_ = state::entity;
    } else if (depth_ == 0 && !is_space(c)) {
        return false;
    }
    return true;
}

// After '<': a start tag, an end tag or the declaration; never a comment, CDATA or DOCTYPE.
bool xml_quick_check::at_tag_start(unsigned char c) {
    if (c == '/') {
        if (depth_ == 0) return false;
        name_.clear();
        state_ = state::close_name;
    } else if (c == '?') {
        if (root_seen_ || declaration_at_ > 0) return false;
        state_ = state::declaration;
    } else if (is_name_start(c)) {
        if (root_closed_) return false;  // a second root
        name_.assign(1, static_cast<char>(c));
        attributes_.clear();
        state_ = state::open_name;
    } else {
        return false;  // a comment, CDATA, DOCTYPE or worse
    }
    return true;
}

// libxlsxwriter's own declaration, byte for byte: any other is for expat to judge.
bool xml_quick_check::in_declaration(unsigned char c) {
    // libxlsxwriter's own declaration, byte for byte: any other is for expat to judge.
    constexpr std::string_view expected = "xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>";
    if (declaration_at_ >= expected.size() || c != static_cast<unsigned char>(expected[declaration_at_])) return false;
    if (++declaration_at_ == expected.size()) state_ = state::text;
    return true;
}

// A start tag's name; when it ends, the element is open.
bool xml_quick_check::in_open_name(unsigned char c) {
    if (is_name(c)) {
        name_ += static_cast<char>(c);
        return true;
    }
    stack_ += name_;
    stack_ += '\0';
    ++depth_;
    root_seen_ = true;
    if (!lists_.empty()) ++lists_.back().children;
    element_ = name_;
    reference_.clear();
    count_ = -1;
    if (c == '>') {
        state_ = state::text;
        return open_tag_done();
    }
    if (c == '/')
        state_ = state::empty_end;
    else if (is_space(c))
        state_ = state::in_tag;
    else
        return false;
    return true;
}

// Between a start tag's attributes.
bool xml_quick_check::in_tag(unsigned char c) {
    if (is_space(c))
        state_ = state::in_tag;
    else if (c == '>') {
        state_ = state::text;
        return open_tag_done();
    } else if (c == '/')
        state_ = state::empty_end;
    else if (is_name_start(c) && state_ == state::in_tag) {
        attribute_.assign(1, static_cast<char>(c));
        state_ = state::attribute_name;
    } else {
        return false;
    }
    return true;
}

// An attribute's name: each once per tag; the references and counts are captured.
bool xml_quick_check::in_attribute_name(unsigned char c) {
    if (is_name(c)) {
        attribute_ += static_cast<char>(c);
        return true;
    }
    // An attribute twice in one tag: the trace of a gap between two tags' attributes.
    if (std::find(attributes_.begin(), attributes_.end(), attribute_) != attributes_.end()) return false;
    attributes_.push_back(attribute_);
    captured_.clear();
    if (worksheet_ && attribute_ == "r" && (element_ == "row" || element_ == "c"))
        capture_ = capture::reference;
    else if (attribute_ == (element_ == "sst" ? "uniqueCount" : element_ == "vt:vector" ? "size" : "count"))
        capture_ = capture::count;
    else
        capture_ = capture::none;
    if (c == '=')
        state_ = state::before_value;
    else if (is_space(c))
        state_ = state::before_equals;
    else
        return false;
    return true;
}

// Between an attribute's name and its '='.
bool xml_quick_check::before_equals(unsigned char c) {
    if (c == '=')
        state_ = state::before_value;
    else if (!is_space(c))
        return false;
    return true;
}

// Between '=' and the quote that opens the value.
bool xml_quick_check::before_value(unsigned char c) {
    if (c == '"' || c == '\'') {
        quote_ = static_cast<char>(c);
        state_ = state::value;
    } else if (!is_space(c)) {
        return false;
    }
    return true;
}

// An attribute's value, up to its closing quote.
bool xml_quick_check::in_value(unsigned char c) {
    if (c == static_cast<unsigned char>(quote_)) {
        state_ = state::after_value;
        if (capture_ == capture::reference) reference_ = captured_;
        if (capture_ == capture::count) {
            if (captured_.empty() || captured_.size() > 12 ||
                captured_.find_first_not_of("0123456789") != std::string::npos)
                return false;
            count_ = std::stoll(captured_);
        }
        capture_ = capture::none;
    } else if (c == '<' || capture_ != capture::none) {
        return false;  // a reference or count is plain ASCII digits and letters
    } else if (c == '&') {
        entity_.clear();
        after_entity_ = state::value;
        state_ = state::entity;
    }
    return true;
}

// After '/' in a start tag: the element closes at once.
bool xml_quick_check::at_empty_end(unsigned char c) {
    if (c != '>') return false;
    // The element just opened is closed at once.
    if (!open_tag_done() || !element_done()) return false;
    stack_.resize(stack_.size() - 1);
    stack_.resize(stack_.rfind('\0') == std::string::npos ? 0 : stack_.rfind('\0') + 1);
    if (--depth_ == 0) root_closed_ = true;
    state_ = state::text;
    return true;
}

// An end tag's name.
bool xml_quick_check::in_close_name(unsigned char c) {
    if (is_name(c) || (name_.empty() && is_name_start(c))) {
        name_ += static_cast<char>(c);
        return true;
    }
    if (is_space(c)) {
        state_ = state::after_close_name;
        return !name_.empty();
    }
    return after_close_name(c);
}

// After an end tag's name: it must close the innermost open element.
bool xml_quick_check::after_close_name(unsigned char c) {
    if (is_space(c)) return true;
    if (c != '>' || name_.empty()) return false;
    // The innermost open element must be this one.
    const auto start = stack_.size() < 2 ? std::string::npos : stack_.rfind('\0', stack_.size() - 2);
    const auto top = start == std::string::npos ? 0 : start + 1;
    if (stack_.compare(top, stack_.size() - 1 - top, name_) != 0) return false;
    if (!element_done()) return false;
    stack_.resize(top);
    if (--depth_ == 0) root_closed_ = true;
    state_ = state::text;
    return true;
}

// An entity's name, after '&', up to ';'.
bool xml_quick_check::in_entity(unsigned char c) {
    if (c == ';') {
        state_ = after_entity_;
        return end_entity();
    }
    if (entity_.size() >= 10 || !(is_name(c) || c == '#')) return false;
    entity_ += static_cast<char>(c);
    return true;
}

}  // namespace munidash
