using CsCheck;

namespace Appliance.Config.Tests.Import;

public sealed class KeepalivedImportTests
{
    private static KeepalivedImport Import(string file) =>
        KeepalivedImporter.Import(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", file)));

    private static ApplianceConfig Validates(KeepalivedImport import)
    {
        var result = ApplianceConfigLoader.Load(import.IniText);
        Assert.False(result.HasErrors, result.Format() + "\n" + import.IniText);
        return result.Config!;
    }

    private static ImportNote Note(KeepalivedImport import, string fragment)
    {
        var matches = import.Notes.Where(n => n.Message.Contains(fragment, StringComparison.Ordinal)).ToList();
        Assert.True(matches.Count == 1, $"expected one note containing \"{fragment}\", got {matches.Count}:\n{string.Join('\n', import.Notes)}");
        return matches[0];
    }

    [Fact]
    public void The_classic_nginx_master_becomes_a_valid_instance_with_the_same_priorities()
    {
        var import = Import("keepalived-nginx-master.conf");
        var web = Assert.Single(Validates(import).Vrrp);
        Assert.Equal("vi_1", web.Name);
        Assert.Equal("eth0", web.Interface);
        Assert.Equal(51, web.Vrid);
        Assert.Equal(2, web.Version);
        Assert.Equal(TimeSpan.FromSeconds(1), web.AdvertInterval);
        Assert.Equal("192.168.1.100/32", Assert.Single(web.VirtualIps).ToString());
        Assert.True(web.Preempt);
        Assert.True(web.Accept);
        // keepalived: 101 + 2 while nginx runs, 101 when it is down. Here: 103, and -2 while down.
        Assert.Equal(103, web.Priority);
        Assert.Equal(new TrackSpec("nginx", TrackAction.Weight, -2), Assert.Single(web.Track));
        Assert.Equal(33, Note(import, "track_script chk_nginx (\"killall -0 nginx\") checks nginx").Line);
        Assert.Equal(25, Note(import, "authentication: VRRP authentication is not supported").Line);
        Assert.Equal(3, Note(import, "e-mail alerts").Line);
        Assert.Equal(19, Note(import, "keepalived defaults to VRRPv2, kept as version = 2").Line);
        Assert.Equal(19, Note(import, "state MASTER").Line);
        Assert.Contains("router_id LVS_DEVEL is not a valid hostname", import.IniText, StringComparison.Ordinal);
        Assert.Equal(ImportNoteKind.NotCarriedOver, Note(import, "authentication").Kind);
    }

    [Fact]
    public void The_classic_nginx_backup_keeps_its_address_prefix_and_negative_weight()
    {
        var import = Import("keepalived-nginx-backup.conf");
        var config = Validates(import);
        Assert.Equal("nginx-backup", config.System.Hostname);
        var web = Assert.Single(config.Vrrp);
        Assert.Equal(100, web.Priority);
        Assert.Equal("192.168.1.100/24", Assert.Single(web.VirtualIps).ToString());
        Assert.Equal(new TrackSpec("nginx", TrackAction.Weight, -20), Assert.Single(web.Track));
        Assert.Equal(25, Note(import, "label eth0:vip: address labels are not set").Line);
        Assert.Equal(["/etc/keepalived/notify.sh", "master"], web.Notify.Master);
        Assert.Equal(["/etc/keepalived/notify.sh", "backup"], web.Notify.Backup);
        Assert.False(Assert.Single(config.Interfaces).Manage);
    }

    [Fact]
    public void Imported_priorities_equal_keepalived_priorities_with_nginx_up_and_down()
    {
        var master = Assert.Single(Validates(Import("keepalived-nginx-master.conf")).Vrrp);
        var backup = Assert.Single(Validates(Import("keepalived-nginx-backup.conf")).Vrrp);
        static int Effective(VrrpInstanceOptions i, bool nginxUp) => i.Priority + (nginxUp ? 0 : i.Track.Sum(t => t.Weight));

        // keepalived, master: priority 101, weight 2 added while the check succeeds.
        Assert.Equal((103, 101), (Effective(master, true), Effective(master, false)));

        // keepalived, backup: priority 100, weight -20 added while the check fails.
        Assert.Equal((100, 80), (Effective(backup, true), Effective(backup, false)));
        Assert.Equal(master.Vrid, backup.Vrid);
        Assert.Equal(master.VirtualIps[0].Address, backup.VirtualIps[0].Address);
    }

    [Fact]
    public void A_unicast_configuration_keeps_peers_source_and_tracking()
    {
        var import = Import("keepalived-unicast.conf");
        var config = Validates(import);
        var web = Assert.Single(config.Vrrp);
        Assert.Equal("web-frontend", web.Name);
        Assert.Equal(3, web.Version);
        Assert.Equal(TimeSpan.FromMilliseconds(500), web.AdvertInterval);
        Assert.False(web.Preempt);
        Assert.Equal(["10.20.0.12"], web.UnicastPeers.Select(p => p.ToString()));
        Assert.Equal("10.20.0.11", web.UnicastSource?.ToString());
        Assert.Equal(["10.20.0.10/24", "10.20.0.20/24"], web.VirtualIps.Select(v => v.ToString()));
        Assert.Equal(5, web.AnnounceCount);
        Assert.Equal(TimeSpan.FromMilliseconds(50), web.AnnounceInterval);
        Assert.Equal(["ens224 = -30", "ens256 = fault", "nginx = -60", "check_disk = fault"], web.Track.Select(t => t.ToString()));
        Assert.Equal(["/usr/local/bin/check_disk.sh"], config.FindCheck("check_disk")!.Program);
        Assert.Equal(["ens192", "ens224", "ens256"], config.Interfaces.Select(i => i.Name));
        Assert.Equal(16, Note(import, "vrrp_script check_disk: [check:check_disk] type = exec").Line);
        Assert.Equal(41, Note(import, "check_web (\"/usr/bin/curl -sf -o /dev/null http://127.0.0.1:8080/health\") checks nginx").Line);
        Assert.Equal(44, Note(import, "garp_master_delay 1: no second burst").Line);
    }

    [Fact]
    public void Garp_master_refresh_becomes_garp_refresh_per_instance_or_from_global_defs()
    {
        var import = KeepalivedImporter.Import("""
            global_defs {
                vrrp_garp_master_refresh 120
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority 100
                virtual_ipaddress {
                    192.0.2.10/24
                }
                garp_master_refresh 60
                garp_master_refresh_repeat 2
            }
            vrrp_instance VI_2 {
                interface eth0
                virtual_router_id 52
                priority 100
                virtual_ipaddress {
                    192.0.2.20/24
                }
            }
            vrrp_instance VI_3 {
                interface eth0
                virtual_router_id 53
                priority 100
                virtual_ipaddress {
                    192.0.2.30/24
                }
                garp_master_refresh 0
            }
            """);

        var config = Validates(import);
        Assert.Equal(
            [TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120), TimeSpan.Zero],
            config.Vrrp.Select(v => v.GarpRefresh));
        Assert.Contains("garp_refresh = 60s", import.IniText, StringComparison.Ordinal);
        Assert.Equal(ImportNoteKind.NotCarriedOver, Note(import, "garp_master_refresh_repeat 2").Kind);
    }

    [Fact]
    public void A_v3_ipv6_configuration_becomes_two_instances_of_one_family_each()
    {
        var import = Import("keepalived-v3-ipv6.conf");
        var config = Validates(import);
        Assert.Equal("edge6", config.System.Hostname);
        Assert.Equal(["vi_6", "vi_4"], config.Vrrp.Select(v => v.Name));
        var v6 = config.Vrrp[0];
        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetworkV6, v6.Family);
        Assert.Equal(["fe80::60/128", "2001:db8:60::10/64"], v6.VirtualIps.Select(v => v.ToString()));
        Assert.Equal(TimeSpan.FromMilliseconds(50), v6.AdvertInterval);
        Assert.True(v6.VirtualMac);
        Assert.True(v6.Accept);
        Assert.Equal(TimeSpan.FromSeconds(5), v6.PreemptDelay);
        Assert.Equal(TimeSpan.FromMilliseconds(200), v6.AnnounceInterval);
        Assert.Equal(new TrackSpec("nginx", TrackAction.Fault, 0), Assert.Single(v6.Track));
        var v4 = config.Vrrp[1];
        Assert.Equal(254, v4.Priority);
        Assert.False(v4.Accept); // vrrp_strict
        Assert.Equal(1, Note(import, "include /etc/keepalived/conf.d/*.conf: included files are not followed").Line);
        Assert.Equal(["vi_6", "vi_4"], Assert.Single(config.Groups).Instances);
        Assert.Equal("g1", config.Groups[0].Name);
        Assert.Equal(33, Note(import, "virtual_ipaddress 192.0.2.60/24: one address family per instance").Line);
        Assert.Equal(35, Note(import, "virtual_ipaddress_excluded (2001:db8:60::99/64)").Line);
        Assert.Equal(43, Note(import, "priority 255 means this box owns the virtual address; carried over as 254").Line);
        Assert.Equal(53, Note(import, "virtual_server 192.0.2.60 80: LVS load balancing is not part of the appliance").Line);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_and_control_characters_never_reach_the_imported_file()
    {
        // Found by tools/fuzz.sh (keepalived): keepalived.conf's text went into appliance.ini as it was, in a note's
        // comment (U+FFFD, what bytes that are not UTF-8 read as) and in a notify program (U+0010), and the file
        // the importer wrote did not load.
        var conf = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "keepalived-nginx-backup.conf"));
        var import = KeepalivedImporter.Import("globa\uFFFDfs\n" + conf.Replace("notify.sh master", "notify.sh \u0010master", StringComparison.Ordinal));

        var web = Assert.Single(Validates(import).Vrrp);
        Assert.Empty(web.Notify.Master);
        Assert.Equal(["/etc/keepalived/notify.sh", "backup"], web.Notify.Backup);
        Assert.Equal(ImportNoteKind.NotCarriedOver, Note(import, "notify_master \"/etc/keepalived/notify.sh \u0010master\": a value cannot contain U+0010").Kind);
        Assert.Contains("; - line 1: 'globa fs': unknown top-level keyword, skipped", import.IniText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vrrp_script_name_that_is_not_text_reaches_no_comment_of_the_imported_file()
    {
        // Found by tools/fuzz.sh (keepalived) after 451,265 executions: a vrrp_script named with NULs and bytes that
        // are not UTF-8 went as it was into the "; from vrrp_script NAME" comment above its [check:NAME].
        var import = KeepalivedImporter.Import(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "keepalived-fuzz-track-name.conf")));

        Assert.Single(Validates(import).Vrrp);
    }

    [Fact]
    public void A_unicast_peer_or_source_that_cannot_be_a_hosts_address_is_not_carried_over()
    {
        // Found by tools/fuzz.sh (keepalived): 0.20.0.12 went into unicast_peer, which the loader refuses.
        var import = KeepalivedImporter.Import("""
            vrrp_instance web {
                interface eth0
                virtual_router_id 51
                priority 100
                unicast_src_ip 127.0.0.1
                unicast_peer {
                    0.20.0.12
                    192.0.2.12
                }
                virtual_ipaddress {
                    192.0.2.10/24
                }
            }
            """);

        var web = Assert.Single(Validates(import).Vrrp);
        Assert.Equal("192.0.2.12", Assert.Single(web.UnicastPeers).ToString());
        Assert.Null(web.UnicastSource);
        Assert.Equal(ImportNoteKind.NotCarriedOver, Note(import, "unicast_peer 0.20.0.12: ").Kind);
        Assert.Equal(ImportNoteKind.NotCarriedOver, Note(import, "unicast_src_ip 127.0.0.1: ").Kind);
    }

    [Fact]
    public void A_sync_group_member_listed_twice_or_already_in_another_group_joins_one_group_once()
    {
        // Found by tools/fuzz.sh (keepalived): "group { VI_6 VI_6 VI_4 }" became instances = vi_6, vi_6, vi_4.
        var import = KeepalivedImporter.Import("""
            vrrp_sync_group G1 {
                group {
                    VI_6
                    VI_6
                    VI_4
                }
            }
            vrrp_sync_group G2 {
                group {
                    VI_4
                    VI_6
                }
            }
            vrrp_instance VI_4 {
                interface eth0
                virtual_router_id 51
                priority 100
                virtual_ipaddress {
                    192.0.2.10/24
                }
            }
            vrrp_instance VI_6 {
                interface eth0
                virtual_router_id 52
                priority 100
                virtual_ipaddress {
                    2001:db8::10/64
                }
            }
            """);

        var group = Assert.Single(Validates(import).Groups);
        Assert.Equal(["vi_6", "vi_4"], group.Instances);
        Assert.Equal(ImportNoteKind.Adjusted, Note(import, "vrrp_sync_group G1: VI_6 is listed twice").Kind);
        Assert.Equal(ImportNoteKind.NotCarriedOver, Note(import, "vrrp_sync_group G2: VI_4 is already in vrrp_sync_group G1").Kind);
        Assert.Equal(ImportNoteKind.NotCarriedOver, Note(import, "vrrp_sync_group G2: fewer than two imported instances").Kind);
    }

    [Fact]
    public void An_instance_on_an_interface_that_differs_from_another_only_in_case_is_not_carried_over()
    {
        // Found by tools/fuzz.sh (keepalived): eth1 and Eth1 became [interface:eth1] and [interface:Eth1], one
        // section twice for the loader.
        var import = KeepalivedImporter.Import("""
            vrrp_instance A {
                interface eth1
                virtual_router_id 51
                priority 100
                virtual_ipaddress {
                    192.0.2.10/24
                }
            }
            vrrp_instance B {
                interface Eth1
                virtual_router_id 52
                priority 100
                virtual_ipaddress {
                    192.0.2.11/24
                }
            }
            """);

        Assert.Equal("eth1", Assert.Single(Validates(import).Vrrp).Interface);
        Assert.Equal(ImportNoteKind.NotCarriedOver, Note(import, "vrrp_instance B: interface Eth1 differs from A's eth1 only in case").Kind);
    }

    [Fact]
    public void Scripts_sync_groups_and_notify_programs_carry_over_in_keepalived_terms()
    {
        var import = KeepalivedImporter.Import("""
            vrrp_script chk_db {
                script "/usr/local/bin/check-db --quick"
                interval 2
                timeout 1
                weight -40
                rise 3
                fall 2
            }
            vrrp_script chk_slow {
                script "/usr/local/bin/check-slow"
                interval 1
                timeout 5
            }
            vrrp_script chk_pipe {
                script "/usr/bin/pgrep mysqld | wc -l"
            }
            vrrp_sync_group SITE {
                group {
                    WEB4
                    WEB6
                }
                notify_master "/etc/keepalived/group-master.sh"
            }
            vrrp_instance WEB4 {
                interface eth0
                virtual_router_id 51
                priority 150
                virtual_ipaddress {
                    192.0.2.10/24
                }
                track_script {
                    chk_slow
                }
                notify "/etc/keepalived/notify.sh site-a"
                notify_master /etc/keepalived/master.sh
                notify_fault "/bin/sh -c 'echo fault'"
            }
            vrrp_instance WEB6 {
                interface eth0
                virtual_router_id 51
                priority 150
                virtual_ipaddress {
                    2001:db8::10/64
                }
                track_script {
                    chk_db
                    chk_pipe
                }
            }
            vrrp_instance WEB9 {
                interface eth0
                virtual_router_id 59
                priority 150
                virtual_ipaddress {
                    192.0.2.90/24
                }
                track_script {
                    chk_db weight -10
                }
            }
            """);
        var config = Validates(import);
        var db = config.FindCheck("chk_db")!;
        Assert.Equal((CheckType.Exec, "/usr/local/bin/check-db --quick"), (db.Type, db.Target));
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), 3, 2), (db.Interval, db.Timeout, db.Rise, db.Fall));
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.FindCheck("chk_slow")!.Timeout);
        Assert.Contains("timeout 5s is not below the interval: half the interval", Note(import, "vrrp_script chk_slow").Message, StringComparison.Ordinal);
        Assert.Null(config.FindCheck("chk_pipe"));
        Assert.Equal(ImportNoteKind.NotCarriedOver, Note(import, "vrrp_script chk_pipe (\"/usr/bin/pgrep mysqld | wc -l\"): '|' would need a shell").Kind);

        // The group's members track as fault (keepalived ignores weights in a sync group); WEB9 keeps its weight.
        Assert.Equal(["web4", "web6"], Assert.Single(config.Groups).Instances);
        Assert.Equal(["chk_slow = fault"], config.FindVrrp("web4")!.Track.Select(t => t.ToString()));
        Assert.Equal(["chk_db = fault"], config.FindVrrp("web6")!.Track.Select(t => t.ToString()));
        Assert.Equal(["chk_db = -10"], config.FindVrrp("web9")!.Track.Select(t => t.ToString()));
        Assert.Equal(ImportNoteKind.Adjusted, Note(import, "WEB6 tracks chk_db with weight -40; keepalived ignores weights in a sync group").Kind);
        Assert.Equal(ImportNoteKind.NotCarriedOver, Note(import, "vrrp_sync_group SITE notify_master: a group has no scripts here").Kind);

        var notify = config.FindVrrp("web4")!.Notify;
        Assert.Equal(["/etc/keepalived/notify.sh", "site-a"], notify.Any);
        Assert.Equal(["/etc/keepalived/master.sh"], notify.Master);
        Assert.Empty(notify.Fault);
        Assert.Equal(ImportNoteKind.NotCarriedOver, Note(import, "notify_fault \"/bin/sh -c 'echo fault'\"").Kind);
        Assert.Equal((3, 3), (import.InstancesFound, import.InstancesCarried));
    }

    [Fact]
    public void Notes_come_in_line_order_and_also_head_the_ini_as_comments()
    {
        var import = Import("keepalived-v3-ipv6.conf");
        var lines = import.Notes.Select(n => n.Line ?? int.MaxValue).ToList();
        Assert.Equal(lines.Order(), lines);
        Assert.All(import.Notes, n => Assert.Contains("; - " + n, import.IniText, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("vrrp_instance A{interface eth0\nvirtual_router_id 7\nvirtual_ipaddress{192.0.2.7}}", "a", 7)]
    [InlineData("vrrp_instance B\n{\n interface eth0\n virtual_router_id 8 # comment\n virtual_ipaddress {\n 192.0.2.8/24 ! another\n }\n}\n", "b", 8)]
    [InlineData("vrrp_instance \"Quoted Name\" {\n interface eth0\n virtual_router_id 9\n virtual_ipaddress {\n \"192.0.2.9\"\n }\n}\n", "quoted-name", 9)]
    public void Braces_comments_and_quotes_are_tokenised_as_keepalived_does(string text, string name, int vrid)
    {
        var web = Assert.Single(Validates(KeepalivedImporter.Import(text)).Vrrp);
        Assert.Equal((name, vrid), (web.Name, (int)web.Vrid));
    }

    [Theory]
    [InlineData("vrrp_instance X { interface eth0 }", "vrrp_instance X has no valid virtual_router_id (1-255): not carried over", 1)]
    [InlineData("vrrp_instance X {\n virtual_router_id 300\n}", "virtual_router_id 300: expected a number 1-255: not carried over", 2)]
    [InlineData("vrrp_instance X {\n interface eth0\n virtual_router_id 3\n}", "vrrp_instance X has no usable virtual_ipaddress: not carried over", 1)]
    [InlineData("vrrp_instance X {\n interface eth0\n virtual_router_id 3\n virtual_ipaddress {\n 192.0.2.300\n }\n}", "virtual_ipaddress '192.0.2.300': '192.0.2.300' has an octet above 255: not carried over", 5)]
    [InlineData("}\n", "'}' without a matching '{': ignored", 1)]
    [InlineData("global_defs {\n router_id x\n", "'global_defs {' is never closed: read to the end of the file", 1)]
    [InlineData("vrrp_script s {\n script \"unterminated\n}", "unterminated quoted string: read to the end of the line", 2)]
    [InlineData("@main vrrp_version 3", "@main: keepalived's conditional configuration and parameter substitution are not evaluated: skipped", 1)]
    [InlineData("frobnicate yes", "'frobnicate yes': unknown top-level keyword, skipped", 1)]
    [InlineData("vrrp_instance X {\n interface eth0\n virtual_router_id 3\n virtual_ipaddress { 192.0.2.3 }\n track_script { nope }\n}", "track_script nope: no vrrp_script or vrrp_track_process of that name: not carried over", 5)]
    [InlineData("vrrp_instance X {\n interface eth0\n virtual_router_id 3\n virtual_ipaddress { 192.0.2.3 dev eth1 }\n}", "virtual_ipaddress 192.0.2.3/32 dev eth1: an instance puts its addresses on its own interface (eth0); make a separate instance on eth1", 4)]
    [InlineData("vrrp_instance X {\n interface eth0\n virtual_router_id 3\n virtual_ipaddress { 192.0.2.3 }\n smtp_alert\n}", "smtp_alert: e-mail alerts are not supported; use [hooks] or [log] remote", 5)]
    [InlineData("vrrp_instance X {\n interface eth0\n virtual_router_id 3\n virtual_ipaddress { 192.0.2.3 }\n advert_int 1.5\n}", "X: advert_int 1.5 is not whole seconds, which VRRPv2 needs: advert_interval = 2s", 1)]
    [InlineData("vrrp_instance X {\n interface eth0\n virtual_router_id 3\n version 3\n virtual_ipaddress { 192.0.2.3 }\n advert_int 0.123\n}", "X: advert_int 0.123 rounded to VRRPv3's 10 ms steps (10ms-40.95s)", 1)]
    [InlineData("vrrp_instance X {\n interface eth0\n virtual_router_id 3\n virtual_ipaddress { 192.0.2.3 }\n track_interface { eth1 weight 10 reverse }\n}", "eth1 weight 10 reverse: 'reverse' weights (down raises, up lowers) have no equivalent: not carried over", 5)]
    [InlineData("vrrp_instance X {\n interface eth0\n virtual_router_id 3\n virtual_ipaddress { 192.0.2.3 }\n dont_track_primary\n}", "dont_track_primary: no equivalent in the appliance, not carried over", 5)]
    public void What_cannot_be_carried_over_is_noted_with_its_line(string text, string message, int line)
    {
        var import = KeepalivedImporter.Import(text);
        Assert.Equal(line, Note(import, message).Line);
        Validates(import);
    }

    [Fact]
    public void Two_instances_with_one_vrid_on_one_link_keep_only_the_first()
    {
        var text = "vrrp_instance A {\n interface eth0\n virtual_router_id 5\n virtual_ipaddress { 192.0.2.5 }\n}\nvrrp_instance B {\n interface eth0\n virtual_router_id 5\n virtual_ipaddress { 192.0.2.6 }\n}\n";
        var import = KeepalivedImporter.Import(text);
        Assert.Equal(["a"], Validates(import).Vrrp.Select(v => v.Name));
        Assert.Equal(6, Note(import, "virtual_router_id 5 on eth0 is already used by A: not carried over").Line);
    }

    [Fact]
    public void A_skipped_instance_makes_the_import_incomplete()
    {
        var text = "vrrp_instance A {\n interface eth0\n virtual_router_id 5\n virtual_ipaddress { 192.0.2.5 }\n}\nvrrp_instance B {\n interface eth0\n virtual_router_id 5\n virtual_ipaddress { 192.0.2.6 }\n}\n";
        var import = KeepalivedImporter.Import(text);
        Assert.Equal((2, 1, 1), (import.InstancesFound, import.InstancesCarried, import.InstancesSkipped));
        Assert.True(import.Valid);
        Assert.False(import.Complete);

        var whole = KeepalivedImporter.Import("vrrp_instance A {\n interface eth0\n virtual_router_id 5\n virtual_ipaddress { 192.0.2.5 }\n}\n");
        Assert.True(whole.Complete);
    }

    [Theory]
    [InlineData("v3_checksum_as_v2", true)]
    [InlineData("v3_checksum_as_v2 true", true)]
    [InlineData("v3_checksum_as_v2 false", false)]
    public void V3_checksum_as_v2_is_carried_over(string line, bool expected)
    {
        var text = $"vrrp_instance A {{\n interface eth0\n version 3\n virtual_router_id 5\n {line}\n virtual_ipaddress {{ 192.0.2.5 }}\n}}\n";
        var import = KeepalivedImporter.Import(text);
        Assert.Equal(expected, Assert.Single(Validates(import).Vrrp).V3ChecksumAsV2);
        Assert.DoesNotContain(import.Notes, n => n.Message.Contains("v3_checksum_as_v2", StringComparison.Ordinal));
    }

    [Fact]
    public void Instance_names_are_sanitised_and_unique()
    {
        var taken = new HashSet<string>();
        Assert.Equal("vi_1", KeepalivedImporter.UniqueName("VI_1", taken));
        Assert.Equal("vi_1-2", KeepalivedImporter.UniqueName("vi_1", taken));
        Assert.Equal("web-front-end", KeepalivedImporter.UniqueName("Web Front/End", taken));
        Assert.Equal("instance", KeepalivedImporter.UniqueName("***", taken));
        Assert.Equal("0", KeepalivedImporter.UniqueName("_0", taken));
        Assert.Equal("x", KeepalivedImporter.UniqueName(".x.", taken));
        Assert.True(KeepalivedImporter.UniqueName(new string('x', 80), taken).Length <= 32);
    }

    [Fact]
    public void Garbage_input_gives_notes_and_a_valid_empty_configuration()
    {
        var import = KeepalivedImporter.Import("\u0000\u0001 }}} {{ \"\n<html>\n{");
        Assert.NotEmpty(import.Notes);
        Assert.Contains(import.Notes, n => n.Message == "no vrrp_instance could be carried over");
        Assert.Empty(Validates(import).Vrrp);
    }

    private static readonly Gen<string> KeepalivedWord = Gen.OneOf<string>(
        Gen.OneOf(
            "vrrp_instance", "VI_1", "{", "}", "interface", "eth0", "eth1", "virtual_router_id", "51", "0", "300", "priority",
            "100", "255", "advert_int", "0.5", "1", "version", "2", "3", "virtual_ipaddress", "192.0.2.10/24", "2001:db8::10",
            "dev", "label", "track_script", "chk", "vrrp_script", "script", "\"killall -0 nginx\"", "weight", "-20", "20",
            "track_interface", "unicast_peer", "unicast_src_ip", "192.0.2.11", "nopreempt", "state", "MASTER", "global_defs",
            "vrrp_version", "use_vmac", "garp_master_repeat", "garp_interval", "garp_master_refresh", "authentication", "#", "!", "\"", "include",
            "virtual_server", "accept", "preempt_delay", "reverse", "@main", "\n", "\n", "\n"),
        Gen.String[Gen.Char.AlphaNumeric, 1, 8]);

    [Fact]
    public void The_importer_never_throws_and_its_output_always_validates() =>
        Gen.OneOf<string>(Gen.String, KeepalivedWord.Array[0, 80].Select(words => string.Join(' ', words))).Sample(text =>
        {
            var import = KeepalivedImporter.Import(text);
            Assert.DoesNotContain(import.Notes, n => n.Message.Contains("internal error", StringComparison.Ordinal));
            Validates(import);
        }, iter: 3000);
}
