namespace Appliance.Config;

/// <summary>
/// Every section and key appliance.ini knows. The loader rejects what is not here (with a suggestion), the console
/// shows <see cref="ConfigKeyInfo"/> as help, and a test keeps docs/configuration.md in step with this table.
/// </summary>
public static class ConfigSchema
{
    /// <summary>The leading component of each kind of section, as written in the file.</summary>
    public static string SectionWord(SectionKind kind) => kind switch
    {
        SectionKind.System => "system",
        SectionKind.Interface => "interface",
        SectionKind.Vrrp or SectionKind.VrrpTrack => "vrrp",
        SectionKind.Nginx => "nginx",
        SectionKind.Hooks => "hooks",
        SectionKind.Log => "log",
        SectionKind.Metrics => "metrics",
        SectionKind.Check => "check",
        SectionKind.Group => "group",
        SectionKind.Bgp => "bgp",
        SectionKind.Anycast => "anycast",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>How the section is written, with NAME for the named kinds.</summary>
    public static string SectionTemplate(SectionKind kind) => kind switch
    {
        SectionKind.Interface => "[interface:NAME]",
        SectionKind.Vrrp => "[vrrp:NAME]",
        SectionKind.VrrpTrack => "[vrrp:NAME:track]",
        SectionKind.Check => "[check:NAME]",
        SectionKind.Group => "[group:NAME]",
        SectionKind.Anycast => "[anycast:NAME]",
        _ => "[" + SectionWord(kind) + "]",
    };

    public static IReadOnlyList<ConfigKeyInfo> Keys { get; } = BuildKeys();

    public static IEnumerable<ConfigKeyInfo> KeysOf(SectionKind kind) => Keys.Where(k => k.Section == kind);

    /// <summary>The key's documentation, or null for an unknown key. <c>[vrrp:NAME:track]</c> keys are free (object names).</summary>
    public static ConfigKeyInfo? Find(SectionKind kind, string key) =>
        Keys.FirstOrDefault(k => k.Section == kind && string.Equals(k.Name, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>Finds the documentation for a section path and key as an operator writes them (<c>vrrp:web</c>, <c>priority</c>).</summary>
    public static ConfigKeyInfo? Find(string sectionPath, string key) =>
        SectionName.TryClassify(sectionPath, out var kind, out _) ? Find(kind, key) : null;

    private static ConfigKeyInfo[] BuildKeys()
    {
        const SectionKind S = SectionKind.System, I = SectionKind.Interface, V = SectionKind.Vrrp;
        const SectionKind N = SectionKind.Nginx, H = SectionKind.Hooks, L = SectionKind.Log, C = SectionKind.Check, G = SectionKind.Group;
        const SectionKind B = SectionKind.Bgp, A = SectionKind.Anycast;
        return
        [
            new(S, "hostname", "appliance", "RFC 1123 label: 1-63 letters, digits, '-', not starting or ending with '-'",
                "Host name of this box (also the default syslog host field).", ApplyMode.Live),
            new(S, "state_dir", "/run/appliance", "absolute path",
                "Directory for the control socket, pid files and runtime state.", ApplyMode.RestartsSupervisor),
            new(S, "console", "ttyS0", "device name under /dev (ttyS0, ttyAMA0, hvc0, tty1; /dev/ttyS0 also accepted); empty: no console UI",
                "Serial console device the console UI runs on.", ApplyMode.RestartsConsole),
            new(S, "console_password", "", "empty or pbkdf2-sha256$ITERATIONS$SALT_BASE64$HASH_BASE64 (made by `appliance passwd`)",
                "Salted hash of the console password; empty: the console asks for none.", ApplyMode.Live),
            new(S, "modules", "", "comma-separated kernel module names (letters, digits, '_', '-')",
                "Kernel modules to load at boot, in order (e.g. virtio_net, macvlan).", ApplyMode.NextBoot),
            new(S, "shell", "false", "boolean",
                "Whether the console menu offers a root shell.", ApplyMode.Live),
            new(S, "upgrade_confirm_after", "30s", "duration 1s-3600s",
                "A trial boot of a newly installed image becomes the confirmed one after it has been healthy this long.", ApplyMode.Live),
            new(S, "upgrade_trial_timeout", "300s", "duration 10s-86400s",
                "A trial boot that is not healthy within this long reboots into the previous image.", ApplyMode.Live),
            new(S, "watchdog", "", "empty or an absolute path of a watchdog device (/dev/watchdog); the image's factory configuration sets /dev/watchdog",
                "Hardware watchdog the event loop feeds; a hung loop, or a trial boot undecided past its deadline, resets the box. Empty: none.", ApplyMode.RestartsSupervisor),
            new(S, "watchdog_timeout", "15s", "duration 3s-600s, whole seconds",
                "How long the watchdog waits for a feed before it resets the box; the loop feeds every third of it.", ApplyMode.RestartsSupervisor),
            new(S, "control_group", "", "empty or a group name (1-32 lower-case letters, digits, '_', '-'), not root",
                "Members of this group (primary or supplementary) may ask the control socket for `status` (`appliance status`); " +
                "everything else stays root's. The socket becomes root:GROUP mode 0660. Empty: root only (mode 0600).", ApplyMode.RestartsSupervisor),

            new(I, "address", "", "comma-separated CIDR addresses (192.0.2.11/24, 2001:db8::11/64); IPv4 and IPv6 may be mixed",
                "Static addresses of this box on the interface.", ApplyMode.Live),
            new(I, "gateway", "", "empty or an IPv4 address",
                "IPv4 default gateway through this interface.", ApplyMode.Live),
            new(I, "gateway6", "", "empty or an IPv6 address (link-local fe80:: allowed)",
                "IPv6 default gateway through this interface.", ApplyMode.Live),
            new(I, "manage", "false", "boolean",
                "true: the supervisor sets the addresses, gateways and link state (PID 1 in the image; not in a container, whose network belongs to docker); false: it leaves the interface as it is.", ApplyMode.Live),

            new(V, "interface", "", "required; an [interface:NAME] of this file or, when the kernel's links are known, an existing link",
                "Interface the instance advertises on and puts its virtual addresses on.", ApplyMode.RestartsInstance),
            new(V, "vrid", "", "required; 1-255, unique per interface and address family",
                "Virtual router id; both boxes of a pair use the same one.", ApplyMode.RestartsInstance),
            new(V, "priority", "100", "1-254; 255 only for the address owner",
                "Election priority; the highest wins.", ApplyMode.Live),
            new(V, "version", "3", "2 or 3",
                "VRRP version: 3 (RFC 9568, IPv4 and IPv6) or 2 (RFC 3768, IPv4 only).", ApplyMode.RestartsInstance),
            new(V, "advert_interval", "1s", "v3: 10ms to 40.95s in 10 ms steps; v2: whole seconds 1s-255s",
                "Interval between advertisements of the master.", ApplyMode.RestartsInstance),
            new(V, "virtual_ip", "", "required; comma-separated addresses with optional /prefix (default /32, /128), one address family",
                "The virtual addresses the master holds.", ApplyMode.Live),
            new(V, "preempt", "true", "boolean",
                "Whether a higher-priority backup takes over from a lower-priority master.", ApplyMode.Live),
            new(V, "preempt_delay", "0s", "duration 0s-3600s",
                "How long a higher-priority backup waits before preempting.", ApplyMode.Live),
            new(V, "accept", "true", "boolean",
                "RFC 9568 Accept_Mode: true, the master accepts every packet addressed to the virtual addresses although it does not own them; false, it drops them (nftables), except TCP to the ports of [nginx] listen and IPv6 neighbour discovery. The address owner (priority 255) always accepts.", ApplyMode.Live),
            new(V, "unicast_peer", "", "comma-separated addresses of the instance's family, none of them this box's own",
                "Send advertisements by unicast to these peers instead of multicast.", ApplyMode.RestartsInstance),
            new(V, "unicast_source", "", "empty or an address of the instance's family, one of the interface's own",
                "Source address of unicast advertisements; empty: the interface's primary address.", ApplyMode.RestartsInstance),
            new(V, "virtual_mac", "false", "boolean",
                "Use the RFC virtual MAC 00-00-5e-00-01-{vrid} (00-00-5e-00-02-{vrid} for IPv6) through a macvlan interface " +
                "(`vrrp4.{vrid}` / `vrrp6.{vrid}`, bridge mode). The parent interface gets `arp_ignore=1` and `arp_announce=2` " +
                "so that only the macvlan answers for, and announces, the virtual addresses. Unicast IPv6 advertisements " +
                "leave with the parent's MAC.", ApplyMode.RestartsInstance),
            new(V, "announce_count", "3", "0-100",
                "Gratuitous ARPs / unsolicited neighbour advertisements sent on becoming master.", ApplyMode.Live),
            new(V, "announce_interval", "100ms", "duration 10ms-10s",
                "Spacing of those announcements.", ApplyMode.Live),
            new(V, "garp_refresh", "0s", "0s (off) or duration 1s-24h",
                "While master, announce every virtual address again at this interval (one gratuitous ARP / unsolicited " +
                "neighbour advertisement each; keepalived's garp_master_refresh), so that a switch or client that lost " +
                "its entry learns it back without waiting for a transition. 0s: only on becoming master.", ApplyMode.Live),
            new(V, "v3_checksum_as_v2", "false", "boolean; only meaningful for version 3 over IPv4",
                "Compute the VRRPv3 IPv4 checksum without the pseudo-header, as some router vendors do (keepalived's switch of the same name).", ApplyMode.RestartsInstance),
            new(V, "notify", "", "empty or an absolute program path and its arguments separated by spaces (run without a shell)",
                "Run on every state change of this instance with keepalived's four arguments appended: INSTANCE, the name, the state (MASTER, BACKUP, FAULT, STOP) and the priority.", ApplyMode.Live),
            new(V, "notify_master", "", "empty or an absolute program path and its arguments separated by spaces (run without a shell)",
                "Run, with no arguments added, when this instance becomes master (keepalived's notify_master).", ApplyMode.Live),
            new(V, "notify_backup", "", "empty or an absolute program path and its arguments separated by spaces (run without a shell)",
                "Run, with no arguments added, when this instance becomes backup.", ApplyMode.Live),
            new(V, "notify_fault", "", "empty or an absolute program path and its arguments separated by spaces (run without a shell)",
                "Run, with no arguments added, when this instance enters fault.", ApplyMode.Live),
            new(V, "notify_stop", "", "empty or an absolute program path and its arguments separated by spaces (run without a shell)",
                "Run, with no arguments added, when this instance stops (shutdown, removal or restart of the instance).", ApplyMode.Live),

            new(N, "enabled", "true", "boolean",
                "Whether the supervisor runs and watches nginx.", ApplyMode.RestartsNginx),
            new(N, "binary", "/usr/sbin/nginx", "absolute path",
                "The nginx executable.", ApplyMode.RestartsNginx),
            new(N, "config", "/etc/nginx/nginx.conf", "absolute path",
                "nginx's configuration file (passed with -c).", ApplyMode.RestartsNginx),
            new(N, "health_url", "http://127.0.0.1/", "empty or an absolute http:// URL",
                "URL probed for health; empty: only the process is watched.", ApplyMode.Live),
            new(N, "health_interval", "1s", "duration 10ms-60s",
                "Time between health probes. A crash is known at once without them (the supervisor owns the process); the probe finds an nginx that hangs, after health_failures probes.", ApplyMode.Live),
            new(N, "health_timeout", "150ms", "duration 10ms-60s, less than health_interval",
                "How long one probe may take.", ApplyMode.Live),
            new(N, "health_failures", "2", "1-100",
                "Consecutive failed probes before nginx counts as down.", ApplyMode.Live),
            new(N, "restart_backoff_initial", "100ms", "duration 10ms-300s, not above restart_backoff_max",
                "Delay before the first restart after a crash; doubles per consecutive crash.", ApplyMode.Live),
            new(N, "restart_backoff_max", "30s", "duration 100ms-3600s",
                "Ceiling of the restart delay.", ApplyMode.Live),
            new(N, "recovery", "restart-first", "restart-first or resign",
                "restart-first: on failure restart nginx and keep mastership for recovery_grace; resign: the tracked object goes down at once.", ApplyMode.Live),
            new(N, "recovery_grace", "", "empty (derived by the supervisor from the timers) or duration 0s-600s",
                "With recovery = restart-first: how long nginx may take to come back before the instance lets go.", ApplyMode.Live),
            new(N, "stop_timeout", "5s", "duration 100ms-600s",
                "Time nginx gets after SIGQUIT (graceful stop) before its process group is SIGKILLed. A connection whose client went to the new master during a hand-over waits here for a request that never comes, so the whole orderly stop must fit the service manager's patience (docker stop: 10 s).", ApplyMode.Live),
            new(N, "reload_timeout", "10s", "duration 100ms-600s",
                "Limit for `nginx -t` and for the reload after SIGHUP.", ApplyMode.Live),
            new(N, "start_timeout", "10s", "duration 100ms-600s",
                "Time a freshly started nginx has to pass its first health probe.", ApplyMode.Live),
            new(N, "listen", "", "empty or up to 16 TCP addresses: 80, *:80, 192.0.2.10:80, [::]:80, [2001:db8::10]:80",
                "Listening sockets the supervisor opens and holds for nginx, handed to every nginx it starts: an nginx crash refuses no connection. Each must match a `listen` of nginx's configuration. Empty: nginx binds its own.", ApplyMode.RestartsNginx),
            new(N, "listen_backlog", "4096", "1-65535 (the kernel caps it at net.core.somaxconn)",
                "Accept queue of each held socket: the connections that can wait while nginx restarts.", ApplyMode.Live),

            new(H, "on_master", "", "empty or a command starting with an absolute path",
                "Run when an instance becomes master.", ApplyMode.Live),
            new(H, "on_backup", "", "empty or a command starting with an absolute path",
                "Run when an instance becomes backup.", ApplyMode.Live),
            new(H, "on_fault", "", "empty or a command starting with an absolute path",
                "Run when an instance enters fault.", ApplyMode.Live),
            new(H, "timeout", "5s", "duration 100ms-600s",
                "A hook still running after this is killed.", ApplyMode.Live),

            new(L, "level", "information", "verbose, debug, information, warning, error, fatal",
                "Minimum level written to every sink.", ApplyMode.Live),
            new(L, "syslog", "/dev/log", "empty or an absolute path of a unix datagram socket",
                "Local syslog socket; empty disables.", ApplyMode.Live),
            new(L, "remote", "", "empty, udp://host:port or tcp://host:port (IPv6 in brackets: udp://[2001:db8::5]:514)",
                "Remote syslog collector: RFC 5424 over UDP (RFC 5426) or TCP (RFC 6587 octet counting); empty disables.", ApplyMode.Live),
            new(L, "facility", "daemon", "kern, user, mail, daemon, auth, syslog, lpr, news, uucp, cron, authpriv, ftp, ntp, audit, alert, clock, local0-local7",
                "Syslog facility of every message (local socket and remote collector).", ApplyMode.Live),

            new(SectionKind.Metrics, "listen", "", "empty or ADDRESS:PORT (127.0.0.1:9165, [::1]:9165, 192.0.2.11:9165)",
                "Where Prometheus scrapes /metrics (text format); empty: no endpoint. The figures of `appliance status --json`, for anyone who can reach the address.", ApplyMode.Live),

            new(C, "type", "", "required; http, tcp or exec",
                "What the check does: an HTTP GET that must answer 2xx or 3xx, a TCP connection that must be accepted, or a program that must exit 0.", ApplyMode.Live),
            new(C, "target", "", "required; http: an http:// URL with an IP address (http://127.0.0.1:8080/health); tcp: ADDRESS:PORT ([2001:db8::5]:5432 for IPv6); exec: an absolute program path and its arguments separated by spaces (run without a shell: no quotes, pipes, redirections or variables)",
                "What the check probes.", ApplyMode.Live),
            new(C, "interval", "1s", "duration 10ms-3600s",
                "Time between the starts of two probes.", ApplyMode.Live),
            new(C, "timeout", "", "empty (half the interval) or duration 10ms-3600s, less than interval",
                "How long one probe may take; a probe still running then fails (an exec check's process group is killed).", ApplyMode.Live),
            new(C, "rise", "1", "1-100",
                "Consecutive successes that bring a down check up.", ApplyMode.Live),
            new(C, "fall", "1", "1-100",
                "Consecutive failures that bring an up check down. A check starts up (as keepalived's scripts do), so a box does not lose priority before the first result.", ApplyMode.Live),

            new(G, "instances", "", "required; 2-16 comma-separated [vrrp:NAME] instances, each in one group at most, tracking objects only with fault",
                "Instances that move together (keepalived's vrrp_sync_group): while one of them is in fault for its own reason, every member is in fault.", ApplyMode.Live),

            new(B, "local_as", "", "required; AS number 1-4294967295",
                "This box's autonomous system number, the AS of every BGP session BIRD opens.", ApplyMode.RestartsSupervisor),
            new(B, "neighbor", "", "required; comma-separated IPv4 or IPv6 addresses (up to 16), each on a connected subnet",
                "The routers BIRD opens a BGP session with: an IPv4 neighbour carries the IPv4 prefixes, an IPv6 neighbour the IPv6 ones.", ApplyMode.RestartsSupervisor),
            new(B, "neighbor_as", "", "required; AS number 1-4294967295",
                "The neighbours' autonomous system number.", ApplyMode.RestartsSupervisor),
            new(B, "router_id", "", "empty (the first IPv4 address of the [interface:NAME] sections) or an IPv4 address",
                "BGP router id (RFC 4271 4.2 BGP Identifier).", ApplyMode.RestartsSupervisor),
            new(B, "bfd", "true", "boolean",
                "Run BFD (RFC 5880, single hop: RFC 5881) on every session, so the router drops this box's routes when it stops answering.", ApplyMode.RestartsSupervisor),
            new(B, "bfd_interval", "100ms", "duration 10ms-10s; the detection time is 3 intervals",
                "BFD transmit and receive interval; a neighbour that misses 3 in a row is down.", ApplyMode.RestartsSupervisor),

            new(A, "prefix", "", "required; comma-separated host routes: IPv4 /32, IPv6 /128 (an address alone is a host route), up to 16, each in one group",
                "The anycast addresses: held on the loopback, announced to every neighbour of their family while track is healthy.", ApplyMode.RestartsSupervisor),
            new(A, "track", "nginx", "nginx, an interface, or a [check:NAME]",
                "What must be healthy for the prefixes to be announced; they are withdrawn the moment it is not.", ApplyMode.RestartsSupervisor),
        ];
    }
}
