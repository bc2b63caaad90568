# Sourced by scripts/briefings and scripts/test: find a Python >= 3.11 and the environment to
# install into, then install briefgen from a hashed lock in requirements/.
#
# Why a project venv: a distribution's own python3 (Debian 12, Ubuntu 24.04) is "externally
# managed" (PEP 668) and refuses pip installs; installing into it, or into the user site, would
# also mix briefgen's pins with the system's. An already active venv is used as it is.

briefgen_python() {  # prints the interpreter to install into, creating .venv once when needed
  if [ -n "${VIRTUAL_ENV:-}" ] && [ -x "$VIRTUAL_ENV/bin/python" ]; then
    echo "$VIRTUAL_ENV/bin/python"
    return
  fi
  local base
  base=$(command -v python3 || true)
  if [ -z "$base" ]; then
    echo "briefgen: needs Python 3.11 or newer, and no python3 was found on PATH" >&2
    return 2
  fi
  if ! "$base" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "briefgen: needs Python 3.11 or newer; $base is $("$base" -c 'import platform; print(platform.python_version())' 2>/dev/null || echo unknown)" >&2
    return 2
  fi
  if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    rm -rf .venv
    if ! "$base" -m venv .venv >/dev/null; then
      echo "briefgen: $base cannot make a virtual environment; on Debian or Ubuntu: sudo apt-get install python3-venv" >&2
      rm -rf .venv
      return 2
    fi
  fi
  echo "$PWD/.venv/bin/python"
}

briefgen_install() {  # briefgen_install PYTHON LOCK: the locked packages, then briefgen itself (editable)
  local python=$1 lock=$2 stamp want
  stamp="$(dirname "$python")/../.briefgen-$(basename "$lock").sha256"
  want=$(cat "$lock" pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && "$python" -c 'import briefgen' 2>/dev/null; then
    return 0  # this lock is installed already
  fi
  "$python" -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r "$lock"
  "$python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
  echo "$want" > "$stamp"
}
