# Functions .ci/install and .ci/install-test share (sourced, from the package root).

# The release version, from its one definition (abi/cloudkit_version.h).
release_version() {
    sed -n 's/^#define CLOUDKIT_VERSION "\([^"]*\)"$/\1/p' abi/cloudkit_version.h
}

# The date of the CHANGELOG's top entry ("## [VERSION] - YYYY-MM-DD").
release_date() {
    sed -n 's/^## \[[^]]*\] - \([0-9-]*\)$/\1/p' CHANGELOG.md | head -1
}

# The folder holding the toolchain's Swift runtime libraries.
swift_runtime_dir() {
    local swift
    swift=$(readlink -f "$(command -v swift)")
    (cd "$(dirname "$swift")/../lib/swift/linux" && pwd)
}

# Whether LIBRARY exports the provider entry point.
exports_provider_entry() {
    nm -D --defined-only "$1" | awk '$2 == "T" && $3 == "cloudkit_provider_init" { found = 1 } END { exit !found }'
}

# Whether FILE is an ELF file.
is_elf() {
    [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ]
}

# copy_swift_runtime TOOLCHAIN_LIBS DEST BINARY...: copies into DEST every
# library the binaries load (directly or not) from TOOLCHAIN_LIBS. Fails on
# a library the loader cannot find at all.
copy_swift_runtime() {
    local toolchain=$1 dest=$2 binary path
    shift 2
    for binary in "$@"; do
        if ldd "$binary" | grep -q 'not found'; then
            echo "install: $binary needs a library that is not found:" >&2
            ldd "$binary" | grep 'not found' >&2
            return 1
        fi
        ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | while read -r path; do
            case "$(readlink -f "$path")" in
                "$toolchain"/*) cp -L "$path" "$dest/$(basename "$path")" ;;
            esac
        done
    done
    chmod 644 "$dest"/*.so* 2>/dev/null || true
}

# set_relative_runpath FILE RUNPATH: gives FILE that run path when it needs a
# library of the bundled Swift runtime (its folder holds libswiftCore.so, or
# FILE is one of them), and none otherwise.
set_relative_runpath() {
    local file=$1 runpath=$2 runtime needed
    case "$runpath" in '$ORIGIN'*) ;; *) echo "install: $runpath is not \$ORIGIN-relative" >&2; return 1 ;; esac
    runtime="$(dirname "$file")/${runpath#\$ORIGIN/}"
    [ "$runpath" = '$ORIGIN' ] && runtime=$(dirname "$file")
    for needed in $(patchelf --print-needed "$file"); do
        if [ -e "$runtime/$needed" ]; then
            patchelf --set-rpath "$runpath" "$file"
            return 0
        fi
    done
    patchelf --remove-rpath "$file"
}

# check_runpaths PREFIX: every ELF file's RUNPATH/RPATH entries are $ORIGIN-relative.
check_runpaths() {
    local file entry bad=0
    while IFS= read -r file; do
        is_elf "$file" || continue
        for entry in $(patchelf --print-rpath "$file" | tr ':' ' '); do
            case "$entry" in
                '$ORIGIN' | '$ORIGIN/'*) ;;
                *) echo "install: $file has run path entry $entry" >&2; bad=1 ;;
            esac
        done
    done < <(find "$1" -type f)
    return $bad
}

# write_pkg_config OUT: writes cloudkit.pc with .ci/pkgconfig (the one
# writer, from abi/cloudkit.pc.in). Its prefix is ${pcfiledir}/../..
# (pkg-config's folder of the .pc file), so the tree stays relocatable.
write_pkg_config() {
    local out=$1
    bash .ci/pkgconfig "$(dirname "$out")" --prefix '${pcfiledir}/../..' >/dev/null
}

# generate_manual PRODUCTS CLI DEST: writes DEST/cloudkit.1 from the CLI's
# own description of its commands (swift-argument-parser's generate-manual).
generate_manual() {
    local products=$1 cli=$2 dest=$3
    [ -x "$products/generate-manual" ] || { echo "install: $products/generate-manual is missing (build it, or drop --no-build)" >&2; return 1; }
    "$products/generate-manual" "$cli" --date "$(release_date)" --output-directory "$dest" >/dev/null
    [ -s "$dest/cloudkit.1" ] || { echo "install: no manual was generated" >&2; return 1; }
    chmod 644 "$dest/cloudkit.1"
}
