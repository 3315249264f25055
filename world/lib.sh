# world/lib.sh: a DNSSEC world in a network namespace (see world/README).
#
# Source this file from bash, as root, then:
#
#   world_init NAME RUNDIR          choose the namespace and run directory;
#                                   removes the leftovers of an aborted run
#   world_zone ZONE KIND [NSADDR]   declare a zone: KIND secure (signed, real
#                                   DS in the parent), insecure (unsigned, no
#                                   DS), bogus (signed, a DS matching no key);
#                                   NSADDR is the parent's glue (default:
#                                   knot)
#   world_rr ZONE "RECORD..."       add a line to the zone's body ($ORIGIN is
#                                   ZONE; prefer absolute names)
#   world_start                     netns, knot, DS records, unbound, check
#   world_zone_commit ZONE          rewrite ZONE's file from its state and
#                                   reload it (after world_rr/world_rr_del
#                                   or a change of KIND or NSADDR)
#   world_rr_del ZONE REGEX         drop the body lines matching REGEX
#   world_zone_kind ZONE KIND       change KIND (commits the parent)
#   world_zone_glue ZONE NSADDR     change the parent's glue (commits the parent)
#   world_flush                     unbound: flush_zone . / bogus / infra /
#                                   requestlist
#   world_wait_secure NAME TYPE [S] poll (flushing) until NAME TYPE is
#                                   NOERROR with AD; 1 if not within S seconds
#   world_blackhole ADDR            a UDP responder on ADDR:53 that never answers
#   world_server_exim NAME ADDR HOST CHAIN KEY [notls]
#   world_server_postfix NAME ADDR HOST CHAIN KEY [notls]
#   world_server_stop NAME
#   world_server_count NAME MSGID   messages with that Message-ID the server
#                                   received (world_server_counts: all)
#   world_exec CMD...               run in the namespace
#   world_stop                      stop everything, remove the namespace
#
# Addresses: every host is on the namespace's lo, in 127.0.0.0/8.  knot is
# $WORLD_KNOT, unbound $WORLD_RESOLVER; /etc/netns/NAME/resolv.conf names
# unbound with "options trust-ad", so `ip netns exec` gives every process
# the validating resolver and the AD bit.
#
# Every process the world starts has its pid in RUNDIR/pids/; world_stop
# and the next world_init stop those, and only those.

WORLD_KNOT=${WORLD_KNOT:-127.53.0.1}
WORLD_RESOLVER=${WORLD_RESOLVER:-127.53.0.2}
WORLD_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORLD_EXIM_SERVER=${WORLD_EXIM_SERVER:-}   # binary for exim servers

world_log() { echo "world: $*" >&2; }
world_die() { echo "world: FAIL: $*" >&2; exit 1; }

world_exec() { ip netns exec "$WORLD_NS" "$@"; }

# world_init NAME RUNDIR: set the world up for use, cleaning any old run
world_init() {
  WORLD_NS=$1 WORLD_RUN=$2
  world_stop quiet
  rm -rf "$WORLD_RUN"
  mkdir -p "$WORLD_RUN"/{pids,zones,knot,unbound,servers}
  WORLD_ZONES=()
}

# world_addr ADDR: put ADDR on the namespace's lo (idempotent)
world_addr() {
  world_exec ip addr show dev lo | grep -q "inet $1/" ||
    world_exec ip addr add "$1/32" dev lo
}

# world_pid NAME PID: record a process the world started
world_pid() { echo "$2" > "$WORLD_RUN/pids/$1"; }

# world_kill NAME: stop a recorded process, wait for it to go
world_kill() {
  local f=$WORLD_RUN/pids/$1 pid i
  [ -f "$f" ] || return 0
  pid=$(cat "$f"); rm -f "$f"
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null; return 0
}

# world_stop [quiet]: stop every recorded process and remove the namespace
world_stop() {
  local f pids= i alive
  if [ -n "${WORLD_RUN:-}" ] && [ -d "$WORLD_RUN/pids" ]; then
    # all at once, then wait (at most 5 s) for all
    for f in "$WORLD_RUN"/pids/*; do
      [ -e "$f" ] || continue
      pids="$pids $(cat "$f")"; rm -f "$f"
    done
    if [ -n "$pids" ]; then
      kill $pids 2>/dev/null
      for i in $(seq 50); do
        alive=
        for f in $pids; do kill -0 "$f" 2>/dev/null && alive=yes; done
        [ -z "$alive" ] && break; sleep 0.1
      done
      kill -9 $pids 2>/dev/null
    fi
  fi
  if ip netns list 2>/dev/null | grep -qw "^$WORLD_NS"; then
    # anything still running in our namespace was started by the world
    pids=$(ip netns pids "$WORLD_NS" 2>/dev/null)
    [ -n "$pids" ] && kill $pids 2>/dev/null && sleep 1
    pids=$(ip netns pids "$WORLD_NS" 2>/dev/null)
    [ -n "$pids" ] && kill -9 $pids 2>/dev/null
    ip netns del "$WORLD_NS"
  fi
  rm -rf "/etc/netns/$WORLD_NS"
  [ "${1:-}" = quiet ] || world_log "stopped"
}

# ---- zones ----------------------------------------------------------------

world_zone() {
  local z=${1%.}. ; [ "$1" = . ] && z=.
  WORLD_ZONES+=("$z")
  echo "$2" > "$WORLD_RUN/zones/$z.kind"
  echo "${3:-$WORLD_KNOT}" > "$WORLD_RUN/zones/$z.glue"
  : > "$WORLD_RUN/zones/$z.body"
  echo 1 > "$WORLD_RUN/zones/$z.serial"
}

world_fqdn() { local z=${1%.}. ; [ "$1" = . ] && z=.; echo "$z"; }
world_rr() { echo "$2" >> "$WORLD_RUN/zones/$(world_fqdn "$1").body"; }
world_rr_del() {
  local f=$WORLD_RUN/zones/$(world_fqdn "$1").body
  grep -Ev -- "$2" "$f" > "$f.new" || true; mv "$f.new" "$f"
}

# world_nsname ZONE: the name of the zone's name server
world_nsname() { [ "$1" = . ] && echo "ns." || echo "ns.$1"; }

# world_parent ZONE: the declared zone ZONE is delegated from
world_parent() {
  local z=$1 p best= 
  for p in "${WORLD_ZONES[@]}"; do
    [ "$p" = "$z" ] && continue
    if [ "$p" = . ] || [[ "$z" == *."$p" ]]; then
      [ ${#p} -gt ${#best} ] && best=$p
    fi
  done
  echo "$best"
}

# world_ds ZONE KIND: the DS records the parent publishes for ZONE
world_ds() {
  case $2 in
    secure) keymgr -c "$WORLD_RUN/knot/knot.conf" "$1" ds 2>/dev/null | grep ' DS .* 13 2 ' ;;
    bogus)  # a SHA-256 DS whose digest matches no key of the zone
            echo "$1 DS 4242 13 2 $(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" ;;
  esac
}

# world_zone_write ZONE: the zone file from the zone's state
world_zone_write() {
  local z=$1 d=$WORLD_RUN/zones c kind serial ns
  serial=$(( $(cat "$d/$z.serial") + 1 )); echo $serial > "$d/$z.serial"
  ns=$(world_nsname "$z")
  {
    echo "\$ORIGIN $z"
    echo "\$TTL 5"
    echo "@ SOA $ns hostmaster.$([ "$z" = . ] || echo "$z") $serial 5 5 60 5"
    echo "@ NS $ns"
    echo "$ns A $WORLD_KNOT"
    for c in "${WORLD_ZONES[@]}"; do
      [ "$(world_parent "$c")" = "$z" ] || continue
      echo "$c NS $(world_nsname "$c")"
      echo "$(world_nsname "$c") A $(cat "$d/$c.glue")"
      [ -f "$WORLD_RUN/knot/started" ] && world_ds "$c" "$(cat "$d/$c.kind")"
    done
    cat "$d/$z.body"
  } > "$d/$z.zone.new"
  mv "$d/$z.zone.new" "$d/$z.zone"
}

world_knotc() { knotc -s "$WORLD_RUN/knot/knot.sock" "$@"; }

world_zone_commit() {
  local z; z=$(world_fqdn "$1")
  world_zone_write "$z"
  world_knotc -b zone-reload "$z" >/dev/null || world_die "knotc zone-reload $z"
}
world_zone_kind() {
  local z; z=$(world_fqdn "$1")
  echo "$2" > "$WORLD_RUN/zones/$z.kind"
  world_zone_commit "$(world_parent "$z")"
}
world_zone_glue() {
  local z; z=$(world_fqdn "$1")
  echo "$2" > "$WORLD_RUN/zones/$z.glue"
  world_zone_commit "$(world_parent "$z")"
}

world_knot_conf() {
  local z k=$WORLD_RUN/knot
  sed -e "s|@RUN@|$k|g" -e "s|@KNOT@|$WORLD_KNOT|g" "$WORLD_TOP/templates/knot.conf" > "$k/knot.conf"
  for z in "${WORLD_ZONES[@]}"; do
    echo "  - domain: \"$z\""
    echo "    file: \"$WORLD_RUN/zones/$z.zone\""
    [ "$(cat "$WORLD_RUN/zones/$z.kind")" = insecure ] && echo "    dnssec-signing: off"
  done >> "$k/knot.conf"
}

world_start_knot() {
  local z i
  world_knot_conf
  for z in "${WORLD_ZONES[@]}"; do world_zone_write "$z"; done
  world_exec knotd -c "$WORLD_RUN/knot/knot.conf" -d || world_die "knotd did not start"
  for i in $(seq 50); do [ -f "$WORLD_RUN/knot/knot.pid" ] && break; sleep 0.1; done
  world_pid knot "$(cat "$WORLD_RUN/knot/knot.pid")"
  # every zone loaded (signed zones have their keys now)
  for z in "${WORLD_ZONES[@]}"; do
    for i in $(seq 100); do
      world_exec kdig +short +time=1 @"$WORLD_KNOT" "$z" SOA 2>/dev/null | grep -q . && break
      sleep 0.1
    done
    [ "$i" = 100 ] && world_die "knot does not serve $z (see $WORLD_RUN/knot/knot.log)"
  done
  # now the DS records: children first, parents reloaded
  touch "$WORLD_RUN/knot/started"
  for z in "${WORLD_ZONES[@]}"; do world_zone_commit "$z"; done
}

world_start_unbound() {
  local u=$WORLD_RUN/unbound ds i
  ds=$(world_ds . secure) || world_die "no DS for the root"
  [ -n "$ds" ] || world_die "no DS for the root"
  echo "$ds" > "$u/root.ds"
  printf '. 5 NS ns.\nns. 5 A %s\n' "$WORLD_KNOT" > "$u/root.hints"
  sed -e "s|@RUN@|$u|g" -e "s|@RESOLVER@|$WORLD_RESOLVER|g" "$WORLD_TOP/templates/unbound.conf" > "$u/unbound.conf"
  world_exec unbound -c "$u/unbound.conf" || world_die "unbound did not start (see $u/unbound.log)"
  for i in $(seq 50); do [ -s "$u/unbound.pid" ] && break; sleep 0.1; done
  world_pid unbound "$(cat "$u/unbound.pid")"
}

world_unbound_control() { unbound-control -c "$WORLD_RUN/unbound/unbound.conf" "$@"; }

# world_flush: forget what unbound learnt (after a zone or glue change)
world_flush() {
  world_exec unbound-control -c "$WORLD_RUN/unbound/unbound.conf" flush_zone . >/dev/null &&
  world_exec unbound-control -c "$WORLD_RUN/unbound/unbound.conf" flush_bogus >/dev/null &&
  world_exec unbound-control -c "$WORLD_RUN/unbound/unbound.conf" flush_infra all >/dev/null &&
  world_exec unbound-control -c "$WORLD_RUN/unbound/unbound.conf" flush_requestlist >/dev/null ||
    world_die "unbound-control flush failed"
}

# world_wait_secure NAME TYPE [SECONDS]: after a heal, wait until the resolver
# answers NAME TYPE with NOERROR and AD.  A query unbound still works on (the
# one stuck on a black hole, say) can outlive a flush; flush again between
# tries.  Returns 1 (and says so) if the answer never comes.
world_wait_secure() {
  local i out
  for i in $(seq "${3:-30}"); do
    out=$(world_dig +dnssec "$1" "$2" 2>&1) || true
    if grep -q 'status: NOERROR' <<< "$out" && grep -Eqi 'flags:.* ad[; ]' <<< "$out"; then
      return 0
    fi
    sleep 1; world_flush
  done
  world_log "after the heal, $1 $2 still has no secure answer"
  return 1
}

# world_dig ARGS...: kdig to the world's resolver
world_dig() { world_exec kdig +time=3 +retry=1 @"$WORLD_RESOLVER" "$@"; }

# world_check_secure NAME TYPE: the resolver answers with AD
world_check_secure() {
  world_dig +dnssec "$1" "$2" | grep -Eqi 'flags:.* ad[; ]' ||
    world_die "resolver: $1 $2 has no AD bit (the world's DNSSEC is broken)"
}
# world_check_servfail NAME TYPE: the resolver answers SERVFAIL
world_check_servfail() {
  world_dig +dnssec "$1" "$2" | grep -q 'status: SERVFAIL' ||
    world_die "resolver: $1 $2 is not SERVFAIL (bogus data not caught)"
}

world_start() {
  ip netns add "$WORLD_NS" || world_die "ip netns add $WORLD_NS"
  world_exec ip link set lo up
  world_addr "$WORLD_KNOT"; world_addr "$WORLD_RESOLVER"
  mkdir -p "/etc/netns/$WORLD_NS"
  # WORLD_TRUST_AD=no leaves trust-ad out: glibc then clears every AD bit
  # (a demonstration of the resolver dependence; make test-world fails)
  printf 'nameserver %s\noptions %stimeout:2 attempts:2\n' "$WORLD_RESOLVER" \
    "$([ "${WORLD_TRUST_AD:-yes}" = no ] || echo 'trust-ad ')" \
    > "/etc/netns/$WORLD_NS/resolv.conf"
  printf '127.0.0.1 localhost\n' > "/etc/netns/$WORLD_NS/hosts"
  world_start_knot
  world_start_unbound
  world_check_secure "$(world_nsname "${WORLD_ZONES[1]:-.}")" A
  world_log "up: namespace $WORLD_NS, knot $WORLD_KNOT, unbound $WORLD_RESOLVER, ${#WORLD_ZONES[@]} zones"
}

# ---- a UDP responder that never answers -----------------------------------

world_blackhole() {
  world_addr "$1"
  world_exec perl -MIO::Socket::INET -e '
    my $s = IO::Socket::INET->new(LocalAddr => $ARGV[0], LocalPort => 53, Proto => "udp")
      or die "blackhole: $!\n";
    my $b; while (1) { $s->recv($b, 4096); }' "$1" &
  world_pid "blackhole-$1" $!
}

# ---- servers --------------------------------------------------------------

# world_server_exim NAME ADDR HOST CHAIN KEY [notls]: an exim daemon on
# ADDR:25 presenting CHAIN (leaf first) that accepts any recipient
world_server_exim() {
  local name=$1 addr=$2 host=$3 chain=$4 key=$5 tls=${6:-tls} d i
  d=$WORLD_RUN/servers/$name
  [ -n "$WORLD_EXIM_SERVER" ] || world_die "WORLD_EXIM_SERVER is not set"
  mkdir -p "$d/spool" "$d/log"; touch "$d/mbox"
  # the directory too: appendfile makes its lock file beside the mbox
  chown exim:exim "$d"; chown -R exim:exim "$d/spool" "$d/log" "$d/mbox"
  world_addr "$addr"
  sed -e "s|@DIR@|$d|g" -e "s|@ADDR@|$addr|g" -e "s|@HOST@|$host|g" \
      -e "s|@EXIM@|$WORLD_EXIM_SERVER|g" -e "s|@CHAIN@|$chain|g" -e "s|@KEY@|$key|g" \
      -e "s|@TLSHOSTS@|$([ "$tls" = notls ] || echo '*')|g" \
      "$WORLD_TOP/templates/exim-server.conf" > "$d/exim.conf"
  echo exim > "$d/type"
  rm -f "$d/exim.pid"
  world_exec "$WORLD_EXIM_SERVER" -C "$d/exim.conf" -bd -oX "$addr.25" -oP "$d/exim.pid" ||
    world_die "exim server $name did not start"
  for i in $(seq 50); do [ -s "$d/exim.pid" ] && break; sleep 0.1; done
  [ -s "$d/exim.pid" ] || world_die "exim server $name: no pid file (see $d/log)"
  world_pid "server-$name" "$(cat "$d/exim.pid")"
}

# world_postfix_master OUT [noinet]: Debian's master.cf, chroot off,
# without the smtpd listener when noinet
world_postfix_master() {
  awk -v noinet="${2:-}" '
    /^[a-z]/ && NF >= 8 {
      if (noinet != "" && $2 == "inet") next
      $5 = "n"
    }
    { print }' /etc/postfix/master.cf > "$1"
}

# world_postfix_start NAME DIR: start a Postfix instance from DIR/etc
world_postfix_start() {
  local d=$2 i
  if ! world_exec postfix -c "$d/etc" start >>"$d/start.log" 2>&1; then
    # the postfix command reports to stderr only when it is a terminal
    world_exec script -qc "postfix -c $d/etc start" /dev/null >>"$d/start.log" 2>&1
    world_die "postfix $1 did not start: $(tail -n 1 "$d/start.log")"
  fi
  for i in $(seq 50); do [ -s "$d/queue/pid/master.pid" ] && break; sleep 0.1; done
  [ -s "$d/queue/pid/master.pid" ] || world_die "postfix $1: no master.pid"
  world_pid "postfix-$1" "$(tr -d ' ' < "$d/queue/pid/master.pid")"
}

# world_postfix_dirs DIR: a Postfix instance's directories
world_postfix_dirs() {
  mkdir -p "$1/etc" "$1/queue" "$1/data"
  chown postfix "$1/data"
  touch "$1/maillog"
}

world_server_postfix() {
  local name=$1 addr=$2 host=$3 chain=$4 key=$5 tls=${6:-tls} d
  d=$WORLD_RUN/servers/$name
  world_postfix_dirs "$d"
  world_addr "$addr"
  sed -e "s|@DIR@|$d|g" -e "s|@ADDR@|$addr|g" -e "s|@HOST@|$host|g" \
      -e "s|@CHAIN@|$chain|g" -e "s|@KEY@|$key|g" \
      -e "s|@TLSLEVEL@|$([ "$tls" = notls ] && echo none || echo may)|g" \
      "$WORLD_TOP/templates/postfix-server.cf" > "$d/etc/main.cf"
  world_postfix_master "$d/etc/master.cf"
  echo postfix > "$d/type"
  world_postfix_start "$name" "$d"
}

world_server_stop() {
  local d=$WORLD_RUN/servers/$1
  if [ "$(cat "$d/type" 2>/dev/null)" = postfix ]; then
    world_exec postfix -c "$d/etc" stop >>"$d/start.log" 2>&1
    rm -f "$WORLD_RUN/pids/postfix-$1"
  else
    world_kill "server-$1"
  fi
}

# world_server_count NAME MSGID: messages with Message-ID MSGID received
world_server_count() {
  local d=$WORLD_RUN/servers/$1
  if [ "$(cat "$d/type")" = postfix ]; then
    grep -c "cleanup\[.*message-id=<$2>" "$d/maillog"
  else
    grep -c " <= .* id=$2\( \|\$\)" "$d/log/mainlog" 2>/dev/null
  fi
}

# world_server_count_any MSGID: over every server of the world
world_server_count_any() {
  local n=0 d
  for d in "$WORLD_RUN"/servers/*/; do
    n=$(( n + $(world_server_count "$(basename "$d")" "$1") ))
  done
  echo $n
}

# world_server_counts: "COUNT MSGID" for every Message-ID any server of
# the world received (one pass over all server logs)
world_server_counts() {
  local d
  for d in "$WORLD_RUN"/servers/*/; do
    if [ "$(cat "$d/type")" = postfix ]; then
      sed -n 's/.*cleanup\[[0-9]*\]: [0-9A-F]*: message-id=<\([^>]*\)>.*/\1/p' "$d/maillog"
    else
      sed -n 's/.* <= .* id=\([^ ]*\).*/\1/p' "$d/log/mainlog" 2>/dev/null
    fi
  done | sort | uniq -c
}

# ---- certificates (openssl CLI, EC P-256) ---------------------------------

world_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# world_ca DIR NAME SUBJECT [ISSUER]: a CA certificate (self-signed without ISSUER)
world_ca() {
  local d=$1 n=$2 ext
  world_key "$d/$n.key"
  ext="basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash"
  if [ -z "${4:-}" ]; then
    openssl req -new -x509 -key "$d/$n.key" -subj "/CN=$3" -days 3650 \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -out "$d/$n.pem" 2>/dev/null
  else
    openssl req -new -key "$d/$n.key" -subj "/CN=$3" -out "$d/$n.csr" 2>/dev/null
    echo "$ext" > "$d/$n.ext"
    openssl x509 -req -in "$d/$n.csr" -CA "$d/$4.pem" -CAkey "$d/$4.key" -set_serial "0x$(openssl rand -hex 8)" \
      -days 3650 -extfile "$d/$n.ext" -out "$d/$n.pem" 2>/dev/null
  fi
}

# world_leaf DIR NAME ISSUER SAN: a server certificate (SAN "DNS:a,DNS:b")
world_leaf() {
  local d=$1 n=$2
  world_key "$d/$n.key"
  openssl req -new -key "$d/$n.key" -subj "/CN=$(n=${4%%,*}; echo "${n#DNS:}")" -out "$d/$n.csr" 2>/dev/null
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$4" > "$d/$n.ext"
  openssl x509 -req -in "$d/$n.csr" -CA "$d/$3.pem" -CAkey "$d/$3.key" -set_serial "0x$(openssl rand -hex 8)" \
    -days 3650 -extfile "$d/$n.ext" -out "$d/$n.pem" 2>/dev/null
}

# world_selfsigned DIR NAME CN: a self-signed end-entity certificate
world_selfsigned() {
  world_key "$1/$2.key"
  openssl req -new -x509 -key "$1/$2.key" -subj "/CN=$3" -days 3650 -out "$1/$2.pem" 2>/dev/null
}

# world_tlsa SELECTOR MTYPE CERT: the TLSA association data (hex)
world_tlsa() {
  case $1$2 in
    00) openssl x509 -in "$3" -outform DER | od -An -tx1 | tr -d ' \n' ;;
    10) openssl x509 -in "$3" -noout -pubkey | openssl pkey -pubin -outform DER | od -An -tx1 | tr -d ' \n' ;;
    01) openssl x509 -in "$3" -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1 ;;
    02) openssl x509 -in "$3" -outform DER | openssl dgst -sha512 -r | cut -d' ' -f1 ;;
    11) openssl x509 -in "$3" -noout -pubkey | openssl pkey -pubin -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1 ;;
    12) openssl x509 -in "$3" -noout -pubkey | openssl pkey -pubin -outform DER | openssl dgst -sha512 -r | cut -d' ' -f1 ;;
  esac
}
