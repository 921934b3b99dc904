#!/bin/sh
# Entry point of Kiln's container image. The first argument says what the container is:
#
#   driver ARGS...           the driver of an application in cluster mode: `kiln submit ARGS...`
#   executor ARGS...         an executor pod: `kiln executor ARGS...` (executor pods carry only these arguments)
#   staging-server ARGS...   the resource staging server: `kiln staging-server ARGS...`
#   COMMAND ARGS...          any other kiln command (version, conf, run, sql, fetch-resources, ...)
#   /ABSOLUTE/PATH ARGS...   runs that program instead (a shell for debugging: /bin/sh)
#   (nothing)                kiln --help
#
# Before a driver or an executor starts, the files `kiln submit` staged are fetched when KILN_STAGING_URI,
# KILN_STAGING_RESOURCE_ID and KILN_STAGING_SECRET_FILE are set (into KILN_STAGING_INTO, default the working
# directory), as `kiln fetch-resources` would.
#
# The last step is `exec`: the .NET process replaces this shell and becomes the container's main process, so the
# SIGTERM of `kubectl delete pod` or `docker stop` reaches Kiln itself, which stops cleanly.
#
# KILN_HOME (default /opt/kiln) holds bin/Kiln.Cli.dll; KILN_DLL names another build of it; DOTNET (default dotnet)
# is the .NET host.
set -eu

KILN_HOME="${KILN_HOME:-/opt/kiln}"
KILN_DLL="${KILN_DLL:-$KILN_HOME/bin/Kiln.Cli.dll}"
DOTNET="${DOTNET:-dotnet}"

if [ ! -f "$KILN_DLL" ]; then
  echo "kiln entrypoint: $KILN_DLL is missing (set KILN_HOME or KILN_DLL to where Kiln is published)" >&2
  exit 127
fi

kiln() {
  "$DOTNET" "$KILN_DLL" "$@"
}

fetch_staged_resources() {
  if [ -z "${KILN_STAGING_URI:-}" ] && [ -z "${KILN_STAGING_RESOURCE_ID:-}" ]; then
    return 0
  fi
  if [ -z "${KILN_STAGING_URI:-}" ] || [ -z "${KILN_STAGING_RESOURCE_ID:-}" ] || [ -z "${KILN_STAGING_SECRET_FILE:-}" ]; then
    echo "kiln entrypoint: staging needs KILN_STAGING_URI, KILN_STAGING_RESOURCE_ID and KILN_STAGING_SECRET_FILE together" >&2
    exit 2
  fi
  set -- --uri "$KILN_STAGING_URI" --id "$KILN_STAGING_RESOURCE_ID" --secret-file "$KILN_STAGING_SECRET_FILE" --into "${KILN_STAGING_INTO:-$(pwd)}"
  if [ -n "${KILN_STAGING_CA_CERT:-}" ]; then
    set -- "$@" --ca-cert "$KILN_STAGING_CA_CERT"
  fi
  kiln fetch-resources "$@"
}

if [ "$#" -eq 0 ]; then
  exec "$DOTNET" "$KILN_DLL" --help
fi

command="$1"
shift
case "$command" in
  driver)
    fetch_staged_resources
    exec "$DOTNET" "$KILN_DLL" submit "$@"
    ;;
  executor)
    fetch_staged_resources
    exec "$DOTNET" "$KILN_DLL" executor "$@"
    ;;
  /*)
    exec "$command" "$@"
    ;;
  *)
    exec "$DOTNET" "$KILN_DLL" "$command" "$@"
    ;;
esac
