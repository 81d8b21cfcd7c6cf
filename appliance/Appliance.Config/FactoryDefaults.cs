namespace Appliance.Config;

/// <summary>
/// The appliance.ini a box starts with: valid as it stands, commented for the operator who opens it at the console.
/// The addresses are from the documentation range (RFC 5737) and must be replaced; the second box of a pair needs
/// its own address (e.g. 192.0.2.12/24) and usually a lower priority.
/// </summary>
public static class FactoryDefaults
{
    public const string Text = """
        ; appliance.ini - factory defaults
        ;
        ; Every key is explained in the documentation (configuration.md) and on the console (help KEY).
        ; A comment is a line starting with ';' or '#'. A ';' after a value is part of the value.
        ; Durations take ms or s: 1s, 100ms. Lists are comma separated.
        ; The addresses below are documentation examples (192.0.2.0/24): replace them.

        [system]
        hostname = appliance
        ; serial console for the console UI; empty: none
        console = ttyS0
        ; empty: the console asks for no password. Set one with `appliance passwd`.
        console_password =
        ; offer a root shell on the console menu
        shell = false
        ; hardware watchdog fed by the supervisor's event loop: a hung supervisor resets the box; empty: none
        watchdog = /dev/watchdog
        watchdog_timeout = 15s

        [interface:eth0]
        ; this box's own address; the other box of the pair needs another one (e.g. 192.0.2.12/24)
        address = 192.0.2.11/24
        gateway = 192.0.2.1
        ; the appliance sets the address, gateway and link state itself
        manage = true

        ; the web address both boxes share: the master holds it
        [vrrp:web]
        interface = eth0
        ; the same on both boxes, unique on this network
        vrid = 51
        ; 1-254, highest wins: e.g. 150 on the preferred box, 100 on the other
        priority = 100
        version = 3
        advert_interval = 1s
        virtual_ip = 192.0.2.10/24
        preempt = true
        preempt_delay = 0s
        ; nginx serves the virtual address itself, so the master takes traffic for it
        accept = true
        ; empty: multicast; else the other box's address
        unicast_peer =
        virtual_mac = false
        announce_count = 3
        announce_interval = 100ms

        ; while nginx is down this box gives up the address ("fault"); a number such as -60 lowers the priority instead
        [vrrp:web:track]
        nginx = fault

        [nginx]
        enabled = true
        binary = /usr/sbin/nginx
        config = /etc/nginx/nginx.conf
        health_url = http://127.0.0.1/
        health_interval = 1s
        health_timeout = 150ms
        health_failures = 2
        restart_backoff_initial = 100ms
        restart_backoff_max = 30s
        ; restart-first: try a restart before giving up the address; resign: give it up at once
        recovery = restart-first
        ; empty: derived from the timers above
        recovery_grace =
        stop_timeout = 5s
        reload_timeout = 10s
        start_timeout = 10s
        ; sockets the supervisor holds for nginx so that an nginx crash refuses no connection, e.g. 80, [::]:80
        ; (each as a listen directive of nginx's configuration has it); empty: nginx binds its own
        listen =

        [hooks]
        ; commands run on state changes, with APPLIANCE_INSTANCE, APPLIANCE_STATE, APPLIANCE_PREVIOUS_STATE set
        on_master =
        on_backup =
        on_fault =
        timeout = 5s

        [log]
        ; verbose, debug, information, warning, error, fatal
        level = information
        ; local syslog socket, e.g. /dev/log; empty: none (the image runs no syslog daemon; recent lines stay in
        ; memory for the console's "last log lines")
        syslog =
        ; remote collector: udp://host:port; empty: none
        remote =

        """;
}
