#!/usr/bin/env bash
# Best-effort installation of the Debian packages some parts use; never fails (what is missing is reported and the
# tests that need it skip with a message):
#   dataset-fashion-mnist  Fashion-MNIST (60k + 10k, IDX gzip, MIT) under /usr/share/datasets/fashion-mnist (vision)
#   chromium               headless browser for the search-page tests of `contrastive serve`
#   PostgreSQL 15 + pgvector  the PostgreSQL store's tests and benchmark (scripts/install-postgres.sh)
bash "$(dirname "$0")/install-postgres.sh"
want=()
[ -f /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz ] || want+=(dataset-fashion-mnist)
command -v chromium >/dev/null || want+=(chromium)
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "note: not installing ${want[*]} (needs root and apt-get); the parts that need them are skipped"
  exit 0
fi
echo "installing Debian packages: ${want[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! timeout 900 apt-get install -y -qq "${want[@]}" >/dev/null 2>&1; then
  timeout 300 apt-get update -qq >/dev/null 2>&1
  timeout 900 apt-get install -y -qq "${want[@]}" >/dev/null 2>&1 \
    || echo "note: could not install ${want[*]}; the parts that need them are skipped"
fi
exit 0
