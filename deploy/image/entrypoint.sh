#!/bin/sh
# Entry point of Kiln's container image. The first argument says what the container is:
#
#   driver ARGS...           the driver pod of an application in cluster mode: `kiln driver ARGS...`
#   executor ARGS...         an executor pod: `kiln executor ARGS...` (executor pods carry only these arguments)
#   staging-server ARGS...   the resource staging server: `kiln staging-server ARGS...`
#   COMMAND ARGS...          any kiln command (version, conf, run, sql, fetch-resources, ...), run as `kiln COMMAND ARGS...`
#   /ABSOLUTE/PATH ARGS...   runs that program instead (a shell for debugging: /bin/sh)
#   (nothing)                kiln --help
#
# A driver or executor pod whose application kiln submit staged on the resource staging server fetches the bundle
# itself before it starts (KILN_STAGING_URI, KILN_STAGING_RESOURCE_ID, KILN_STAGING_SECRET_FILE, KILN_STAGING_INTO,
# set by Kiln in the pod spec), so that this script and any other way of starting the container behave the same.
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

if [ "$#" -eq 0 ]; then
  exec "$DOTNET" "$KILN_DLL" --help
fi

command="$1"
shift
case "$command" in
  /*)
    exec "$command" "$@"
    ;;
  *)
    exec "$DOTNET" "$KILN_DLL" "$command" "$@"
    ;;
esac
