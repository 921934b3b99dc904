#!/usr/bin/env bash
# Builds Kiln's container image from deploy/image/Dockerfile with docker or podman.
#   scripts/build-image.sh [IMAGE]     the tag to build (default kiln:latest)
#   KILN_IMAGE_TOOL=podman scripts/build-image.sh     choose the tool (default: docker if usable, else podman)
# Extra arguments after IMAGE go to the build command (such as --platform linux/arm64 or --push with buildx).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
image="${1:-kiln:latest}"
[ "$#" -gt 0 ] && shift

usable() {
  case "$1" in
    docker) command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 ;;
    podman) command -v podman >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

tool="${KILN_IMAGE_TOOL:-}"
if [ -n "$tool" ]; then
  if ! usable "$tool"; then
    echo "build-image: KILN_IMAGE_TOOL=$tool, but $tool is not installed or (docker) its daemon does not answer" >&2
    exit 1
  fi
else
  for candidate in docker podman; do
    if usable "$candidate"; then tool="$candidate"; break; fi
  done
fi

if [ -z "$tool" ]; then
  if command -v docker >/dev/null 2>&1; then
    echo "build-image: docker is installed but its daemon does not answer (docker info fails); start it or install podman" >&2
  else
    echo "build-image: neither docker nor podman is installed; install one of them to build the image" >&2
  fi
  echo "build-image: without them, deploy/image/Dockerfile still documents the image: publish with" >&2
  echo "  dotnet publish src/Kiln.Cli -c Release -o OUT   and run deploy/image/entrypoint.sh with KILN_DLL=OUT/Kiln.Cli.dll" >&2
  exit 1
fi

echo "build-image: building $image with $tool"
exec "$tool" build -f "$root/deploy/image/Dockerfile" -t "$image" "$@" "$root"
