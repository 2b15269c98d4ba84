"""What each built binary exports, read with nm -D and readelf -r: the SDK library exports exactly
the vtable, type_info and destructors of the types plugin.hpp marks MUNIDASH_API (and all of their
type_info, which exceptions and dynamic_cast across the engine-plugin boundary need); the CLI,
which holds the engine, exports no engine symbol; a plugin exports its entry point. A symbol
outside those rules fails the test with its name."""
import re
import subprocess
from pathlib import Path


# Symbols the linker itself defines in some binaries; they name no code of ours.
LINKER_SYMBOLS = {"__bss_start", "_edata", "_end", "_init", "_fini", "_IO_stdin_used"}

# nm's letters for definitions that the dynamic linker unifies across binaries (template
# instantiations, inline variables, type_info of inline classes): one copy per process is the C++ rule.
VAGUE_LINKAGE = {"W", "V", "u"}


def exported(binary):
    """The defined dynamic symbols of `binary`: {mangled name without @version: nm letter}."""
    out = subprocess.run(["nm", "-D", "--defined-only", binary], capture_output=True, text=True, check=True).stdout
    symbols = {}
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 3:
            symbols[fields[2].split("@")[0]] = fields[1]
    return symbols


def demangled(names):
    """{mangled: demangled} through one c++filt."""
    names = sorted(names)
    out = subprocess.run(["c++filt"], input="\n".join(names), capture_output=True, text=True, check=True).stdout
    return dict(zip(names, out.splitlines()))


def copied(binary):
    """Symbols an executable holds as copies of a library's data (R_X86_64_COPY): an executable
    that reads a library's object directly gets its own copy, to which the library is bound; the
    executable defines none of them."""
    out = subprocess.run(["readelf", "-rW", binary], capture_output=True, text=True, check=True).stdout
    return {line.split()[4].split("@")[0] for line in out.splitlines() if "_COPY" in line and len(line.split()) >= 5}


def test_exported_symbols(sdk, cli, header, plugin_dir):
    # The SDK library: its exports are exactly what the header promises, computed from the header so
    # that a type added there with MUNIDASH_API is expected here without editing this test.
    sdk_types = re.findall(r"\b(?:class|struct)\s+MUNIDASH_API\s+(\w+)", Path(header).read_text())
    assert len(sdk_types) > 0, f"plugin.hpp declares types with MUNIDASH_API: {sdk_types}"
    allowed = set()
    for name in sdk_types:
        allowed |= {f"vtable for munidash::{name}", f"typeinfo for munidash::{name}",
                    f"typeinfo name for munidash::{name}", f"munidash::{name}::~{name}()"}
    sdk_exports = exported(sdk)
    sdk_names = demangled(sdk_exports)
    unexpected = sorted(sdk_names[m] for m in sdk_exports if m not in LINKER_SYMBOLS and sdk_names[m] not in allowed)
    assert not unexpected, f"libmunidash_sdk exports only the SDK's types, not {unexpected[:20]}"
    for name in sdk_types:
        assert f"typeinfo for munidash::{name}" in sdk_names.values(), (
            f"libmunidash_sdk exports the one type_info of munidash::{name}")
    print(f"libmunidash_sdk: {len(sdk_exports)} exported symbols, for {len(sdk_types)} types: {', '.join(sdk_types)}")

    # The CLI holds the engine (a static library with hidden symbols): nothing of the engine, nor a
    # third-party library linked into it, is exported. What remains is data copied from the libraries
    # it links, and vague-linkage definitions those libraries share with it.
    cli_exports = exported(cli)
    cli_names = demangled(cli_exports)
    copies = copied(cli)
    leaks = []
    for mangled, letter in cli_exports.items():
        if mangled in LINKER_SYMBOLS:
            continue
        if mangled in copies:
            if "munidash::" in cli_names[mangled] and mangled not in sdk_exports:
                leaks.append(cli_names[mangled])
            continue
        if letter not in VAGUE_LINKAGE or "munidash" in cli_names[mangled]:
            leaks.append(f"{letter} {cli_names[mangled]}")
    assert not leaks, f"the CLI exports no symbol of the engine or of a library linked into it: {sorted(leaks)[:20]}"
    print(f"munidash (CLI): {len(cli_exports)} exported symbols, {len(copies & set(cli_exports))} of them copies of library data, "
          f"{sum(1 for m in cli_exports if 'munidash::' in cli_names[m])} of munidash (copies of the SDK's)")

    # A plugin exports its entry point and nothing of its own: the engine finds it by that one name.
    plugins = sorted(Path(plugin_dir).glob("munidash_plugin_*.so"))
    assert len(plugins) > 0, f"built-in plugins in {plugin_dir}"
    for plugin in plugins:
        symbols = exported(plugin)
        names = demangled(symbols)
        assert symbols.get("munidash_plugin_entry") == "T", f"{Path(plugin).name} exports munidash_plugin_entry"
        extra = sorted(f"{letter} {names[m]}" for m, letter in symbols.items()
                       if m not in LINKER_SYMBOLS and m != "munidash_plugin_entry"
                       and (letter not in VAGUE_LINKAGE or "munidash" in names[m]))
        assert not extra, f"{Path(plugin).name} exports nothing else of its own: {extra[:20]}"
