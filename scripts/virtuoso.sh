#!/usr/bin/env bash
# Virtuoso (Debian's virtuoso-opensource) on 127.0.0.1 for the benchmark, loaded with the build in dist/.
#
#   scripts/virtuoso.sh          install if missing, start (or reuse) the server, load the build, print the URL
#   scripts/virtuoso.sh stop     stop the server started here
#
# The database and its ini live in $VIRTUOSO_DIR (default .virtuoso/ in the project), never in /var/lib.
# HTTP on $VIRTUOSO_PORT (default 8890, SPARQL at /sparql), SQL on $VIRTUOSO_SQL_PORT (default 1111), both
# bound to 127.0.0.1. The build is loaded with Virtuoso's bulk loader (isql ld_dir + rdf_loader_run): its
# Graph Store endpoint /sparql-graph-crud refuses PUT without authentication unless the anonymous SPARQL
# user is granted SPARQL_UPDATE, which would make the store writable by anyone who can reach it.
# Each of the build's named graphs is cleared first, so loading twice replaces instead of doubling.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DIR=${VIRTUOSO_DIR:-$ROOT/.virtuoso}
PORT=${VIRTUOSO_PORT:-8890}
SQL_PORT=${VIRTUOSO_SQL_PORT:-1111}
PASSWORD=${VIRTUOSO_DBA_PASSWORD:-dba}
DIST=${AIKG_DIST:-$ROOT/dist}
ISQL=(isql-vt "127.0.0.1:$SQL_PORT" dba "$PASSWORD")

if [ "${1:-}" = "stop" ]; then
  if [ -f "$DIR/virtuoso.pid" ] && kill -0 "$(cat "$DIR/virtuoso.pid")" 2>/dev/null; then
    "${ISQL[@]}" exec="shutdown;" >/dev/null 2>&1 || kill "$(cat "$DIR/virtuoso.pid")"
    echo "virtuoso stopped"
  fi
  rm -f "$DIR/virtuoso.pid"
  exit 0
fi

if ! command -v virtuoso-t >/dev/null 2>&1 || ! command -v isql-vt >/dev/null 2>&1; then
  echo "Installing virtuoso-opensource"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null
fi

DUMP=""
for name in aikg.trig aikg.nq; do
  if [ -f "$DIST/$name" ]; then DUMP="$DIST/$name"; break; fi
done
[ -n "$DUMP" ] || { echo "error: no aikg.trig or aikg.nq in $DIST: run \`aikg build\` first" >&2; exit 2; }

mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
# The packaged ini with every path moved into $DIR, both ports on the loopback interface only, the dump's
# directory readable by the bulk loader, and no row cap on results (aikg keeps its own max_rows).
sed -e "s#/var/lib/virtuoso-opensource-7/db#$DIR#g" \
    -e "s#^ServerPort\( *\)= 1111#ServerPort\1= 127.0.0.1:$SQL_PORT#" \
    -e "s#^ServerPort\( *\)= 8890#ServerPort\1= 127.0.0.1:$PORT#" \
    -e "s#^DefaultHost\( *\)= .*#DefaultHost\1= 127.0.0.1:$PORT#" \
    -e "s#^DirsAllowed\( *\)= \(.*\)#DirsAllowed\1= \2, $DIST#" \
    -e "s#^ResultSetMaxRows\( *\)= .*#ResultSetMaxRows\1= 10000000#" \
    /etc/virtuoso-opensource-7/virtuoso.ini > "$DIR/virtuoso.ini"

sql() { "${ISQL[@]}" exec="$1" >"$DIR/isql.out" 2>&1 || { cat "$DIR/isql.out" >&2; return 1; }; }

if ! sql "status();" 2>/dev/null; then
  echo "Starting virtuoso on 127.0.0.1:$PORT (database in $DIR)"
  # Started from $DIR (Virtuoso resolves some paths against it), detached from this shell's output.
  pushd "$DIR" >/dev/null
  setsid virtuoso-t +foreground +configfile "$DIR/virtuoso.ini" </dev/null >"$DIR/server.out" 2>&1 &
  echo $! >"$DIR/virtuoso.pid"
  popd >/dev/null
  for _ in $(seq 1 120); do
    sql "status();" 2>/dev/null && break
    sleep 1
  done
  sql "status();" || { echo "error: virtuoso did not start; see $DIR/virtuoso.log" >&2; exit 1; }
fi

start=$(date +%s.%N)
graphs=$(awk '{print $(NF-1)}' "$DUMP" | grep '^<' | sort -u || true)
if [ "${DUMP##*.}" = "trig" ]; then  # TriG: the graph names are the blocks' labels
  graphs=$(grep -oE '^<[^>]+> *\{' "$DUMP" | grep -oE '^<[^>]+>' | sort -u || true)
fi
script="log_enable(3,1);"
for g in $graphs; do script="$script SPARQL CLEAR GRAPH $g;"; done
script="$script DELETE FROM DB.DBA.load_list WHERE ll_file LIKE '$DIST/%';"
script="$script ld_dir('$DIST', '$(basename "$DUMP")', 'urn:aikg:graph:unnamed'); rdf_loader_run(); checkpoint;"
sql "$script"
errors=$("${ISQL[@]}" exec="SELECT ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;" 2>&1 | grep -c "Error" || true)
[ "$errors" = "0" ] || { echo "error: the bulk loader reported errors (DB.DBA.load_list.ll_error)" >&2; exit 1; }
end=$(date +%s.%N)
printf 'Loaded %s into virtuoso in %.1f s\n' "$DUMP" "$(echo "$end - $start" | bc)"
echo "SPARQL endpoint: http://127.0.0.1:$PORT/sparql"
