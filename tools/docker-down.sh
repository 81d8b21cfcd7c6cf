#!/bin/sh
# Stop the docker daemon that tools/docker-up.sh DIR started (found by DIR/dockerd.pid), and remove the docker0
# bridge if that daemon created it (the kernel keeps the bridge, and its route, after dockerd exits). Any other
# daemon is left alone.
#   tools/docker-down.sh DIR
set -eu
dir=${1:?usage: docker-down.sh DIR}
pidfile=$dir/dockerd.pid
if [ ! -f "$pidfile" ]; then
    echo "docker-down: no $pidfile; nothing of ours to stop"
    exit 0
fi
pid=$(cat "$pidfile")
if kill -0 "$pid" 2> /dev/null; then
    case "$(cat "/proc/$pid/comm" 2> /dev/null)" in
        dockerd) ;;
        *)
            echo "docker-down: pid $pid in $pidfile is not dockerd; not touching it" >&2
            exit 1
            ;;
    esac
    kill -TERM "$pid"
    waited=0
    while kill -0 "$pid" 2> /dev/null; do
        if [ "$waited" -ge 300 ]; then
            echo "docker-down: dockerd $pid still runs after 30 s; sending SIGKILL" >&2
            kill -KILL "$pid" 2> /dev/null || true
            break
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    echo "docker-down: stopped dockerd $pid"
else
    echo "docker-down: dockerd $pid is gone"
fi
rm -f "$pidfile"
if [ -f "$dir/created-docker0" ]; then
    ip link delete docker0 2> /dev/null && echo "docker-down: removed docker0"
    rm -f "$dir/created-docker0"
fi
exit 0
