// The only file that uses OpenSSL's libcrypto (Debian's libssl-dev): its EVP digest interface.
#include "base/sha256.hpp"

#include <openssl/evp.h>

#include <array>
#include <fstream>
#include <memory>

namespace munidash {

namespace {

struct digest_deleter {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

class sha256_digest {
public:
    sha256_digest() : context_(EVP_MD_CTX_new()) {
        if (!context_ || EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) != 1) throw std::bad_alloc();
    }
    void add(const char* data, std::size_t size) { EVP_DigestUpdate(context_.get(), data, size); }
    std::string hex() {
        std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
        unsigned int size = 0;
        EVP_DigestFinal_ex(context_.get(), digest.data(), &size);
        static constexpr char digits[] = "0123456789abcdef";
        std::string out;
        for (unsigned int i = 0; i < size; ++i) {
            out += digits[digest[i] >> 4];
            out += digits[digest[i] & 0xFu];
        }
        return out;
    }

private:
    std::unique_ptr<EVP_MD_CTX, digest_deleter> context_;
};

}  // namespace

std::optional<std::string> sha256_of_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    sha256_digest digest;
    std::array<char, 1 << 16> buffer{};
    while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0)
        digest.add(buffer.data(), static_cast<std::size_t>(in.gcount()));
    if (in.bad()) return std::nullopt;
    return digest.hex();
}

std::string sha256_of_text(std::string_view bytes) {
    sha256_digest digest;
    digest.add(bytes.data(), bytes.size());
    return digest.hex();
}

}  // namespace munidash
