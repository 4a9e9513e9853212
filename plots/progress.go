package plots

import (
	"fmt"
	"html"
	"io"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/percept-go/percept/dlkit"
)

// Progress shows how a training run is going as one line that updates in place: in a GoNB
// notebook a display that changes, and elsewhere a terminal line rewritten with a carriage
// return. Pass its Update method as TrainConfig.OnEpoch (or call it from your own), and call
// Done when training has ended.
//
//	epoch 120/500  loss 0.1234  accuracy 97.60%  1.3 s
type Progress struct {
	label   string
	w       io.Writer // nil in a notebook
	id      string    // the notebook display's id
	start   time.Time
	last    time.Time
	pending dlkit.Epoch
	shown   bool
}

// NewProgress returns a progress line with the given label (which may be empty). Outside a
// notebook it writes to w, usually os.Stderr; w may be nil for no output there.
func NewProgress(w io.Writer, label string) *Progress {
	p := &Progress{label: label, w: w, start: time.Now()}
	if gonbui.IsNotebook {
		p.w, p.id = nil, "percept-progress-"+gonbui.UniqueId()
	}
	return p
}

// refresh is the least time between two updates of the line.
const refresh = 100 * time.Millisecond

// Update records an epoch and redraws the line, at most every 0.1 s (and always for the last
// epoch). It returns true, so it can serve as TrainConfig.OnEpoch by itself.
func (p *Progress) Update(e dlkit.Epoch) bool {
	p.pending = e
	if now := time.Now(); now.Sub(p.last) >= refresh || e.Epoch == e.Epochs {
		p.last = now
		p.draw()
	}
	return true
}

// Done draws the last epoch recorded and ends the line.
func (p *Progress) Done() {
	p.draw()
	if p.w != nil && p.shown {
		fmt.Fprintln(p.w)
	}
	if p.id != "" {
		gonbui.Sync() // the line is up to date before the cell's next output
	}
}

func (p *Progress) draw() {
	if p.pending.Epoch == 0 {
		return
	}
	e := p.pending
	text := fmt.Sprintf("epoch %d/%d  loss %.4f  accuracy %.2f%%  %.1f s", e.Epoch, e.Epochs, e.Loss, 100*e.Accuracy, time.Since(p.start).Seconds())
	if p.label != "" {
		text = p.label + ": " + text
	}
	switch {
	case p.id != "":
		// The first update creates the display, the next ones replace its contents.
		gonbui.UpdateHTML(p.id, fmt.Sprintf(`<div style="font-family: monospace"><progress value="%d" max="%d"></progress> %s</div>`,
			e.Epoch, e.Epochs, html.EscapeString(text)))
	case p.w != nil:
		fmt.Fprintf(p.w, "\r%s\x1b[K", text) // \x1b[K clears what a longer line left
	}
	p.shown = true
}
