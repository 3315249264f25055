# world/cases.sh: the cases of `make test-world`, sourced by world/run.
#
# Each case is a destination domain of its own, NAME.sec.example unless
# said otherwise, with its MX host(s), TLSA records, server(s) and, for a
# fault, the heal that removes it.  case NAME MODE USABLE declares one:
#   MODE    try (hosts_try_dane / Postfix "dane") or require
#           (hosts_require_dane / Postfix "dane-only")
#   USABLE  yes when the destination's TLSA RRset is secure and has a usable
#           record: then no client may deliver in clear or with
#           unauthenticated TLS (checked for every client, reference too)
# The expected outcomes are in world/expected-outcomes.txt.
#
# Certificates ($C, made by world/run): root, ica (by root); leaf-all (by
# ica; names every MX host below), leaf-mxonly, leaf-domonly,
# leaf-noname, leaf-fixed (by ica); ee, mitm (self-signed).

S=sec.example
declare -A CASE_MODE CASE_USABLE CASE_DOMAIN
CASES=()
SERVER_NO=0

case_() { CASES+=("$1"); CASE_MODE[$1]=$2; CASE_USABLE[$1]=$3; CASE_DOMAIN[$1]=${4:-$1.$S}; }

# next_addr: a fresh server address in $a
next_addr() { SERVER_NO=$((SERVER_NO + 1)); a=127.60.0.$SERVER_NO; }

# mx DOMAIN HOST ADDR [PREF]: DOMAIN's MX, HOST's A record
mx() { world_rr $S "$1. MX ${4:-10} $2."; world_rr $S "$2. A $3"; }
tlsa() { world_rr "${3:-$S}" "_25._tcp.$1. TLSA $2"; }

EE311="3 1 1 $(world_tlsa 1 1 "$C/ee.pem")"
EE301="3 0 1 $(world_tlsa 0 1 "$C/ee.pem")"
TA201="2 0 1 $(world_tlsa 0 1 "$C/root.pem")"
TA210="2 1 0 $(world_tlsa 1 0 "$C/root.pem")"
EE312_OTHER="3 1 2 $(world_tlsa 1 2 "$C/mitm.pem")"

FULL=$C/leaf-all.chain        # leaf-all + ica + root
NOROOT=$C/leaf-all.chain2     # leaf-all + ica (anchor not sent)

declare -A HEAL_STEPS

define_cases() {
  local a

  # DANE-EE, SPKI and full certificate; exim and Postfix servers
  case_ ee311 try yes; next_addr; mx ee311.$S mx.ee311.$S $a; tlsa mx.ee311.$S "$EE311"
  SERVERS+=("exim ee311 $a mx.ee311.$S $C/ee.pem $C/ee.key")
  case_ ee301-pf try yes; next_addr; mx ee301-pf.$S mx.ee301-pf.$S $a; tlsa mx.ee301-pf.$S "$EE301"
  SERVERS+=("postfix ee301-pf $a mx.ee301-pf.$S $C/ee.pem $C/ee.key")
  case_ ee311-req require yes; next_addr; mx ee311-req.$S mx.ee311-req.$S $a; tlsa mx.ee311-req.$S "$EE311"
  SERVERS+=("postfix ee311-req $a mx.ee311-req.$S $C/ee.pem $C/ee.key")

  # DANE-TA: root digest with the root sent; root key in full, not sent
  case_ ta201 try yes; next_addr; mx ta201.$S mx.ta201.$S $a; tlsa mx.ta201.$S "$TA201"
  SERVERS+=("exim ta201 $a mx.ta201.$S $FULL $C/leaf-all.key")
  case_ ta210 try yes; next_addr; mx ta210.$S mx.ta210.$S $a; tlsa mx.ta210.$S "$TA210"
  SERVERS+=("exim ta210 $a mx.ta210.$S $NOROOT $C/leaf-all.key")

  # DANE-TA name checks: the leaf names only the MX host, only the
  # next-hop domain, neither
  case_ ta-mxname try yes; next_addr; mx ta-mxname.$S mx.ta-mxname.$S $a; tlsa mx.ta-mxname.$S "$TA201"
  SERVERS+=("postfix ta-mxname $a mx.ta-mxname.$S $C/leaf-mxonly.chain $C/leaf-mxonly.key")
  case_ ta-domname try yes; next_addr; mx ta-domname.$S mx.ta-domname.$S $a; tlsa mx.ta-domname.$S "$TA201"
  SERVERS+=("exim ta-domname $a mx.ta-domname.$S $C/leaf-domonly.chain $C/leaf-domonly.key")
  case_ ta-noname try yes; next_addr; mx ta-noname.$S mx.ta-noname.$S $a; tlsa mx.ta-noname.$S "$TA201"
  SERVERS+=("exim ta-noname $a mx.ta-noname.$S $C/leaf-noname.chain $C/leaf-noname.key")
  HEAL_STEPS[ta-noname]="restart exim ta-noname $a mx.ta-noname.$S $C/leaf-fixed.chain $C/leaf-fixed.key"

  # a man in the middle on the MX address; healed: the real server
  case_ mitm try yes; next_addr; mx mitm.$S mx.mitm.$S $a; tlsa mx.mitm.$S "$EE311"
  SERVERS+=("exim mitm $a mx.mitm.$S $C/mitm.pem $C/mitm.key")
  HEAL_STEPS[mitm]="restart exim mitm $a mx.mitm.$S $C/ee.pem $C/ee.key"

  # TLSA with a broken chain of trust (bogus); healed: the right DS
  case_ bogus try yes; next_addr; mx bogus.$S mx.bogus.$S $a
  world_zone _25._tcp.mx.bogus.$S bogus
  world_rr _25._tcp.mx.bogus.$S "@ TLSA $EE311"
  SERVERS+=("exim bogus $a mx.bogus.$S $C/ee.pem $C/ee.key")
  HEAL_STEPS[bogus]="kind _25._tcp.mx.bogus.$S secure"

  # the TLSA lookup times out: its name is delegated to a name server that
  # never answers (knot must not serve that zone itself, or it would answer
  # for it); healed: the delegation gives way to a TLSA record in sec.example
  case_ slow try yes; next_addr; mx slow.$S mx.slow.$S $a
  world_rr $S "_25._tcp.mx.slow.$S. NS ns-black.$S."
  world_rr $S "ns-black.$S. A 127.53.0.9"
  SERVERS+=("exim slow $a mx.slow.$S $C/ee.pem $C/ee.key")
  HEAL_STEPS[slow]="rr-del $S ^_25._tcp.mx.slow.$S. NS;rr $S _25._tcp.mx.slow.$S. TLSA $EE311"

  # TLSA in a zone without DS (insecure): domain, MX host and TLSA unsigned
  case_ insecure try no insecure.insec.example; next_addr
  world_rr insec.example "insecure.insec.example. MX 10 mx.insecure.insec.example."
  world_rr insec.example "mx.insecure.insec.example. A $a"
  tlsa mx.insecure.insec.example "$EE311" insec.example
  SERVERS+=("exim insecure $a mx.insecure.insec.example $C/ee.pem $C/ee.key")

  # a secure MX whose host is in the insecure zone (TLSA there unsigned)
  case_ mx-insec try no; next_addr
  world_rr $S "mx-insec.$S. MX 10 mx.mx-insec.insec.example."
  world_rr insec.example "mx.mx-insec.insec.example. A $a"
  tlsa mx.mx-insec.insec.example "$EE311" insec.example
  SERVERS+=("exim mx-insec $a mx.mx-insec.insec.example $C/ee.pem $C/ee.key")
  # the same with hosts_require_dane / dane-only; healed: the MX points
  # at a secure host with TLSA (same server)
  case_ mx-insec-req require no; next_addr
  world_rr $S "mx-insec-req.$S. MX 10 mx.mx-insec-req.insec.example."
  world_rr insec.example "mx.mx-insec-req.insec.example. A $a"
  world_rr $S "mx.mx-insec-req.$S. A $a"
  tlsa mx.mx-insec-req.$S "$EE311"
  SERVERS+=("exim mx-insec-req $a mx.mx-insec-req.$S $C/ee.pem $C/ee.key")
  HEAL_STEPS[mx-insec-req]="rr-del $S ^mx-insec-req.$S.*MX;rr $S mx-insec-req.$S. MX 10 mx.mx-insec-req.$S."

  # a secure zone without TLSA
  case_ notlsa try no; next_addr; mx notlsa.$S mx.notlsa.$S $a
  SERVERS+=("postfix notlsa $a mx.notlsa.$S $C/ee.pem $C/ee.key")

  # only unusable records (PKIX-TA, PKIX-EE): RFC 7672 3.1.3, as no TLSA
  case_ unusable try no; next_addr; mx unusable.$S mx.unusable.$S $a
  tlsa mx.unusable.$S "0 0 1 $(world_tlsa 0 1 "$C/root.pem")"
  tlsa mx.unusable.$S "1 1 1 $(world_tlsa 1 1 "$C/leaf-all.pem")"
  SERVERS+=("exim unusable $a mx.unusable.$S $FULL $C/leaf-all.key")

  # secure usable TLSA, the server offers no STARTTLS; healed: it does
  case_ nostarttls try yes; next_addr; mx nostarttls.$S mx.nostarttls.$S $a; tlsa mx.nostarttls.$S "$EE311"
  SERVERS+=("exim nostarttls $a mx.nostarttls.$S $C/ee.pem $C/ee.key notls")
  HEAL_STEPS[nostarttls]="restart exim nostarttls $a mx.nostarttls.$S $C/ee.pem $C/ee.key"

  # CNAME'd MX host (RFC 7672 2.2.2): TLSA at the CNAME target only, then
  # at the original name only
  case_ cname-target try yes; next_addr
  world_rr $S "cname-target.$S. MX 10 mx.cname-target.$S."
  world_rr $S "mx.cname-target.$S. CNAME real.cname-target.$S."
  world_rr $S "real.cname-target.$S. A $a"
  tlsa real.cname-target.$S "$EE311"
  SERVERS+=("exim cname-target $a real.cname-target.$S $C/ee.pem $C/ee.key")
  case_ cname-orig try yes; next_addr
  world_rr $S "cname-orig.$S. MX 10 mx.cname-orig.$S."
  world_rr $S "mx.cname-orig.$S. CNAME real.cname-orig.$S."
  world_rr $S "real.cname-orig.$S. A $a"
  tlsa mx.cname-orig.$S "$EE311"
  SERVERS+=("exim cname-orig $a real.cname-orig.$S $C/ee.pem $C/ee.key")

  # two MX hosts: the first fails DANE (a man in the middle), the second passes
  case_ twomx try yes; next_addr
  mx twomx.$S mx1.twomx.$S $a 10; tlsa mx1.twomx.$S "$EE311"
  SERVERS+=("exim twomx-1 $a mx1.twomx.$S $C/mitm.pem $C/mitm.key")
  next_addr
  mx twomx.$S mx2.twomx.$S $a 20; tlsa mx2.twomx.$S "$EE311"
  SERVERS+=("exim twomx-2 $a mx2.twomx.$S $C/ee.pem $C/ee.key")

  # digest agility (RFC 7671 9): a non-matching SHA-512 beside a matching
  # SHA-256 for the same usage and selector
  case_ agility try yes; next_addr; mx agility.$S mx.agility.$S $a
  tlsa mx.agility.$S "$EE311"; tlsa mx.agility.$S "$EE312_OTHER"
  SERVERS+=("exim agility $a mx.agility.$S $C/ee.pem $C/ee.key")
  HEAL_STEPS[agility]="rr-del $S ^_25._tcp.mx.agility.$S.*TLSA 3 1 2"

  # the server is down, then up
  case_ down try yes; next_addr; mx down.$S mx.down.$S $a; tlsa mx.down.$S "$EE311"
  HEAL_STEPS[down]="start exim down $a mx.down.$S $C/ee.pem $C/ee.key"
}
