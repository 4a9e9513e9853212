package docker

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// instruction is one line of a Dockerfile as the parser reads it.
type instruction struct {
	cmd   string   // upper case: FROM, RUN, ...
	args  []string // its words (a RUN's shell command is one)
	flags []string // --from=..., --interval=...
	json  bool     // exec form: ["a", "b"]
	line  int
}

// parse reads a Dockerfile with BuildKit's parser and returns the instructions of its last stage
// (the image), and all of them.
func parse(t *testing.T, path string) (final, all []instruction) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := parser.Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, w := range res.Warnings {
		t.Errorf("%s: line %d: parser warning: %s", path, w.Location.Start.Line, w.Short)
	}
	for _, n := range res.AST.Children {
		in := instruction{cmd: strings.ToUpper(n.Value), flags: n.Flags, json: n.Attributes["json"], line: n.StartLine}
		for a := n.Next; a != nil; a = a.Next {
			in.args = append(in.args, a.Value)
		}
		all = append(all, in)
	}
	start := 0
	for i, in := range all {
		if in.cmd == "FROM" {
			start = i
		}
	}
	return all[start:], all
}

// find returns the instructions named cmd.
func find(ins []instruction, cmd string) []instruction {
	var out []instruction
	for _, in := range ins {
		if in.cmd == cmd {
			out = append(out, in)
		}
	}
	return out
}

// env returns the image's environment variables set by ENV (name, value pairs as parsed).
func env(ins []instruction) map[string]string {
	m := map[string]string{}
	for _, in := range find(ins, "ENV") {
		for i := 0; i+1 < len(in.args); i += 3 { // name, value, "="
			m[in.args[i]] = in.args[i+1]
		}
	}
	return m
}

// setupFlags are the flags scripts/setup.sh accepts (its case labels), so that a Dockerfile
// cannot call it with one it no longer knows.
func setupFlags(t *testing.T) []string {
	src, err := os.ReadFile("../scripts/setup.sh")
	if err != nil {
		t.Fatal(err)
	}
	var flags []string
	for _, m := range regexp.MustCompile(`(?m)^\s*(--[a-z-]+)\)`).FindAllStringSubmatch(string(src), -1) {
		flags = append(flags, m[1])
	}
	if len(flags) == 0 {
		t.Fatal("found no flags in scripts/setup.sh")
	}
	return flags
}

func TestDockerfiles(t *testing.T) {
	const (
		home    = "/home/percept/percept" // the checkout in the image
		port    = "8888"                  // scripts/lab.sh's default
		labPath = home + "/scripts/lab.sh"
	)
	known := setupFlags(t)
	for i, test := range []struct {
		file  string
		base  string // the final stage's image, a prefix
		cuda  bool   // GoNB (every go command) builds with -tags cuda
		goSrc bool   // Go is copied in from a golang stage
	}{
		{file: "Dockerfile", base: "golang:1.26-"},
		{file: "Dockerfile.cuda", base: "nvidia/cuda:", cuda: true, goSrc: true},
	} {
		final, all := parse(t, test.file)
		where := func(in instruction) string { return test.file + ":" + strconv.Itoa(in.line) }

		from := final[0]
		if !strings.HasPrefix(from.args[0], test.base) || strings.HasSuffix(from.args[0], ":latest") {
			t.Errorf("%d: %s: the image is built FROM %q, want a pinned %s... image", i, where(from), from.args[0], test.base)
		}
		if test.cuda && !strings.Contains(from.args[0], "-runtime-") {
			t.Errorf("%d: %s: %q is not an NVIDIA CUDA runtime image", i, where(from), from.args[0])
		}
		if test.goSrc {
			var copied bool
			for _, in := range find(final, "COPY") {
				copied = copied || (slices.Contains(in.flags, "--from=go") && slices.Equal(in.args, []string{"/usr/local/go", "/usr/local/go"}))
			}
			golang := slices.ContainsFunc(find(all, "FROM"), func(in instruction) bool {
				return strings.HasPrefix(in.args[0], "golang:1.26-") && len(in.args) == 3 && in.args[2] == "go"
			})
			if !copied || !golang {
				t.Errorf("%d: %s: want Go copied from a golang:1.26 stage named go (copied %v, stage %v)", i, test.file, copied, golang)
			}
		}

		// The setup script installs everything: the system's packages as root first, then the
		// rest as the user; with flags it knows.
		users := find(final, "USER")
		if len(users) == 0 {
			t.Fatalf("%d: %s: no USER: the image would run as root", i, test.file)
		}
		user := users[len(users)-1]
		uid, _, _ := strings.Cut(user.args[0], ":")
		if n, err := strconv.Atoi(uid); err != nil || n == 0 {
			t.Errorf("%d: %s: USER %s, want a numeric uid other than root's", i, where(user), user.args[0])
		}
		var rootSetup, userSetup bool
		for _, in := range find(final, "RUN") {
			cmd := strings.Join(in.args, " ")
			for _, m := range regexp.MustCompile(`setup\.sh((?:\s+--[a-z-]+)*)`).FindAllStringSubmatch(cmd, -1) {
				for _, flag := range strings.Fields(m[1]) {
					if !slices.Contains(known, flag) {
						t.Errorf("%d: %s: setup.sh %s: the script has no such flag (it knows %v)", i, where(in), flag, known)
					}
				}
				system := strings.Contains(m[1], "--system")
				if in.line < user.line && system {
					rootSetup = true
				}
				if in.line > user.line && !system && strings.Contains(cmd, "scripts/setup.sh") {
					userSetup = true
				}
			}
			if in.line > user.line && strings.Contains(cmd, "useradd") {
				t.Errorf("%d: %s: useradd after USER", i, where(in))
			}
			if strings.Contains(cmd, "apt-get install") {
				t.Errorf("%d: %s: installs packages itself: setup.sh does that, for the image as for the README", i, where(in))
			}
		}
		if !rootSetup || !userSetup {
			t.Errorf("%d: %s: want setup.sh --system as root before USER (%v) and scripts/setup.sh as the user after it (%v)",
				i, test.file, rootSetup, userSetup)
		}
		var made []string
		for _, in := range find(final, "RUN") {
			if m := regexp.MustCompile(`useradd [^&]*--uid (\d+)`).FindStringSubmatch(strings.Join(in.args, " ")); m != nil {
				made = append(made, m[1])
			}
		}
		if !slices.Equal(made, []string{uid}) {
			t.Errorf("%d: %s: USER %s, but useradd makes the uids %v", i, test.file, uid, made)
		}
		if wd := find(final, "WORKDIR"); len(wd) == 0 || wd[len(wd)-1].args[0] != home {
			t.Errorf("%d: %s: want WORKDIR %s, the checkout", i, test.file, home)
		}

		// The GPU image builds with the CUDA backend, against the cuda.h it installed; the CPU
		// image does not.
		e := env(final)
		if got := strings.Contains(e["GOFLAGS"], "-tags=cuda"); got != test.cuda {
			t.Errorf("%d: %s: GOFLAGS=%q: builds with -tags=cuda: %v, want %v", i, test.file, e["GOFLAGS"], got, test.cuda)
		}
		if test.cuda {
			inc := strings.TrimPrefix(e["CGO_CFLAGS"], "-I")
			if inc == "" || !slices.ContainsFunc(find(final, "RUN"), func(in instruction) bool {
				return strings.Contains(strings.Join(in.args, " "), inc+"/cuda.h")
			}) {
				t.Errorf("%d: %s: CGO_CFLAGS=%q names no directory where a RUN puts cuda.h", i, test.file, e["CGO_CFLAGS"])
			}
		}

		// JupyterLab: scripts/lab.sh (token on), on all interfaces, on the exposed port.
		cmds := find(final, "CMD")
		if len(cmds) != 1 {
			t.Fatalf("%d: %s: %d CMDs, want 1", i, test.file, len(cmds))
		}
		cmd := cmds[0]
		if !cmd.json || len(cmd.args) == 0 || cmd.args[0] != labPath || !slices.Contains(cmd.args, "--ip=0.0.0.0") {
			t.Errorf("%d: %s: CMD %q (exec form %v), want [%q, \"--ip=0.0.0.0\", ...]", i, where(cmd), cmd.args, cmd.json, labPath)
		}
		if fi, err := os.Stat(filepath.Join("..", strings.TrimPrefix(labPath, home+"/"))); err != nil || fi.Mode()&0o111 == 0 {
			t.Errorf("%d: %s: CMD runs %s, which is not an executable script of the checkout", i, test.file, labPath)
		}
		for _, a := range cmd.args {
			if strings.Contains(strings.ToLower(a), "token") || strings.HasPrefix(a, "--port") {
				t.Errorf("%d: %s: CMD argument %q: leave the token on and the port at %s", i, where(cmd), a, port)
			}
		}
		if v, ok := e["JUPYTER_TOKEN"]; ok {
			t.Errorf("%d: %s: ENV JUPYTER_TOKEN=%q: a token baked into the image is no secret", i, test.file, v)
		}
		if ex := find(final, "EXPOSE"); len(ex) != 1 || !slices.Equal(ex[0].args, []string{port}) {
			t.Errorf("%d: %s: want EXPOSE %s alone (got %v)", i, test.file, port, ex)
		}

		hc := find(final, "HEALTHCHECK")
		if len(hc) != 1 || len(hc[0].args) < 2 || hc[0].args[0] != "CMD" || !hc[0].json {
			t.Fatalf("%d: %s: want one HEALTHCHECK with an exec-form CMD, got %v", i, test.file, hc)
		}
		probe := strings.Join(hc[0].args[1:], " ")
		if !strings.HasPrefix(hc[0].args[1], home+"/build/venv/bin/") || !strings.Contains(probe, "127.0.0.1:"+port+"/api") {
			t.Errorf("%d: %s: HEALTHCHECK %q: want the venv's Python asking http://127.0.0.1:%s/api", i, where(hc[0]), probe, port)
		}
		if !slices.ContainsFunc(hc[0].flags, func(f string) bool { return strings.HasPrefix(f, "--timeout=") }) {
			t.Errorf("%d: %s: HEALTHCHECK has no --timeout", i, where(hc[0]))
		}

		// What the COPYs of the checkout take must exist.
		for _, in := range find(all, "COPY") {
			if slices.ContainsFunc(in.flags, func(f string) bool { return strings.HasPrefix(f, "--from=") }) {
				continue
			}
			for _, src := range in.args[:len(in.args)-1] {
				if _, err := os.Stat(filepath.Join("..", src)); err != nil {
					t.Errorf("%d: %s: COPY %s: no such file in the checkout", i, where(in), src)
				}
			}
		}
	}
}

// The images are built from the checkout's root: what setup and the tests build there (the venv
// with this machine's paths, node_modules, models) must stay out of them.
func TestDockerignore(t *testing.T) {
	src, err := os.ReadFile("../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	for _, want := range []string{"build", "**/node_modules", "notebooks/models", ".git"} {
		if !slices.Contains(lines, want) {
			t.Errorf(".dockerignore does not leave out %s", want)
		}
	}
}
