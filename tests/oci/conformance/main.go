// SPDX-License-Identifier: GPL-2.0
//
// OCI conformance checks for umvm oci, built on runtime-tools as Debian
// packages it (golang-github-opencontainers-runtime-tools-dev: the
// generate, validate and specerror packages; the package carries neither
// the upstream validation/ programs nor runtimetest).  Each case is named
// after the runtime-tools validation test it follows, builds its
// config.json with runtime-tools' generator, checks it with
// runtime-tools' validator, runs it under the runtime and checks what
// the container sees from inside (busybox commands) and what the runtime
// reports from outside (state, pid file, errors).
//
// usage: conformance -runtime PATH -rootfs DIR -work DIR [-run REGEXP]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/go-multierror"
	"github.com/opencontainers/runtime-tools/generate"
	"github.com/opencontainers/runtime-tools/validate"
)

var (
	runtime = flag.String("runtime", "", "the OCI runtime")
	rootfs  = flag.String("rootfs", "", "a busybox root file system")
	work    = flag.String("work", "", "scratch directory")
	only    = flag.String("run", "", "cases to run (regexp)")
	seq     = 0
)

type result struct {
	verdict, why string
}

func pass(why string) result { return result{"pass", why} }
func fail(f string, a ...interface{}) result {
	return result{"FAIL", fmt.Sprintf(f, a...)}
}
func na(why string) result { return result{"n.a.", why} }

// The default generator of the validation tests, set up for busybox.
func gen(args ...string) *generate.Generator {
	g, err := generate.New("linux")
	if err != nil {
		panic(err)
	}
	g.SetRootPath("rootfs")
	g.SetProcessTerminal(false)
	g.SetProcessArgs(args)
	g.SetHostname("conformance")
	g.SetRootReadonly(false)
	// runc's default rlimit (1024) is what these checks assume.
	return &g
}

type container struct {
	id, bundle string
}

func bundle(g *generate.Generator) (container, error) {
	seq++
	c := container{fmt.Sprintf("c%d", seq), filepath.Join(*work, fmt.Sprintf("b%d", seq))}
	if err := os.MkdirAll(c.bundle, 0755); err != nil {
		return c, err
	}
	err := g.SaveToFile(filepath.Join(c.bundle, "config.json"), generate.ExportOptions{})
	if err != nil {
		return c, err
	}
	if err := os.Symlink(*rootfs, filepath.Join(c.bundle, "rootfs")); err != nil {
		return c, err
	}
	v, err := validate.NewValidatorFromPath(c.bundle, true, "linux")
	if err != nil {
		return c, err
	}
	// CheckAll less CheckJSONSchema, which fetches the schema from the
	// network (there is none here).
	for _, check := range []func() error{v.CheckPlatform, v.CheckRoot,
		v.CheckMandatoryFields, v.CheckSemVer, v.CheckMounts,
		v.CheckProcess, v.CheckLinux, v.CheckAnnotations, v.CheckHooks} {
		err := check()
		if me, ok := err.(*multierror.Error); ok && me.ErrorOrNil() == nil {
			continue
		}
		if err != nil {
			return c, err
		}
	}
	return c, nil
}

// created is a bundle for g whose container is created; whether create
// succeeded is for the case to check, through the container's state.
func created(g *generate.Generator) (container, error) {
	c, err := bundle(g)
	if err == nil {
		rt("create", "--bundle", c.bundle, c.id)
	}
	return c, err
}

// createFails: creating a container of a bundle for g, which has what,
// must fail.
func createFails(g *generate.Generator, what string) result {
	c, _ := bundle(g)
	if _, _, st := rt("create", "--bundle", c.bundle, c.id); st == 0 {
		rt("delete", "--force", c.id)
		return fail("%s was accepted", what)
	}
	return pass(what + " fails create")
}

// cgroupHolds runs g detached: the first of files (cgroup v1, v2) that
// exists must hold want; it is the controller's limit called what (ok:
// the pass message).
func cgroupHolds(g *generate.Generator, controller, what, want, ok string,
	files ...string) result {
	c, _ := bundle(g)
	rt("run", "-d", "--bundle", c.bundle, c.id)
	defer rt("delete", "--force", c.id)
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil {
			if strings.TrimSpace(string(b)) == want {
				return pass(ok)
			}
			return fail("%s %q", what, b)
		}
	}
	return fail("no %s cgroup", controller)
}

// onCreated is a case that runs fn on a created container (see created)
// whose process is args; the bundle is made when the case runs.
func onCreated(args []string, fn func(c container) result) func() result {
	return func() result {
		c, err := created(gen(args...))
		if err != nil {
			return fail("%v", err)
		}
		return fn(c)
	}
}

func rt(args ...string) (string, string, int) {
	all := append([]string{"--root", filepath.Join(*work, "state")}, args...)
	cmd := exec.Command(*runtime, all...)
	// Files, not pipes: a created container keeps the runtime's stdout
	// and stderr open, and Wait would wait for it.
	out, _ := os.CreateTemp(*work, "out")
	errf, _ := os.CreateTemp(*work, "err")
	defer os.Remove(out.Name())
	defer os.Remove(errf.Name())
	defer out.Close()
	defer errf.Close()
	cmd.Stdout = out
	cmd.Stderr = errf
	if err := cmd.Start(); err != nil {
		return "", err.Error(), -1
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	st := 0
	select {
	case <-done:
		st = cmd.ProcessState.ExitCode()
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		<-done
		st = -1
	}
	o, _ := os.ReadFile(out.Name())
	e, _ := os.ReadFile(errf.Name())
	return string(o), string(e), st
}

// run: the container in the foreground; its stdout and status.
func run(g *generate.Generator) (string, int, error) {
	c, err := bundle(g)
	if err != nil {
		return "", -1, err
	}
	out, e, st := rt("run", "--bundle", c.bundle, c.id)
	if st != 0 && e != "" {
		return out, st, fmt.Errorf("status %d: %s", st, strings.TrimSpace(e))
	}
	return out, st, nil
}

// inside: the container's output must be @want.
func inside(g *generate.Generator, want string) result {
	out, st, err := run(g)
	if err != nil {
		return fail("%v", err)
	}
	if st != 0 || strings.TrimSpace(out) != want {
		return fail("status %d, output %q, want %q", st, strings.TrimSpace(out), want)
	}
	return pass(want)
}

type state struct {
	Version string `json:"ociVersion"`
	ID      string `json:"id"`
	Status  string `json:"status"`
	Pid     int    `json:"pid"`
	Bundle  string `json:"bundle"`
}

func getState(id string) (state, error) {
	var s state
	out, e, st := rt("state", id)
	if st != 0 {
		return s, fmt.Errorf("state: %s", strings.TrimSpace(e))
	}
	err := json.Unmarshal([]byte(out), &s)
	return s, err
}

func waitStatus(id, want string) (state, error) {
	var s state
	var err error
	for i := 0; i < 50; i++ {
		s, err = getState(id)
		if err == nil && s.Status == want {
			return s, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err == nil {
		err = fmt.Errorf("status %q, want %q", s.Status, want)
	}
	return s, err
}

func sh(script string) []string { return []string{"sh", "-c", script} }

func isRoot() bool { return os.Geteuid() == 0 }

func main() {
	flag.Parse()
	if *runtime == "" || *rootfs == "" || *work == "" {
		fmt.Fprintln(os.Stderr, "usage: conformance -runtime PATH -rootfs DIR -work DIR")
		os.Exit(2)
	}
	re := regexp.MustCompile(*only)
	var p, f, n int
	fmt.Printf("| %-42s | %-6s | %s |\n", "runtime-tools test", "result", "what / why")
	fmt.Printf("| --- | --- | --- |\n")
	for _, c := range cases {
		if !re.MatchString(c.name) {
			continue
		}
		r := c.fn()
		switch r.verdict {
		case "pass":
			p++
		case "FAIL":
			f++
		default:
			n++
		}
		fmt.Printf("| %-42s | %-6s | %s |\n", c.name, r.verdict, strings.ReplaceAll(r.why, "\n", "\\n"))
	}
	fmt.Printf("%d passed, %d failed, %d skipped\n", p, f, n)
	if f > 0 {
		os.Exit(1)
	}
}
