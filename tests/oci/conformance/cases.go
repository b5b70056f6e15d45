// SPDX-License-Identifier: GPL-2.0

// The conformance cases, in the order they run: each named after the
// runtime-tools validation test it follows (main.go has the helpers).

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/opencontainers/runtime-spec/specs-go"
	"github.com/opencontainers/runtime-tools/generate/seccomp"
)

var cases = []struct {
	name string
	fn   func() result
}{
	{"default", func() result {
		return inside(gen(sh("echo ok")...), "ok")
	}},
	{"create", func() result {
		c, err := bundle(gen("true"))
		if err != nil {
			return fail("%v", err)
		}
		if _, e, st := rt("create", "--bundle", c.bundle, c.id); st != 0 {
			return fail("create: %s", e)
		}
		defer rt("delete", "--force", c.id)
		s, err := getState(c.id)
		if err != nil || s.Status != "created" || s.Pid <= 0 {
			return fail("state after create: %+v %v", s, err)
		}
		if _, _, st := rt("create", "--bundle", c.bundle, c.id); st == 0 {
			return fail("a second create with the same id succeeded")
		}
		bad := filepath.Join(*work, "no-such-bundle")
		if _, _, st := rt("create", "--bundle", bad, "x"+c.id); st == 0 {
			return fail("create of a missing bundle succeeded")
		}
		return pass("created, pid set; duplicate id and missing bundle refused")
	}},
	{"start", func() result {
		mark := filepath.Join(*work, fmt.Sprintf("started%d", seq+1))
		g := gen(sh("echo yes > /mark")...)
		g.AddMount(specs.Mount{Destination: "/mark", Type: "bind", Source: mark, Options: []string{"bind"}})
		os.WriteFile(mark, nil, 0666)
		c, err := bundle(g)
		if err != nil {
			return fail("%v", err)
		}
		if _, _, st := rt("start", c.id); st == 0 {
			return fail("start of an unknown id succeeded")
		}
		rt("create", "--bundle", c.bundle, c.id)
		defer rt("delete", "--force", c.id)
		time.Sleep(200 * time.Millisecond)
		if b, _ := os.ReadFile(mark); len(b) != 0 {
			return fail("the process ran before start")
		}
		if _, e, st := rt("start", c.id); st != 0 {
			return fail("start: %s", e)
		}
		waitStatus(c.id, "stopped")
		if b, _ := os.ReadFile(mark); string(b) != "yes\n" {
			return fail("the process did not run: %q", b)
		}
		if _, _, st := rt("start", c.id); st == 0 {
			return fail("start of a stopped container succeeded")
		}
		return pass("runs only at start; unknown id and second start refused")
	}},
	{"state", onCreated([]string{"sleep", "100"}, func(c container) result {
		defer rt("delete", "--force", c.id)
		s, err := getState(c.id)
		if err != nil || s.Version == "" || s.ID != c.id || s.Bundle != c.bundle {
			return fail("state: %+v %v", s, err)
		}
		rt("start", c.id)
		if _, err := waitStatus(c.id, "running"); err != nil {
			return fail("%v", err)
		}
		rt("kill", c.id, "KILL")
		if _, err := waitStatus(c.id, "stopped"); err != nil {
			return fail("%v", err)
		}
		return pass("ociVersion, id, bundle; created, running, stopped")
	})},
	{"pidfile", func() result {
		c, err := bundle(gen("true"))
		if err != nil {
			return fail("%v", err)
		}
		pf := filepath.Join(*work, c.id+".pid")
		rt("create", "--bundle", c.bundle, "--pid-file", pf, c.id)
		defer rt("delete", "--force", c.id)
		b, err := os.ReadFile(pf)
		s, err2 := getState(c.id)
		if err != nil || err2 != nil || strconv.Itoa(s.Pid) != strings.TrimSpace(string(b)) {
			return fail("pid file %q, state pid %d", b, s.Pid)
		}
		return pass("the pid file holds the state's pid")
	}},
	{"kill", onCreated(sh("trap 'exit 3' TERM; while :; do sleep 0.1; done"), func(c container) result {
		defer rt("delete", "--force", c.id)
		rt("start", c.id)
		waitStatus(c.id, "running")
		if _, e, st := rt("kill", c.id, "TERM"); st != 0 {
			return fail("kill: %s", e)
		}
		if _, err := waitStatus(c.id, "stopped"); err != nil {
			return fail("%v", err)
		}
		return pass("SIGTERM reaches the process")
	})},
	{"killsig", func() result {
		for _, sig := range []string{"KILL", "SIGKILL", "9"} {
			c, err := created(gen("sleep", "100"))
			if err != nil {
				return fail("%v", err)
			}
			rt("start", c.id)
			_, e, st := rt("kill", c.id, sig)
			_, err = waitStatus(c.id, "stopped")
			rt("delete", "--force", c.id)
			if st != 0 || err != nil {
				return fail("kill %s: %s %v", sig, e, err)
			}
		}
		return pass("KILL, SIGKILL, 9")
	}},
	{"kill_no_effect", onCreated([]string{"true"}, func(c container) result {
		defer rt("delete", "--force", c.id)
		rt("start", c.id)
		waitStatus(c.id, "stopped")
		if _, _, st := rt("kill", c.id, "KILL"); st == 0 {
			return fail("kill of a stopped container succeeded")
		}
		if s, _ := getState(c.id); s.Status != "stopped" {
			return fail("state changed: %s", s.Status)
		}
		return pass("kill of a stopped container: an error, no change")
	})},
	{"delete", func() result {
		c, err := bundle(gen("true"))
		if err != nil {
			return fail("%v", err)
		}
		if _, _, st := rt("delete", c.id); st == 0 {
			return fail("delete of an unknown id succeeded")
		}
		rt("create", "--bundle", c.bundle, c.id)
		rt("start", c.id)
		waitStatus(c.id, "stopped")
		if _, e, st := rt("delete", c.id); st != 0 {
			return fail("delete: %s", e)
		}
		if _, err := getState(c.id); err == nil {
			return fail("state after delete")
		}
		return pass("deleted; unknown id refused")
	}},
	{"delete_resources", onCreated([]string{"sleep", "100"}, func(c container) result {
		s, _ := getState(c.id)
		rt("start", c.id)
		rt("delete", "--force", c.id)
		time.Sleep(200 * time.Millisecond)
		if syscall.Kill(s.Pid, 0) == nil {
			b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.Pid))
			if !strings.Contains(string(b), ") Z") {
				return fail("pid %d alive after delete", s.Pid)
			}
		}
		if _, err := os.Stat(filepath.Join(*work, "state", c.id)); err == nil {
			return fail("state directory left")
		}
		return pass("no process, no state left")
	})},
	{"hostname", func() result {
		g := gen("hostname")
		g.SetHostname("hostname-specific")
		return inside(g, "hostname-specific")
	}},
	{"process", func() result {
		g := gen(sh("pwd; echo $EXTRA")...)
		g.SetProcessCwd("/tmp")
		g.AddProcessEnv("EXTRA", "value")
		return inside(g, "/tmp\nvalue")
	}},
	{"process_user", func() result {
		g := gen("id")
		g.SetProcessUID(1000)
		g.SetProcessGID(1000)
		g.AddProcessAdditionalGid(5)
		if !isRoot() {
			return na("unprivileged: the process runs as the invoking user")
		}
		return inside(g, "uid=1000 gid=1000 groups=5")
	}},
	{"process_rlimits", func() result {
		g := gen(sh("ulimit -Sn; ulimit -Hn")...)
		g.AddProcessRlimits("RLIMIT_NOFILE", 200, 100)
		return inside(g, "100\n200")
	}},
	{"process_rlimits_fail", func() result {
		g := gen("true")
		g.Config.Process.Rlimits = append(g.Config.Process.Rlimits,
			specs.POSIXRlimit{Type: "RLIMIT_TEST", Hard: 1, Soft: 1})
		return createFails(g, "an unknown rlimit type")
	}},
	{"process_capabilities", func() result {
		if !isRoot() {
			return na("unprivileged: capabilities are not the host's to give")
		}
		g := gen(sh("grep CapBnd /proc/self/status")...)
		g.ClearProcessCapabilities()
		for _, c := range []string{"CAP_CHOWN", "CAP_KILL"} {
			g.AddProcessCapabilityBounding(c)
			g.AddProcessCapabilityEffective(c)
			g.AddProcessCapabilityPermitted(c)
		}
		return inside(g, "CapBnd:\t0000000000000021")
	}},
	{"process_capabilities_fail", func() result {
		g := gen("true")
		g.Config.Process.Capabilities.Bounding = append(
			g.Config.Process.Capabilities.Bounding, "CAP_TEST")
		return createFails(g, "an unknown capability")
	}},
	{"process_oom_score_adj", func() result {
		g := gen("cat", "/proc/self/oom_score_adj")
		g.SetProcessOOMScoreAdj(500)
		return inside(g, "500")
	}},
	{"root_readonly_true", func() result {
		if !isRoot() {
			return na("unprivileged: no read-only mounts without privilege")
		}
		g := gen(sh("touch /x 2>&1 | grep -c 'Read-only'")...)
		g.SetRootReadonly(true)
		return inside(g, "1")
	}},
	{"mounts", func() result {
		src := filepath.Join(*work, "mountsrc")
		os.MkdirAll(src, 0755)
		os.WriteFile(filepath.Join(src, "f"), []byte("bound\n"), 0644)
		g := gen(sh("cat /bound/f; echo t > /scratch/t && cat /scratch/t")...)
		g.AddMount(specs.Mount{Destination: "/bound", Type: "bind", Source: src, Options: []string{"rbind", "ro"}})
		g.AddMount(specs.Mount{Destination: "/scratch", Type: "tmpfs", Source: "tmpfs", Options: []string{"mode=1777"}})
		return inside(g, "bound\nt")
	}},
	{"linux_masked_paths", func() result {
		g := gen(sh("cat /etc/masked; ls /root | grep -c secret")...)
		os.WriteFile(filepath.Join(*rootfs, "etc/masked"), []byte("secret\n"), 0644)
		os.MkdirAll(filepath.Join(*rootfs, "root"), 0700)
		os.WriteFile(filepath.Join(*rootfs, "root/secret"), []byte("secret\n"), 0644)
		g.AddLinuxMaskedPaths("/etc/masked")
		g.AddLinuxMaskedPaths("/root")
		out, st, err := run(g)
		if err != nil || strings.Contains(out, "secret") || strings.TrimSpace(out) != "0" {
			return fail("status %d, output %q %v", st, out, err)
		}
		return pass("a masked file reads empty, a masked directory is empty")
	}},
	{"linux_readonly_paths", func() result {
		if !isRoot() {
			return na("unprivileged: no read-only mounts without privilege")
		}
		g := gen(sh("touch /tmp/ro/x 2>&1 | grep -c 'Read-only'")...)
		os.MkdirAll(filepath.Join(*rootfs, "tmp/ro"), 0777)
		g.AddLinuxReadonlyPaths("/tmp/ro")
		return inside(g, "1")
	}},
	{"linux_sysctl", func() result {
		if !isRoot() {
			return na("unprivileged: sysctls need a network namespace")
		}
		g := gen("cat", "/proc/sys/net/ipv4/ip_forward")
		g.AddLinuxSysctl("net.ipv4.ip_forward", "1")
		return inside(g, "1")
	}},
	{"linux_ns_nopath", func() result {
		if !isRoot() {
			return na("unprivileged: namespaces are not used")
		}
		g := gen(sh("for n in net uts ipc; do readlink /proc/self/ns/$n; done")...)
		out, _, err := run(g)
		if err != nil {
			return fail("%v", err)
		}
		for _, n := range []string{"net", "uts", "ipc"} {
			host, _ := os.Readlink("/proc/self/ns/" + n)
			if strings.Contains(out, host) {
				return fail("%s namespace is the host's", n)
			}
		}
		return pass("new net, uts and ipc namespaces")
	}},
	{"linux_ns_path", func() result {
		if !isRoot() {
			return na("unprivileged: namespaces are not used")
		}
		holder := exec.Command("unshare", "--uts", "sleep", "30")
		if err := holder.Start(); err != nil {
			return na("no unshare(1)")
		}
		defer holder.Process.Kill()
		time.Sleep(200 * time.Millisecond)
		path := fmt.Sprintf("/proc/%d/ns/uts", holder.Process.Pid)
		want, _ := os.Readlink(path)
		g := gen("readlink", "/proc/self/ns/uts")
		g.RemoveHostname()
		g.AddOrReplaceLinuxNamespace("uts", path)
		return inside(g, want)
	}},
	{"linux_cgroups_pids", func() result {
		if !isRoot() {
			return na("unprivileged: cgroups need root")
		}
		g := gen("sleep", "1")
		g.SetLinuxCgroupsPath("/umvm-conformance/pids")
		g.SetLinuxResourcesPidsLimit(42)
		return cgroupHolds(g, "pids", "pids.max", "42", "pids.max 42",
			"/sys/fs/cgroup/pids/umvm-conformance/pids/pids.max",
			"/sys/fs/cgroup/umvm-conformance/pids/pids.max")
	}},
	{"linux_cgroups_memory", func() result {
		if !isRoot() {
			return na("unprivileged: cgroups need root")
		}
		g := gen("sleep", "1")
		g.SetLinuxCgroupsPath("/umvm-conformance/mem")
		g.SetLinuxResourcesMemoryLimit(50 << 20)
		return cgroupHolds(g, "memory", "memory limit", strconv.Itoa(50<<20),
			"memory limit 50 MiB",
			"/sys/fs/cgroup/memory/umvm-conformance/mem/memory.limit_in_bytes",
			"/sys/fs/cgroup/umvm-conformance/mem/memory.max")
	}},
	{"linux_seccomp", func() result {
		g := gen(sh("mkdir /tmp/sc 2>&1; echo $?")...)
		g.SetDefaultSeccompAction("allow")
		g.SetSeccompArchitecture("amd64")
		for _, n := range []string{"mkdir", "mkdirat"} {
			sc, _ := seccompOpts(n, "errno")
			g.SetSyscallAction(sc)
		}
		return inside(g, "mkdir: can't create directory '/tmp/sc': Operation not permitted\n1")
	}},
	{"linux_devices", func() result {
		major, minor := int64(1), int64(7)
		g := gen("ls", "/dev/full")
		g.AddDevice(specs.LinuxDevice{Path: "/dev/full", Type: "c", Major: major, Minor: minor})
		return inside(g, "/dev/full")
	}},
	{"hooks", hookCase},
	{"linux_uid_mappings", func() result {
		return na("user namespaces are not supported (umvm's fake root instead)")
	}},
	{"linux_rootfs_propagation", func() result {
		return na("the root is a path view, not a mount: propagation does not apply")
	}},
	{"linux_mount_label", func() result { return na("no SELinux on this host") }},
	{"linux_cgroups_blkio/cpus/hugetlb/network", func() result {
		return na("only memory, pids and cpu limits are written")
	}},
}

func seccompOpts(name, action string) (seccomp.SyscallOpts, error) {
	return seccomp.SyscallOpts{Action: action, Syscall: name}, nil
}

// hooks: prestart, poststart and poststop see the state on stdin, in order.
func hookCase() result {
	log := filepath.Join(*work, "hooks.log")
	os.Remove(log)
	hook := func(kind string) specs.Hook {
		return specs.Hook{Path: "/bin/sh", Args: []string{"sh", "-c",
			"read s; echo " + kind + " \"$s\" >> " + log}}
	}
	g := gen("true")
	g.AddPreStartHook(hook("prestart"))
	g.AddPostStartHook(hook("poststart"))
	g.AddPostStopHook(hook("poststop"))
	c, err := created(g)
	if err != nil {
		return fail("%v", err)
	}
	rt("start", c.id)
	waitStatus(c.id, "stopped")
	rt("delete", c.id)
	b, _ := os.ReadFile(log)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "prestart {") ||
		!strings.HasPrefix(lines[1], "poststart {") ||
		!strings.HasPrefix(lines[2], "poststop {") ||
		!strings.Contains(lines[0], `"id":"`+c.id+`"`) {
		return fail("hook log %q", b)
	}
	// A failing prestart hook fails create and leaves nothing.
	g = gen("true")
	g.AddPreStartHook(specs.Hook{Path: "/bin/false"})
	c, _ = bundle(g)
	if _, _, st := rt("create", "--bundle", c.bundle, c.id); st == 0 {
		rt("delete", "--force", c.id)
		return fail("a failing prestart hook did not fail create")
	}
	if _, err := getState(c.id); err == nil {
		return fail("state left after a failed prestart hook")
	}
	return pass("prestart, poststart, poststop in order with the state; prestart failure fails create")
}
