package playground

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/comms"
	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// app is one kind of playground: its controls and status, how it answers the panel, and its
// frames. The session calls it from one goroutine only.
type app interface {
	controls() []control
	status() []statusItem
	// handle applies a message from the panel (a control's new value, a button, a click on
	// the frame): what the panel should change besides the status, and an error to show.
	handle(m message) (update, error)
	// frame returns the current state drawn, as a PNG.
	frame() ([]byte, error)
	// playing reports whether training runs on its own; step then runs one epoch.
	playing() bool
	step() error
	// summary says where the playground stands, for the panel it leaves behind.
	summary() string
	// hotspots are the places of the frame a click selects.
	hotspots() []hotspot
}

// Options control a live playground's lifetime. The zero value gives the defaults.
type Options struct {
	// IdleTimeout ends the playground when no control has changed for this long, so that a
	// forgotten one does not hold the kernel (the cells after it wait). Default 10 minutes.
	IdleTimeout time.Duration
	// ProbeTimeout is how long a playground waits for the page to answer it before it takes
	// it that no browser runs its script, shows its first frame as a picture and returns.
	// Default 10 seconds.
	ProbeTimeout time.Duration
}

const (
	defaultIdleTimeout  = 10 * time.Minute
	defaultProbeTimeout = 10 * time.Second
	// ackTimeout is how long a frame waits for the page's "shown" before the next is sent
	// anyway (a page that does not report loads).
	ackTimeout = 500 * time.Millisecond
	// tick is the pace of training while playing: one epoch per tick, 60 a second (what
	// TensorFlow Playground does, one per animation frame), while frames go out as fast as
	// the page shows them.
	tick = time.Second / 60
	// reconnectEvery is how often a playground asks GoNB to connect the page again while the
	// page has not answered.
	reconnectEvery = 3 * time.Second
)

// frontend is where a playground shows itself and hears from its panel: the notebook through
// GoNB (gonbFrontend), or a test's stand-in.
type frontend interface {
	// display shows data (MIME type → content) in the output block id, creating it the first
	// time and replacing its content after: the notebook keeps the last as the cell's output.
	display(id string, data map[string]any)
	// send sends a value to the panel's script at the comms address.
	send(address, value string)
	// listen returns what the panel's script sends to the comms address.
	listen(address string) <-chan string
	// flush waits until everything displayed has reached the kernel.
	flush()
	// reconnect asks GoNB to install its comms in the page again, where the first try failed.
	reconnect()
}

// gonbFrontend is the notebook, through GoNB's display blocks and comms.
type gonbFrontend struct{}

func (gonbFrontend) display(id string, data map[string]any) {
	d := &protocol.DisplayData{Data: map[protocol.MIMEType]any{}, DisplayID: id}
	for k, v := range data {
		d.Data[protocol.MIMEType(k)] = v
	}
	gonbui.SendData(d)
}

func (gonbFrontend) send(address, value string) { comms.Send(address, value) }

func (gonbFrontend) listen(address string) <-chan string {
	ch := make(chan string, 256)
	comms.Subscribe(address, func(_ string, v string) { ch <- v })
	return ch
}

func (gonbFrontend) flush() { gonbui.Sync() }

// reconnect has GoNB install its comms' script in the page again if it is not connected:
// GoNB waits 3 s for the page to connect, and the page's gonb_comm 500 ms for GoNB's answer,
// so on a busy machine the first try can fail, and nothing the page sends would arrive.
func (gonbFrontend) reconnect() { comms.Start() }

// liveNotebook reports whether the program runs in a GoNB cell whose kernel a Jupyter server
// started: only then can a page connect to it. A kernel started by nbconvert (or another
// client without a server) has no Jupyter kernel id, and GoNB's comms cannot reach any page.
func liveNotebook() bool {
	return gonbui.IsNotebook && os.Getenv(protocol.GONB_JUPYTER_KERNEL_ID_ENV) != ""
}

// session runs one playground in the notebook: it shows the panel and the first frame, waits
// (a bounded time) for the page to answer, then applies the panel's messages and sends frames
// until Stop, an interrupt or the idle timeout.
type session struct {
	fe        frontend
	app       app
	opt       Options
	id        string
	interrupt <-chan os.Signal // Kernel > Interrupt: GoNB sends the cell's program SIGINT
}

// ended says why a session ended.
type ended string

const (
	endStop      ended = "stopped"
	endInterrupt ended = "interrupted"
	endIdle      ended = "idle"
	endNoPage    ended = "no page"
)

// errNoPage is returned (wrapped) by a session when no page answered within the probe
// timeout: the first frame was shown as a picture, and nothing else happened.
var errNoPage = errors.New("no page answered")

func (s *session) run() (ended, error) {
	if s.opt.IdleTimeout <= 0 {
		s.opt.IdleTimeout = defaultIdleTimeout
	}
	if s.opt.ProbeTimeout <= 0 {
		s.opt.ProbeTimeout = defaultProbeTimeout
	}
	panelID, frameID := "percept_panel_"+s.id, "percept_frame_"+s.id
	in, out := "/percept/playground/"+s.id+"/in", "/percept/playground/"+s.id+"/out"
	msgs := s.fe.listen(in)
	controls := s.app.controls()
	s.fe.display(panelID, map[string]any{"text/html": panelHTML("pg-"+s.id, in, out, controls, s.app.status())})
	png, err := s.app.frame()
	if err != nil {
		return "", err
	}
	s.fe.display(frameID, map[string]any{"image/png": png})

	// The page's first word: its script says "ready" once it is connected. Until it does, GoNB
	// is asked every few seconds to connect the page again.
	probe := time.NewTimer(s.opt.ProbeTimeout)
	defer probe.Stop()
	retry := time.NewTicker(reconnectEvery)
	defer retry.Stop()
	for ready := false; !ready; {
		select {
		case raw := <-msgs:
			m, err := parseMessage(raw)
			ready = err == nil && m.C == "ready"
		case <-retry.C:
			s.fe.reconnect()
		case <-probe.C:
			s.fe.display(panelID, map[string]any{"text/html": endedHTML(s.id, "No page answered within "+s.opt.ProbeTimeout.String()+
				", so the controls are off; the picture is the starting state. Run the cell in JupyterLab to play.")})
			s.fe.flush()
			return endNoPage, fmt.Errorf("playground: %w within %v", errNoPage, s.opt.ProbeTimeout)
		case <-s.interrupt:
			return s.finish(panelID, endInterrupt)
		}
	}

	kinds := map[string]controlKind{}
	for _, c := range controls {
		kinds[c.name] = c.kind
	}
	latest := map[string]int64{} // each control's latest message
	s.sendUpdate(out, update{Status: statusMap(s.app.status()), Playing: ptr(s.app.playing()), Hotspots: s.app.hotspots()})

	lastChange := time.Now() // for the idle timeout
	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	var (
		dirty    bool      // the state changed since the last frame sent
		inFlight bool      // a frame was sent and the page has not shown it yet
		sentAt   time.Time // when
	)
	for {
		select {
		case raw := <-msgs:
			m, err := parseMessage(raw)
			if err != nil {
				s.sendUpdate(out, update{Error: ptr(err.Error())})
				continue
			}
			switch {
			case m.C == "ready":
				// The page connected again (a new gonb_comm), or a second page opened: both
				// get the state, and the next frame.
				s.sendUpdate(out, update{Status: statusMap(s.app.status()), Playing: ptr(s.app.playing()), Hotspots: s.app.hotspots()})
				dirty, inFlight = true, false
			case m.C == "shown":
				inFlight = false
			case m.C == "stop":
				return s.finish(panelID, endStop)
			default:
				if k := kinds[m.C]; k != button && m.C != "click" {
					if m.N < latest[m.C] {
						continue // overtaken by a later change of the same control
					}
					latest[m.C] = m.N
				}
				lastChange = time.Now()
				u, err := s.app.handle(m)
				msg := ""
				if err != nil {
					msg = err.Error()
				}
				u.Error = &msg
				u.Status = statusMap(s.app.status())
				u.Playing = ptr(s.app.playing())
				u.Hotspots = s.app.hotspots()
				s.sendUpdate(out, u)
				dirty = true
			}
		case <-ticker.C:
			if s.app.playing() {
				if err := s.app.step(); err != nil {
					s.sendUpdate(out, update{Error: ptr(err.Error()), Playing: ptr(s.app.playing())})
				}
				s.sendUpdate(out, update{Status: statusMap(s.app.status()), Playing: ptr(s.app.playing())})
				dirty = true
			}
			if inFlight && time.Since(sentAt) > ackTimeout {
				inFlight = false
			}
			if time.Since(lastChange) > s.opt.IdleTimeout {
				return s.finish(panelID, endIdle)
			}
		case <-s.interrupt:
			return s.finish(panelID, endInterrupt)
		}
		if dirty && !inFlight {
			png, err := s.app.frame()
			if err != nil {
				s.sendUpdate(out, update{Error: ptr(err.Error())})
			} else {
				s.fe.display(frameID, map[string]any{"image/png": png})
				inFlight, sentAt = true, time.Now()
			}
			dirty = false
		}
	}
}

// finish leaves the notebook as the playground ends: the last frame (of the state as it is
// now) stays as the cell's picture, and the panel becomes a line saying what happened, with
// no script, so that a saved notebook shows both and runs nothing.
func (s *session) finish(panelID string, why ended) (ended, error) {
	png, err := s.app.frame()
	if err == nil {
		s.fe.display("percept_frame_"+s.id, map[string]any{"image/png": png})
	}
	say := map[ended]string{
		endStop:      "Stopped",
		endInterrupt: "Interrupted (Kernel > Interrupt)",
		endIdle:      fmt.Sprintf("Ended after %v without a change", s.opt.IdleTimeout),
	}[why]
	s.fe.display(panelID, map[string]any{"text/html": endedHTML(s.id, say+". "+s.app.summary()+" Run the cell again to play on from the start.")})
	s.fe.flush()
	return why, err
}

// endedHTML is the panel a playground leaves behind.
func endedHTML(id, text string) string {
	return fmt.Sprintf(`<div id="pg-%s" class="percept-playground" data-state="ended" style="%s;color:var(--jp-ui-font-color2,#555)">%s</div>`,
		id, panelStyle, html.EscapeString(text))
}

func (s *session) sendUpdate(address string, u update) {
	b, err := json.Marshal(u)
	if err != nil {
		panic("playground: " + err.Error()) // maps of strings always marshal
	}
	s.fe.send(address, string(b))
}

func statusMap(items []statusItem) map[string]string {
	m := make(map[string]string, len(items))
	for _, it := range items {
		m[it.name] = it.text
	}
	return m
}

func ptr[T any](v T) *T { return &v }

// interrupts returns a channel that receives the program's SIGINT and SIGTERM (Kernel >
// Interrupt, and a kernel shutting down), and a function that stops listening.
func interrupts() (<-chan os.Signal, func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	return ch, func() { signal.Stop(ch) }
}
