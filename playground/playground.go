package playground

import (
	"errors"

	"github.com/janpfeifer/gonb/gonbui"
)

// Playground is an interactive figure for a GoNB notebook: a panel of controls over a
// picture that follows them. Make one with Weights or Network and Run it in a cell.
type Playground struct {
	app app
	opt Options
	err error // from building it
}

// Run shows the playground in the notebook cell and keeps it live until its Stop button, a
// kernel interrupt (Kernel > Interrupt), or the idle timeout; the cells after it run then.
// It leaves the last frame as the cell's picture, which the saved notebook keeps.
//
// Executed without a browser — by nbconvert, as CI does — it shows the starting state as an
// ordinary PNG and returns at once; where a Jupyter server runs the kernel but no page answers
// within Options.ProbeTimeout it does the same after that wait. Outside a notebook it does
// nothing (use Frame).
func (p *Playground) Run() error {
	if p.err != nil {
		return p.err
	}
	if !gonbui.IsNotebook {
		return nil
	}
	if !liveNotebook() {
		png, err := p.app.frame()
		if err != nil {
			return err
		}
		gonbui.DisplayPng(png)
		gonbui.Sync()
		return gonbui.Error()
	}
	sig, stop := interrupts()
	defer stop()
	s := &session{fe: gonbFrontend{}, app: p.app, opt: p.opt, id: gonbui.UniqueId(), interrupt: sig}
	_, err := s.run()
	if errors.Is(err, errNoPage) {
		return nil // the panel says so, under the picture
	}
	if err == nil {
		err = gonbui.Error()
	}
	return err
}

// Frame returns the playground's picture in its current state, as a PNG: what Run shows
// first, and what a program or test can save.
func (p *Playground) Frame() ([]byte, error) {
	if p.err != nil {
		return nil, p.err
	}
	return p.app.frame()
}
