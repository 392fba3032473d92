#!/usr/bin/env bash
# shellcheck disable=SC2015,SC2016 # `ok` never fails; JavaScript in single quotes
# The Dockerfile's build, run on the host without a container engine: evidence that the image works.
#
#   npm run image:dry-run                 # or: bash deploy/image-dry-run.sh [--head] [--keep]
#
# It reads the repository's Dockerfile and .dockerignore (nothing about the stages is written here:
# FROM, WORKDIR, ENV, COPY and RUN come from the Dockerfile as it is) and replays them in a temporary
# directory outside the repository (mktemp -d), each stage a folder standing in for its file system:
#   - the build context: the working tree's files that git knows of (tracked, and untracked but not
#     gitignored; --head: `git archive HEAD` instead), less what .dockerignore excludes, matched as
#     Docker does (`**`, `!` exceptions, last match wins, a matched folder excludes what it holds);
#   - COPY (from the context or --from a stage, symlinks kept as Docker keeps them), WORKDIR, ENV, and
#     RUN for the build commands (`npm ci`, `npm run build && npm prune --omit=dev`), with Node 24 and
#     a clean environment (only the stage's ENV, an empty HOME; npm's cache stands in for the cache mount);
#   - the last stage is the runtime: its folder holds exactly what its COPY lines put there.
# Then, in the runtime folder, as uid 1000 (the image's `node` user) with the runtime files read-only
# to it (as under Kubernetes' readOnlyRootFilesystem) and only the VOLUME folder writable:
#   - every bare import of the server's and the shared packages' sources resolves, and every module
#     but the entry points loads (nothing needed at run time lives in devDependencies or a folder left
#     out; workspace symlinks in node_modules resolve);
#   - CMD starts with the image's ENV (PORT a free port, HOST 127.0.0.1, absolute paths mapped into
#     the runtime folder): /healthz and /readyz answer 200, `/` the web app's index.html and one of its
#     assets, /api/v1/races JSON, /api/openapi.json the OpenAPI document, /api/docs its viewer, the
#     first-admin setup page; the HEALTHCHECK's command exits 0; SIGTERM stops it cleanly (exit 0);
#   - the embedded database (PGlite in DATA_DIR) holds every migration of apps/server/drizzle, and a
#     second start on the same DATA_DIR (a container restart) is ready again;
#   - sizes: context, node_modules before and after the prune, runtime folder, the largest packages.
# What it cannot check: the real base image (the host stands in: its glibc, its Node 24 from the npm
# package `node` at the lock file's version, its CA certificates), RUN lines that install Debian
# packages or touch absolute paths (apt-get, mkdir/chown of /data: listed as skipped), file ownership
# (--chown), layer caching and the cache mount itself, HEALTHCHECK timing, EXPOSE/VOLUME as Docker
# applies them, multi-architecture builds, and anything on PostgreSQL or NATS (DATABASE_URL and
# NATS_URL stay unset: ROLE=all on the embedded database, as `docker run` with no variables).
#
# It takes one to two minutes (npm ci; under a minute with a warm npm cache): not part of `npm test`.
# Exits 0 when every check passes; the figures close its output.
# --keep leaves the temporary directory in place (it is kept anyway when a check fails).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FROM_HEAD=0
KEEP=0
for arg in "$@"; do
  case "$arg" in
    --head) FROM_HEAD=1 ;;
    --keep) KEEP=1 ;;
    -h | --help) sed -n '3,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $arg (see --help)" >&2; exit 2 ;;
  esac
done

DOCKERFILE="$REPO/Dockerfile"
DOCKERIGNORE="$REPO/.dockerignore"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/echelon-image.XXXXXX")
chmod 755 "$WORK" # the runtime user (uid 1000) must reach the runtime folder inside it
RUN_UID=1000
SERVER_PID=""
FAILURES=0
WARNINGS=0
START_ALL=$SECONDS

cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if ((KEEP == 0 && FAILURES == 0)); then
    rm -rf "$WORK"
  else
    echo "(kept: $WORK)"
  fi
}
trap cleanup EXIT

say() { printf '\n== %s\n' "$*"; }
ok() { printf '  ok    %s\n' "$*"; }
warn() { printf '  WARN  %s\n' "$*"; WARNINGS=$((WARNINGS + 1)); }
fail() { printf '  FAIL  %s\n' "$*"; FAILURES=$((FAILURES + 1)); }
die() { printf '  FAIL  %s\n' "$*"; FAILURES=$((FAILURES + 1)); exit 1; }
human() { numfmt --to=iec --suffix=B --format='%.1f' "$1"; }
bytes() { du -sb "$1" 2>/dev/null | cut -f1; }
packages_in() { find "$1" -name package.json -path '*/node_modules/*' -not -path '*/node_modules/*/node_modules/*/node_modules/*' 2>/dev/null | grep -cE 'node_modules/(@[^/]+/)?[^/@]+/package\.json$' || true; }

[[ -f "$DOCKERFILE" ]] || die "no Dockerfile at $DOCKERFILE"
[[ -f "$DOCKERIGNORE" ]] || die "no .dockerignore at $DOCKERIGNORE: the build context would hold node_modules, .git and data/"

# --- Node 24: the image's base is node:24; the machine's node may be older ------------------------------
say "Node for the stages"
NODE_VERSION=$(node -p 'require(process.argv[1]).packages["node_modules/node"]?.version ?? ""' "$REPO/package-lock.json")
[[ -n "$NODE_VERSION" ]] || die "package-lock.json has no devDependency \`node\`: no Node version to stand in for the base image"
NODE24=""
if [[ -x "$REPO/node_modules/node/bin/node" ]] && [[ "$("$REPO/node_modules/node/bin/node" --version)" == "v$NODE_VERSION" ]]; then
  NODE24=$(readlink -f "$REPO/node_modules/node/bin/node")
else
  npm install --prefix "$WORK/node" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node@$NODE_VERSION" >/dev/null
  NODE24=$(readlink -f "$WORK/node/node_modules/node/bin/node")
fi
[[ "$(file -b "$NODE24")" == ELF* ]] || die "$NODE24 is not a Node binary"
mkdir -p "$WORK/bin"
ln -s "$NODE24" "$WORK/bin/node" # first on PATH: npm (a node script) runs on it too
STAGE_PATH="$WORK/bin:/usr/local/bin:/usr/bin:/bin"
ok "node $("$NODE24" --version) ($NODE24), npm $(PATH=$STAGE_PATH npm --version)"

# --- the Dockerfile, as logical lines (continuations joined, comments dropped) --------------------------
mapfile -t INSTRUCTIONS < <(awk '
  /^[[:space:]]*#/ { next }
  { line = $0; sub(/[[:space:]]+$/, "", line) }
  line ~ /\\$/ { sub(/\\$/, "", line); buffer = buffer line " "; next }
  { buffer = buffer line; if (buffer ~ /[^[:space:]]/) print buffer; buffer = "" }
' "$DOCKERFILE")

# --- the build context: git's files, less .dockerignore --------------------------------------------------
say "Build context"
cat >"$WORK/dockerignore.mjs" <<'JS'
// Docker's .dockerignore rules (moby/patternmatcher): patterns cleaned and relative to the context,
// `*` and `?` within one path segment, `**` across any number, `!` re-includes, the last match wins,
// and a pattern matching a folder matches everything under it. Reads paths on stdin, prints the kept.
import { readFileSync } from 'node:fs';
import path from 'node:path';
const [ignoreFile, mode] = process.argv.slice(2);
const rules = readFileSync(ignoreFile, 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => {
    const negate = line.startsWith('!');
    const pattern = path.posix.normalize(negate ? line.slice(1).trim() : line).replace(/^\/+|\/+$/g, '');
    let source = '';
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i];
      if (c === '*' && pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') { i++; source += '(?:.*/)?'; } else source += '.*';
      } else if (c === '*') source += '[^/]*';
      else if (c === '?') source += '[^/]';
      else if (c === '[') { const end = pattern.indexOf(']', i); source += pattern.slice(i, end + 1); i = end; }
      else if (c === '\\') source += `\\${pattern[++i]}`;
      else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
    }
    return { negate, pattern, regex: new RegExp(`^${source}$`) };
  });
const matches = (file, regex) => {
  const parts = file.split('/');
  for (let n = parts.length; n >= 1; n--) if (regex.test(parts.slice(0, n).join('/'))) return true;
  return false;
};
const excluded = (file) => rules.reduce((out, r) => (matches(file, r.regex) ? !r.negate : out), false);
const files = readFileSync(0, 'utf8').split('\0').filter(Boolean);
for (const file of files) {
  const clean = file.replace(/\/+$/, '');
  if (mode === '--excluded' ? excluded(clean) : !excluded(clean)) process.stdout.write(`${file}\0`);
}
JS
CONTEXT="$WORK/context"
mkdir -p "$CONTEXT" "$WORK/source"
if ((FROM_HEAD)); then
  git -C "$REPO" archive HEAD | tar -x -C "$WORK/source"
  SOURCE_NOTE="git archive HEAD ($(git -C "$REPO" rev-parse --short HEAD))"
else
  (cd "$REPO" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
    if [[ -e "$f" || -L "$f" ]]; then printf '%s\0' "$f"; fi
  done | tar --null -T - -cf -) | tar -x -C "$WORK/source"
  dirty=$(git -C "$REPO" status --porcelain | wc -l)
  SOURCE_NOTE="working tree at $(git -C "$REPO" rev-parse --short HEAD), $dirty path(s) changed or new"
fi
(cd "$WORK/source" && find . -mindepth 1 \( -type f -o -type l \) -printf '%P\0' |
  "$NODE24" "$WORK/dockerignore.mjs" "$DOCKERIGNORE" | tar --null -T - -cf -) | tar -x -C "$CONTEXT"
source_files=$(find "$WORK/source" \( -type f -o -type l \) | wc -l)
context_files=$(find "$CONTEXT" \( -type f -o -type l \) | wc -l)
ok "$SOURCE_NOTE: $source_files files; the context keeps $context_files ($(human "$(bytes "$CONTEXT")"))"
for must in package.json package-lock.json apps/server/drizzle apps/server/src/main.ts apps/web/index.html; do
  [[ -e "$CONTEXT/$must" ]] || fail ".dockerignore leaves $must out of the context"
done
for never in .git node_modules data .env apps/web/dist; do
  if [[ -e "$CONTEXT/$never" ]]; then fail "the context holds $never"; fi
done
# What `docker build .` would also send from this checkout: gitignored files that .dockerignore keeps.
leaked=$(cd "$REPO" && git ls-files -z --others --ignored --exclude-standard --directory |
  "$NODE24" "$WORK/dockerignore.mjs" "$DOCKERIGNORE" | tr '\0' ' ')
if [[ -n "$leaked" ]]; then
  warn "gitignored here but not in .dockerignore (a real build context would send them): $leaked"
fi

# --- the stages --------------------------------------------------------------------------------------------
declare -A ARGS=() STAGE_ROOT=() STAGE_DIR=() STAGE_ENV=()
STAGE=""
ROOT=""
CWD="/"
ENV_LINES=""
USER_NAME=""
CMD_JSON=""
HEALTH_JSON=""
VOLUMES=""
EXPOSED=""
declare -A STAGE_SECONDS=()
STAGE_ORDER=()
stage_started=$SECONDS

substitute() { # ARG values in a line: ${NAME} and $NAME
  local text=$1 name
  for name in "${!ARGS[@]}"; do
    text=${text//\$\{$name\}/${ARGS[$name]}}
    text=${text//\$$name/${ARGS[$name]}}
  done
  printf '%s' "$text"
}
in_stage() { # a path in the image → its folder here
  local p=$1
  [[ "$p" == /* ]] || p="${CWD%/}/$p"
  printf '%s%s' "$ROOT" "$p"
}
finish_stage() {
  if [[ -n "$STAGE" ]]; then
    STAGE_ENV[$STAGE]=$ENV_LINES
    STAGE_DIR[$STAGE]=$CWD
    STAGE_SECONDS[$STAGE]=$((SECONDS - stage_started))
  fi
}
stage_env() { # the stage's ENV as NAME=value lines, absolute paths mapped into the stage's folder
  local line name value
  while IFS= read -r line; do
    [[ -z "$line" ]] && continue
    name=${line%%=*}
    value=${line#*=}
    [[ "$value" == /* ]] && value="$ROOT$value"
    printf '%s=%s\n' "$name" "$value"
  done <<<"$ENV_LINES"
}
json_words() { "$NODE24" -e 'for (const w of JSON.parse(process.argv[1])) process.stdout.write(w + "\0")' "$1"; }

for instruction in "${INSTRUCTIONS[@]}"; do
  keyword=${instruction%%[[:space:]]*}
  keyword=${keyword^^}
  rest=${instruction#*[[:space:]]}
  rest=${rest#"${rest%%[![:space:]]*}"}
  case "$keyword" in
    ARG)
      name=${rest%%=*}
      [[ "$rest" == *=* ]] && ARGS[$name]=${rest#*=} || ARGS[$name]=${ARGS[$name]:-}
      ;;
    FROM)
      finish_stage
      read -r image _as name <<<"$(substitute "$rest")"
      STAGE=${name:-stage${#STAGE_ORDER[@]}}
      STAGE_ORDER+=("$STAGE")
      stage_started=$SECONDS
      say "Stage $STAGE (FROM $image)"
      if [[ -n "${STAGE_ROOT[$image]:-}" ]]; then
        # From an earlier stage: its file system, ENV and WORKDIR go on. Moved, not copied, unless a
        # later line still reads the earlier stage.
        ROOT="$WORK/stages/$STAGE"
        if grep -qE -- "--from=$image([[:space:]]|\$)|^FROM[[:space:]]+$image([[:space:]]|\$)" \
          <(printf '%s\n' "${INSTRUCTIONS[@]}" | sed -n "/^FROM .* AS $STAGE\$/,\$p" | tail -n +2); then
          cp -a "${STAGE_ROOT[$image]}" "$ROOT"
        else
          mv "${STAGE_ROOT[$image]}" "$ROOT"
        fi
        ENV_LINES=${STAGE_ENV[$image]}
        CWD=${STAGE_DIR[$image]}
        ok "continues stage $image"
      else
        ROOT="$WORK/stages/$STAGE"
        mkdir -p "$ROOT"
        ENV_LINES=""
        CWD="/"
        major=$(sed -nE 's/^node:([0-9]+).*/\1/p' <<<"$image")
        if [[ -n "$major" && "$("$NODE24" --version)" == "v$major".* ]]; then
          ok "base image $image: the host with node $("$NODE24" --version) stands in for it"
        else
          fail "base image $image: not a node:<major> image matching node $("$NODE24" --version)"
        fi
      fi
      STAGE_ROOT[$STAGE]=$ROOT
      USER_NAME=""
      CMD_JSON=""
      HEALTH_JSON=""
      VOLUMES=""
      EXPOSED=""
      ;;
    WORKDIR)
      [[ "$rest" == /* ]] && CWD=$rest || CWD="${CWD%/}/$rest"
      mkdir -p "$ROOT$CWD"
      ;;
    ENV)
      if [[ "$rest" != *=* ]]; then # the old form: ENV NAME value
        ENV_LINES+="${rest%%[[:space:]]*}=${rest#*[[:space:]]}"$'\n'
      else
        read -ra pairs <<<"$rest"
        for pair in "${pairs[@]}"; do
          value=${pair#*=}
          value=${value#\"}
          value=${value%\"}
          ENV_LINES+="${pair%%=*}=$value"$'\n'
        done
      fi
      ;;
    COPY | ADD)
      [[ "$keyword" == ADD ]] && warn "ADD copied as COPY (no URL or archive handling): $rest"
      [[ "$rest" == \[* ]] && die "COPY in JSON form is not handled: $instruction"
      read -ra words <<<"$rest"
      from=""
      paths=()
      for word in "${words[@]}"; do
        case "$word" in
          --from=*) from=${word#--from=} ;;
          --*) ;; # --chown, --chmod, --link: ownership and layers are not reproduced
          *) paths+=("$word") ;;
        esac
      done
      dest=${paths[-1]}
      unset 'paths[-1]'
      if [[ -n "$from" ]]; then
        [[ -n "${STAGE_ROOT[$from]:-}" && -d "${STAGE_ROOT[$from]}" ]] || die "COPY --from=$from: no such stage here"
        base=${STAGE_ROOT[$from]}
        from_dir=${STAGE_DIR[$from]}
      else
        base=$CONTEXT
        from_dir=/
      fi
      target=$(in_stage "$dest")
      for src in "${paths[@]}"; do
        [[ "$src" == /* ]] || src="${from_dir%/}/$src"
        [[ -n "$from" ]] || src="/${src#/}"
        shopt -s nullglob
        # shellcheck disable=SC2206 # a COPY source may be a glob
        matched=($base$src)
        shopt -u nullglob
        ((${#matched[@]} > 0)) || { fail "COPY $src: nothing there (${from:-context})"; continue; }
        for source in "${matched[@]}"; do
          if [[ -d "$source" && ! -L "$source" ]]; then
            mkdir -p "$target"
            cp -a "$source/." "$target/"
          elif [[ "$dest" == */ || ${#paths[@]} -gt 1 || ${#matched[@]} -gt 1 || -d "$target" ]]; then
            mkdir -p "$target"
            cp -a "$source" "$target/"
          else
            mkdir -p "$(dirname "$target")"
            cp -a "$source" "$target"
          fi
        done
      done
      ok "COPY ${from:+--from=$from }${paths[*]} → $dest"
      ;;
    RUN)
      command=$rest
      while [[ "$command" == --* ]]; do command=${command#*[[:space:]]}; done
      if grep -qE '(^|[;&|[:space:]])(apt-get|apt|apk|chown|chmod|useradd|adduser|groupadd)([[:space:]]|$)|(^|[[:space:]=])/[A-Za-z]' <<<"$command"; then
        printf '  skip  RUN %s\n        (Debian packages, ownership or absolute paths of the image: not run on the host)\n' "$command"
        continue
      fi
      printf '  run   RUN %s\n' "$command"
      run_started=$SECONDS
      env_args=()
      while IFS= read -r pair; do [[ -n "$pair" ]] && env_args+=("$pair"); done < <(stage_env)
      mkdir -p "$WORK/home"
      if ! (cd "$ROOT$CWD" && env -i HOME="$WORK/home" PATH="$STAGE_PATH" \
        npm_config_cache="${npm_config_cache:-$HOME/.npm}" \
        ${NODE_EXTRA_CA_CERTS:+NODE_EXTRA_CA_CERTS="$NODE_EXTRA_CA_CERTS"} \
        "${env_args[@]}" sh -c "$command") >"$WORK/run-$STAGE.log" 2>&1; then
        if (($(wc -l <"$WORK/run-$STAGE.log") > 40)); then
          head -n 15 "$WORK/run-$STAGE.log"
          echo '        …'
        fi
        tail -n 25 "$WORK/run-$STAGE.log"
        if grep -q 'package.json and package-lock.json .* are in sync' "$WORK/run-$STAGE.log"; then
          fail "npm ci refuses the lock file: it lacks entries npm install tolerates (the manifests test names them)"
        fi
        die "RUN failed in stage $STAGE (log: $WORK/run-$STAGE.log)"
      fi
      ok "done in $((SECONDS - run_started)) s"
      if [[ "$command" == *"npm ci"* && -d "$ROOT$CWD/node_modules" ]]; then
        NM_FULL=$(bytes "$ROOT$CWD/node_modules")
        NM_FULL_PACKAGES=$(packages_in "$ROOT$CWD/node_modules")
        ok "node_modules: $(human "$NM_FULL"), $NM_FULL_PACKAGES packages"
      fi
      ;;
    USER) USER_NAME=$rest ;;
    CMD) CMD_JSON=$rest ;;
    HEALTHCHECK)
      if [[ "$rest" == *CMD* ]]; then HEALTH_JSON=${rest#*CMD }; fi
      ;;
    VOLUME) VOLUMES=$rest ;;
    EXPOSE) EXPOSED=$rest ;;
    ENTRYPOINT) die "ENTRYPOINT is not handled by this dry run" ;;
    LABEL | SHELL | STOPSIGNAL | ONBUILD | MAINTAINER) ;;
    *) warn "unknown instruction: $instruction" ;;
  esac
done
finish_stage

# --- the runtime stage's layout ----------------------------------------------------------------------------
RUNTIME_STAGE=$STAGE
APP="$ROOT$CWD"
say "Runtime stage $RUNTIME_STAGE: $CWD"
[[ -n "$CMD_JSON" ]] || die "the last stage has no CMD"
[[ -n "$USER_NAME" && "$USER_NAME" != root && "$USER_NAME" != 0 ]] || fail "the runtime runs as root (USER ${USER_NAME:-unset})"
(cd "$ROOT" && find . -mindepth 1 -maxdepth 4 -not -path '*/node_modules/*' -type d | sort | sed 's/^\./  /' | head -40)
RUNTIME_BYTES=$(bytes "$ROOT")
NM_RUNTIME=$(bytes "$APP/node_modules")
NM_RUNTIME_PACKAGES=$(packages_in "$APP/node_modules")
ok "runtime folder $(human "$RUNTIME_BYTES"): node_modules $(human "$NM_RUNTIME") ($NM_RUNTIME_PACKAGES packages; before the prune $(human "${NM_FULL:-0}"), ${NM_FULL_PACKAGES:-?}), web build $(human "$(bytes "$APP/apps/web/dist")"), apps/server $(human "$(bytes "$APP/apps/server")"), packages $(human "$(bytes "$APP/packages")")"
echo "  largest packages in the runtime node_modules:"
(cd "$APP/node_modules" && du -sb -- * .[!.]* 2>/dev/null | sort -rn | head -10 |
  while read -r size name; do printf '    %8s  %s\n' "$(human "$size")" "$name"; done)
while IFS= read -r link; do
  target=$(readlink "$link")
  rel=${link#"$APP/"}
  case "$rel" in
    node_modules/@echelon/*) warn "workspace link $rel → $target does not resolve in the image (not copied)" ;;
    *) warn "dangling symlink $rel → $target" ;;
  esac
done < <(find "$APP" -xtype l)
for link in "$APP"/node_modules/@echelon/*; do
  name=${link#"$APP/node_modules/"}
  if [[ -e "$link/package.json" ]]; then ok "workspace $name → $(readlink "$link") resolves"; fi
done

# The runtime files are read-only to the runtime user; only the VOLUME folders are its own.
RUN_AS=()
if [[ $(id -u) == 0 ]] && command -v setpriv >/dev/null; then
  RUN_AS=(setpriv "--reuid=$RUN_UID" "--regid=$RUN_UID" --clear-groups)
  chmod -R go-w "$ROOT"
else
  warn "not root or no setpriv: the server runs as $(id -un), not as uid $RUN_UID"
fi
volume_dirs=()
if [[ -n "$VOLUMES" ]]; then
  if [[ "$VOLUMES" == \[* ]]; then
    mapfile -d '' -t volume_dirs < <(json_words "$VOLUMES")
  else
    read -ra volume_dirs <<<"$VOLUMES"
  fi
fi
for dir in "${volume_dirs[@]}"; do
  mkdir -p "$ROOT$dir"
  if ((${#RUN_AS[@]} > 0)); then chown "$RUN_UID:$RUN_UID" "$ROOT$dir"; fi
done
mkdir -p "$WORK/home-node" # the runtime user's HOME, not writable (read-only root file system)

# --- imports: every bare import resolves, every module but the entry points loads --------------------------
say "Imports in the runtime"
cat >"$WORK/imports.mjs" <<'JS'
// In the runtime folder: each source of the server and the shared packages, its value imports (type-only
// ones are erased by Node), resolved from the file as Node resolves them; then every module imported.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
const app = process.cwd();
const sources = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|js|mjs)$/.test(e.name) && !/\.d\.ts$/.test(e.name) ? [p] : [];
  });
const roots = [path.join(app, 'apps/server/src'), ...readdirSync(path.join(app, 'packages')).map((p) => path.join(app, 'packages', p, 'src'))];
const files = roots.flatMap((r) => { try { return sources(r); } catch { return []; } });
const importRe = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
let problems = 0;
const warnOnly = (file) => file.includes(`${path.sep}src${path.sep}demo${path.sep}`);
const entries = [];
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  if (/^await /m.test(text)) entries.push(file);
  for (const m of text.matchAll(importRe)) {
    if (m[2]) continue;
    const spec = m[3] ?? m[4];
    try {
      import.meta.resolve(spec, pathToFileURL(file).href);
    } catch (error) {
      const where = path.relative(app, file);
      if (warnOnly(file)) console.log(`WARN ${where}: '${spec}' does not resolve (${error.code})`);
      else { console.log(`FAIL ${where}: '${spec}' does not resolve (${error.code})`); problems++; }
    }
  }
}
let loaded = 0;
for (const file of files) {
  if (entries.includes(file)) continue;
  try { await import(pathToFileURL(file).href); loaded++; } catch (error) {
    const where = path.relative(app, file);
    const line = `${where}: ${String(error?.message ?? error).split('\n')[0]}`;
    if (warnOnly(file)) console.log(`WARN ${line}`); else { console.log(`FAIL ${line}`); problems++; }
  }
}
console.log(`OK ${files.length} sources, ${loaded} modules loaded; entry points not run: ${entries.map((e) => path.relative(app, e)).join(', ')}`);
process.exit(problems ? 1 : 0);
JS
env_args=()
while IFS= read -r pair; do [[ -n "$pair" ]] && env_args+=("$pair"); done < <(stage_env)
imports_out=$(cd "$APP" && env -i HOME="$WORK/home-node" PATH="$STAGE_PATH" "${env_args[@]}" \
  "${RUN_AS[@]}" "$NODE24" --experimental-import-meta-resolve --no-warnings "$WORK/imports.mjs" 2>&1) || true
while IFS= read -r line; do
  case "$line" in
    FAIL\ *) fail "${line#FAIL }" ;;
    WARN\ *) warn "${line#WARN } (the demo needs the simulator and shared/, neither is in the image)" ;;
    OK\ *) ok "${line#OK }" ;;
    *) [[ -n "$line" ]] && printf '        %s\n' "$line" ;;
  esac
done <<<"$imports_out"

# --- the server, as CMD starts it ---------------------------------------------------------------------------
mapfile -d '' -t CMD_WORDS < <(json_words "$CMD_JSON")
[[ "${CMD_WORDS[0]}" == node ]] || die "CMD does not start node: $CMD_JSON"
CMD_WORDS[0]=$NODE24
PORT=$("$NODE24" -e 'const s=require("node:net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
# The image's ENV, then what `docker run -e` would override for a run on this host.
server_env=()
while IFS= read -r pair; do
  case "${pair%%=*}" in PORT | HOST) ;; *) [[ -n "$pair" ]] && server_env+=("$pair") ;; esac
done < <(stage_env)
server_env+=("PORT=$PORT" "HOST=127.0.0.1")
DATA_DIR_HERE=$(printf '%s\n' "${server_env[@]}" | sed -n 's/^DATA_DIR=//p')
printf '  env   %s\n' "${server_env[*]}"
if [[ -n "$EXPOSED" ]]; then
  image_port=$(sed -n 's/^PORT=//p' <<<"$ENV_LINES")
  [[ " $EXPOSED " == *" ${image_port}"[/\ ]* ]] && ok "EXPOSE $EXPOSED is the image's PORT" ||
    fail "EXPOSE $EXPOSED is not the image's PORT ($image_port)"
fi
data_in_image=$(sed -n 's/^DATA_DIR=//p' <<<"$ENV_LINES")
if [[ -n "$data_in_image" ]]; then
  [[ " ${volume_dirs[*]} " == *" $data_in_image "* ]] && ok "DATA_DIR $data_in_image is a VOLUME" ||
    fail "DATA_DIR $data_in_image is not a VOLUME (${volume_dirs[*]:-none})"
fi
BASE="http://127.0.0.1:$PORT"

start_server() { # $1: log file
  (cd "$APP" && exec env -i HOME="$WORK/home-node" PATH="$STAGE_PATH" "${server_env[@]}" \
    "${RUN_AS[@]}" "${CMD_WORDS[@]}") >"$1" 2>&1 &
  SERVER_PID=$!
  local started=$SECONDS
  until curl -sf -o /dev/null "$BASE/healthz"; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      tail -n 40 "$1"
      die "the server exited before answering (log: $1)"
    fi
    ((SECONDS - started < 90)) || { tail -n 40 "$1"; die "no answer on /healthz within 90 s"; }
    sleep 0.25
  done
  STARTUP_SECONDS=$((SECONDS - started))
}
stop_server() { # SIGTERM, as `docker stop`; the exec-form CMD makes node PID 1, so it gets the signal
  kill -TERM "$SERVER_PID"
  local code=0 waited=0
  while kill -0 "$SERVER_PID" 2>/dev/null && ((waited < 100)); do sleep 0.1; waited=$((waited + 1)); done
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    fail "still running 10 s after SIGTERM"
    kill -KILL "$SERVER_PID"
  fi
  wait "$SERVER_PID" || code=$?
  SERVER_PID=""
  ((code == 0)) && ok "SIGTERM: stopped cleanly in $((waited / 10)).$((waited % 10)) s" || fail "SIGTERM: exit code $code"
}
# GET a path: prints the status and the content type; the body goes to $WORK/body.
get() { curl -s -o "$WORK/body" -w '%{http_code} %{content_type}' -H "accept: ${2:-*/*}" "$BASE$1"; }
expect() { # path, status, content-type prefix, [accept]
  local out
  out=$(get "$1" "${4:-*/*}")
  if [[ "${out%% *}" == "$2" && "${out#* }" == "$3"* ]]; then
    ok "GET $1 → $out"
  else
    fail "GET $1 → $out (expected $2 $3): $(head -c 300 "$WORK/body")"
    return 1
  fi
}

say "Server: ${CMD_WORDS[*]:1} (ROLE=all, PGlite in DATA_DIR)"
startup_started=$SECONDS
start_server "$WORK/server.log"
FIRST_STARTUP_SECONDS=$STARTUP_SECONDS
ok "answered /healthz $STARTUP_SECONDS s after start (migrations included)"
expect /healthz 200 application/json || true
expect /readyz 200 application/json || true
if expect / 200 text/html 'text/html'; then
  if cmp -s "$WORK/body" "$APP/apps/web/dist/index.html"; then ok "/ is the web build's index.html"; else fail "/ is not the web build's index.html"; fi
  asset=$(grep -oE '/assets/[^"]+\.js' "$WORK/body" | head -n 1 || true)
  if [[ -n "$asset" ]]; then expect "$asset" 200 '' || true; else fail "index.html names no /assets/*.js"; fi
  if [[ -n "$asset" && "$(get "$asset")" != *javascript* ]]; then fail "$asset is not served as JavaScript"; fi
fi
expect /races/some-race 200 text/html 'text/html' || true # the single-page fallback
if expect /api/v1/races 200 application/json; then
  "$NODE24" -e 'JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"))' "$WORK/body" && ok "/api/v1/races is JSON: $(head -c 120 "$WORK/body")"
fi
if expect /api/openapi.json 200 application/json; then
  summary=$("$NODE24" -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(`OpenAPI ${d.openapi}, ${Object.keys(d.paths??{}).length} paths`)' "$WORK/body")
  [[ "$summary" == "OpenAPI 3."* && "$summary" != *", 0 paths" ]] && ok "$summary" || fail "$summary"
fi
expect /api/docs/ 200 text/html || true
expect /metrics 200 text/plain || true
expect /api/v1/nowhere 404 application/problem+json || true
setup=$(grep -oE '/setup\?token=[A-Za-z0-9_-]+' "$WORK/server.log" | head -n 1 || true)
if [[ -n "$setup" ]]; then expect "$setup" 200 text/html || true; else fail "no first-admin setup link in the log"; fi
if [[ -n "$HEALTH_JSON" ]]; then
  mapfile -d '' -t HEALTH_WORDS < <(json_words "$HEALTH_JSON")
  if [[ "${HEALTH_WORDS[0]}" == node ]]; then HEALTH_WORDS[0]=$NODE24; fi
  if (cd "$APP" && env -i HOME="$WORK/home-node" PATH="$STAGE_PATH" "${server_env[@]}" "${RUN_AS[@]}" "${HEALTH_WORDS[@]}"); then
    ok "HEALTHCHECK's command exits 0"
  else
    fail "HEALTHCHECK's command fails"
  fi
fi
if grep -qE '"level":(50|60)' "$WORK/server.log"; then
  warn "the server logged errors: $(grep -E '"level":(50|60)' "$WORK/server.log" | head -c 600)"
fi
stop_server
FIRST_RUN_SECONDS=$((SECONDS - startup_started))

# --- the embedded database ----------------------------------------------------------------------------------
say "Embedded database in DATA_DIR"
pgdata=$(dirname "$(find "$DATA_DIR_HERE" -name PG_VERSION -print -quit)")
[[ -d "$pgdata" ]] || die "no PGlite database under DATA_DIR ($DATA_DIR_HERE)"
owner=$(stat -c %u "$pgdata")
[[ ${#RUN_AS[@]} -eq 0 || "$owner" == "$RUN_UID" ]] && ok "database at ${pgdata#"$ROOT"}, owned by uid $owner, $(human "$(bytes "$DATA_DIR_HERE")")" ||
  fail "database owned by uid $owner"
migrations=$(cd "$APP" && "$NODE24" --input-type=module -e '
  import { PGlite } from "@electric-sql/pglite";
  const db = new PGlite(process.argv[1]);
  const { rows } = await db.query("select count(*)::int as n from drizzle.__drizzle_migrations");
  await db.close();
  console.log(rows[0].n);' "$pgdata")
journal=$("$NODE24" -p 'require(process.argv[1]).entries.length' "$APP/apps/server/drizzle/meta/_journal.json")
((migrations == journal)) && ok "$migrations of $journal migrations applied" || fail "$migrations of $journal migrations applied"
chown -R "$RUN_UID:$RUN_UID" "$DATA_DIR_HERE" 2>/dev/null || true # the check above opened it as root

say "Restart on the same DATA_DIR"
start_server "$WORK/server-again.log"
ok "answered /healthz $STARTUP_SECONDS s after start"
expect /readyz 200 application/json || true
stop_server

# --- figures ------------------------------------------------------------------------------------------------
say "Figures"
for s in "${STAGE_ORDER[@]}"; do printf '  stage %-8s %4d s\n' "$s" "${STAGE_SECONDS[$s]}"; done
printf '  server: /healthz %s s after the first start (migrations included), %s s after the restart; first run with its checks %s s\n' \
  "$FIRST_STARTUP_SECONDS" "$STARTUP_SECONDS" "$FIRST_RUN_SECONDS"
printf '  context %s (%s files); node_modules %s (%s packages) → %s (%s) after the prune; runtime %s\n' \
  "$(human "$(bytes "$CONTEXT")")" "$context_files" "$(human "${NM_FULL:-0}")" "${NM_FULL_PACKAGES:-?}" \
  "$(human "$NM_RUNTIME")" "$NM_RUNTIME_PACKAGES" "$(human "$RUNTIME_BYTES")"
printf '  total %d s; %d failure(s), %d warning(s)\n' "$((SECONDS - START_ALL))" "$FAILURES" "$WARNINGS"
((FAILURES == 0))
