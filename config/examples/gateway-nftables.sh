#!/bin/sh
# The school gateway's packet rules for transparent mode (`mode: transparent`):
# every device's web traffic goes through the proxy without per-device settings.
#
#   LAN_IF=eth1 WAN_IF=eth0 ./gateway-nftables.sh apply     # load the rules (root)
#   ./gateway-nftables.sh print                              # show them without loading
#   ./gateway-nftables.sh remove                             # take them away again
#
# What the rules do (IPv4 and IPv6 alike, one `inet` table):
#   * TCP 80 and 443 arriving on the pupils' side (LAN_IF) is redirected to the
#     proxy on this machine (PROXY_PORT, default 8080). The proxy reads the
#     original destination, decrypts only AI services (by TLS SNI) and passes
#     every other site through untouched, its own certificate included.
#   * UDP 443 (QUIC/HTTP3, which browsers try first) from LAN_IF is rejected, so
#     browsers fall back to TCP at once (BLOCK_QUIC=no keeps QUIC for non-AI
#     sites, but then QUIC to AI services is not inspected: keep the default).
#   * With WAN_IF set, traffic leaving there is masqueraded (NAT), as a home
#     router does; leave it empty when the gateway routes without NAT.
# The proxy's own connections start on this machine and are not redirected.
# Make them permanent with the distribution's nftables service
# (`./gateway-nftables.sh print > /etc/nftables.d/privacy-guard.nft`) and set
# net.ipv4.ip_forward=1 and net.ipv6.conf.all.forwarding=1 in /etc/sysctl.d/.
set -eu

PROXY_PORT="${PROXY_PORT:-8080}"
WAN_IF="${WAN_IF:-}"
BLOCK_QUIC="${BLOCK_QUIC:-yes}"
TABLE="privacy_guard"

ruleset() {
    : "${LAN_IF:?set LAN_IF to the interface facing the pupils and teachers}"
    # Declaring, then deleting, makes `apply` idempotent (no error on the first run).
    echo "table inet $TABLE"
    echo "delete table inet $TABLE"
    echo "table inet $TABLE {"
    echo "  chain prerouting {"
    echo "    type nat hook prerouting priority dstnat; policy accept;"
    echo "    iifname \"$LAN_IF\" tcp dport { 80, 443 } counter redirect to :$PROXY_PORT"
    echo "  }"
    echo "  chain forward {"
    echo "    type filter hook forward priority filter; policy accept;"
    if [ "$BLOCK_QUIC" = "yes" ]; then
        echo "    iifname \"$LAN_IF\" udp dport 443 counter reject"
    fi
    echo "  }"
    if [ -n "$WAN_IF" ]; then
        echo "  chain postrouting {"
        echo "    type nat hook postrouting priority srcnat; policy accept;"
        echo "    oifname \"$WAN_IF\" masquerade"
        echo "  }"
    fi
    echo "}"
}

case "${1:-apply}" in
    print)
        ruleset
        ;;
    apply)
        sysctl -qw net.ipv4.ip_forward=1
        sysctl -qw net.ipv6.conf.all.forwarding=1
        ruleset | nft -f -
        echo "privacy-guard gateway rules loaded: TCP 80/443 from $LAN_IF -> proxy port $PROXY_PORT; QUIC blocked: $BLOCK_QUIC"
        ;;
    remove)
        nft delete table inet "$TABLE" 2>/dev/null || true
        echo "privacy-guard gateway rules removed"
        ;;
    *)
        echo "usage: LAN_IF=eth1 [WAN_IF=eth0] [PROXY_PORT=8080] [BLOCK_QUIC=yes|no] $0 apply|print|remove" >&2
        exit 2
        ;;
esac
