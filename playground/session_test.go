package playground

import (
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakePage is a frontend for tests: it records what is displayed and sent, and plays the
// panel's script, whose messages a test puts in msgs.
type fakePage struct {
	mu         sync.Mutex
	displays   map[string][]map[string]any // by display id, in order
	sent       []update
	msgs       chan string
	n          int64
	ackShown   bool // answer each frame with "shown", as the page's script does
	reconnects int
}

func newFakePage() *fakePage {
	return &fakePage{displays: map[string][]map[string]any{}, msgs: make(chan string, 100)}
}

func (f *fakePage) display(id string, data map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.displays[id] = append(f.displays[id], data)
	if _, ok := data["image/png"]; ok && f.ackShown && len(f.displays[id]) > 1 {
		f.msgs <- `{"c":"shown","v":""}`
	}
}

func (f *fakePage) send(address, value string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var u update
	if err := json.Unmarshal([]byte(value), &u); err != nil {
		panic(err)
	}
	f.sent = append(f.sent, u)
}

func (f *fakePage) listen(string) <-chan string { return f.msgs }
func (f *fakePage) flush()                      {}
func (f *fakePage) reconnect() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reconnects++
}

// press sends a control's message, numbered as the script numbers them.
func (f *fakePage) press(c, v string) {
	f.mu.Lock()
	f.n++
	n := f.n
	f.mu.Unlock()
	b, _ := json.Marshal(message{C: c, V: v, N: n})
	f.msgs <- string(b)
}

// frames returns the PNGs shown so far in the frame's display block.
func (f *fakePage) frames(id string) [][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out [][]byte
	for _, d := range f.displays["percept_frame_"+id] {
		out = append(out, d["image/png"].([]byte))
	}
	return out
}

// lastHTML returns the panel's latest HTML.
func (f *fakePage) lastHTML(id string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	d := f.displays["percept_panel_"+id]
	return d[len(d)-1]["text/html"].(string)
}

// status returns the latest text of a status item sent to the panel.
func (f *fakePage) status(name string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := len(f.sent) - 1; i >= 0; i-- {
		if v, ok := f.sent[i].Status[name]; ok {
			return v
		}
	}
	return ""
}

// waitFor polls cond for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(2 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// runSession starts a session of the app on a fake page and returns it, with a channel that
// gets its end, and one that interrupts it.
func runSession(t *testing.T, a app, opt Options) (*fakePage, chan ended, chan os.Signal) {
	t.Helper()
	page := newFakePage()
	page.ackShown = true
	sig := make(chan os.Signal, 1)
	done := make(chan ended, 1)
	s := &session{fe: page, app: a, opt: opt, id: "t", interrupt: sig}
	go func() {
		why, err := s.run()
		if err != nil && !errors.Is(err, errNoPage) {
			t.Errorf("session: %v", err)
		}
		done <- why
	}()
	waitFor(t, "the first frame", func() bool { return len(page.frames("t")) == 1 })
	return page, done, sig
}

func wait(t *testing.T, done chan ended) ended {
	t.Helper()
	select {
	case why := <-done:
		return why
	case <-time.After(10 * time.Second):
		t.Fatal("the session did not end")
		return ""
	}
}

// Without a page that answers, a session shows its first frame, asks GoNB to connect the page
// again every reconnectEvery, says so, and returns after the probe timeout.
func TestSessionNoPage(t *testing.T) {
	a, _ := newWeightsApp(WeightsConfig{})
	page, done, _ := runSession(t, a, Options{ProbeTimeout: reconnectEvery + time.Second})
	if why := wait(t, done); why != endNoPage {
		t.Errorf("ended %q, want %q", why, endNoPage)
	}
	if page.reconnects != 1 {
		t.Errorf("%d reconnections in %v, want 1", page.reconnects, reconnectEvery+time.Second)
	}
	if n := len(page.frames("t")); n != 1 {
		t.Errorf("%d frames shown, want the first alone", n)
	}
	if html := page.lastHTML("t"); !strings.Contains(html, "No page answered") || strings.Contains(html, "<script") {
		t.Errorf("the panel left behind: %s", html)
	}
}

// The panel's messages change the state, each change brings a new frame, and Stop ends the
// session, leaving a panel without a script that says what the last choice was.
func TestSessionStop(t *testing.T) {
	a, _ := newWeightsApp(WeightsConfig{})
	page, done, _ := runSession(t, a, Options{})
	if html := page.lastHTML("t"); !strings.Contains(html, "<script>") || !strings.Contains(html, `data-name="w1"`) {
		t.Fatalf("the panel has no script or no w1 slider: %.300s", html)
	}
	page.press("ready", "")
	waitFor(t, "the first status", func() bool { return page.status("sum") != "" })
	zero := a.scale.Nearest(0)
	for _, c := range []string{"w1", "w2", "b"} {
		page.press(c, strconv.Itoa(zero))
	}
	waitFor(t, "the sum at w = 0", func() bool { return page.status("sum") == "2.772588722239781" })
	waitFor(t, "a new frame", func() bool { return len(page.frames("t")) >= 2 })
	page.press("stop", "1")
	if why := wait(t, done); why != endStop {
		t.Errorf("ended %q, want %q", why, endStop)
	}
	html := page.lastHTML("t")
	if strings.Contains(html, "<script") || !strings.Contains(html, "Stopped") || !strings.Contains(html, "summed cross-entropy 2.772588722239781") {
		t.Errorf("the panel left behind: %s", html)
	}
}

// A control's value is that of its latest message, whatever order they arrive in.
func TestSessionLatestWins(t *testing.T) {
	a, _ := newWeightsApp(WeightsConfig{})
	page, done, sig := runSession(t, a, Options{})
	page.press("ready", "")
	page.msgs <- `{"c":"w1","v":"60","n":10}`
	page.msgs <- `{"c":"w1","v":"20","n":9}` // sent before, delivered after
	page.msgs <- `{"c":"w2","v":"","n":11}`  // bad: an error shown, the state kept
	page.msgs <- `not json`
	waitFor(t, "the error", func() bool {
		page.mu.Lock()
		defer page.mu.Unlock()
		for _, u := range page.sent {
			if u.Error != nil && strings.Contains(*u.Error, "slider w2") {
				return true
			}
		}
		return false
	})
	sig <- os.Interrupt
	if why := wait(t, done); why != endInterrupt {
		t.Errorf("ended %q, want %q", why, endInterrupt)
	}
	if a.choice.w1 != a.scale.At(60) {
		t.Errorf("w1 = %v, want %v (the latest message's)", a.choice.w1, a.scale.At(60))
	}
	if !strings.Contains(page.lastHTML("t"), "Interrupted") {
		t.Errorf("the panel left behind: %s", page.lastHTML("t"))
	}
}

// A session ends after IdleTimeout without a change, and Play keeps training meanwhile; a
// new frame waits for the page to have shown the one before.
func TestSessionIdleAndPlay(t *testing.T) {
	a, err := newNetworkApp(NetworkConfig{Points: 100})
	if err != nil {
		t.Fatal(err)
	}
	page, done, _ := runSession(t, a, Options{IdleTimeout: 1500 * time.Millisecond})
	page.press("ready", "")
	page.press("play", "1")
	start := time.Now()
	if why := wait(t, done); why != endIdle {
		t.Errorf("ended %q, want %q", why, endIdle)
	}
	if d := time.Since(start); d < 1400*time.Millisecond {
		t.Errorf("ended after %v, before the idle timeout of 1.5 s", d)
	}
	if e, _ := strconv.Atoi(page.status("epoch")); a.epoch < 3 || e != a.epoch {
		t.Errorf("epoch %d after playing (the panel shows %d), want ≥ 3", a.epoch, e)
	}
	if html := page.lastHTML("t"); !strings.Contains(html, "without a change") || !strings.Contains(html, "Epoch ") {
		t.Errorf("the panel left behind: %s", html)
	}
}

// Frames wait for the page: with no "shown", a second frame goes out only after ackTimeout.
func TestSessionPacing(t *testing.T) {
	a, _ := newWeightsApp(WeightsConfig{})
	page := newFakePage() // does not answer frames
	sig := make(chan os.Signal, 1)
	done := make(chan ended, 1)
	s := &session{fe: page, app: a, id: "p", interrupt: sig}
	go func() { why, _ := s.run(); done <- why }()
	waitFor(t, "the first frame", func() bool { return len(page.frames("p")) == 1 })
	page.press("ready", "")
	page.press("w1", "10")
	waitFor(t, "the frame of w1", func() bool { return len(page.frames("p")) == 2 })
	start := time.Now()
	page.press("w1", "20")
	page.press("w1", "30")
	waitFor(t, "the frame of w1 = 30", func() bool { return len(page.frames("p")) == 3 })
	if d := time.Since(start); d < ackTimeout/2 {
		t.Errorf("the next frame went out after %v, before the page showed the last (ack timeout %v)", d, ackTimeout)
	}
	if n := len(page.frames("p")); n != 3 {
		t.Errorf("%d frames, want 3: the two changes while one was in flight make one frame", n)
	}
	sig <- os.Interrupt
	wait(t, done)
}
