package playground

import (
	"encoding/json"
	"fmt"
	"html"
	"image"
	"strconv"
	"strings"
)

// A control is one input of a playground's panel. The panel is plain HTML with a small
// script: each control sends its name and new value to Go over GoNB's comms when it changes,
// and Go, which owns the state, answers with a new frame and status.
type control struct {
	kind   controlKind
	name   string   // what the script sends, and what a spec or test finds it by (data-name)
	label  string   // shown before it
	values []string // slider: the label of each position; choice: the options
	index  int      // slider, choice: the starting position; toggle: 1 for on
	text   string   // text: the starting text; button: its value when pressed
	title  string   // a tooltip
	group  string   // the panel's row it sits in, by heading
}

type controlKind uint8

const (
	slider  controlKind = iota + 1 // <input type="range"> with its value shown beside it
	choice                         // <select>
	toggle                         // <input type="checkbox">
	textbox                        // <input type="text">, sent on change (Enter)
	button                         // <button>, sends text when pressed
)

// sliderOf returns a slider over the scale, starting at the position nearest start.
func sliderOf(name, label string, s Scale, start float64) control {
	return control{kind: slider, name: name, label: label, values: s.Labels(), index: s.Nearest(start)}
}

// in returns c in the panel's group g.
func (c control) in(g string) control {
	c.group = g
	return c
}

// message is what the panel's script sends: control c now has value v. n counts the panel's
// messages: GoNB delivers each in its own goroutine, so they can arrive out of order, and a
// control's value is that of its latest message.
type message struct {
	C string `json:"c"`
	V string `json:"v"`
	N int64  `json:"n"`
}

// parseMessage decodes a message from the panel; anything else is an error (data from a
// browser is data: it must not panic).
func parseMessage(s string) (message, error) {
	var m message
	if err := json.Unmarshal([]byte(s), &m); err != nil || m.C == "" {
		return message{}, fmt.Errorf("playground: a message from the page that is not a control's: %.80q", s)
	}
	return m, nil
}

// update is what Go sends the panel: texts to show (status name → text), choices' new lists
// of options, controls to move (name → position, or text for a text box), an error to show
// ("" clears it), and whether training is playing.
type update struct {
	Status   map[string]string   `json:"status,omitempty"`
	Options  map[string][]string `json:"options,omitempty"` // a choice's new list
	Values   map[string]string   `json:"values,omitempty"`
	Error    *string             `json:"error,omitempty"`
	Playing  *bool               `json:"playing,omitempty"`
	Hotspots []hotspot           `json:"hotspots,omitempty"` // the frame's clickable places
}

// hotspot is a place in the frame that a click selects (a unit, a pinned choice): the panel's
// script names it in the frame's tooltip, and a test finds where to click.
type hotspot struct {
	Name       string `json:"name"`
	X, Y, W, H int
}

// hotspotOf returns the hotspot of rectangle r.
func hotspotOf(name string, r image.Rectangle) hotspot {
	return hotspot{Name: name, X: r.Min.X, Y: r.Min.Y, W: r.Dx(), H: r.Dy()}
}

// statusItem is a text the panel shows and Go updates, such as the epoch or a loss.
type statusItem struct {
	name, label, text string
}

// panelHTML returns the panel: the controls in their groups, the status line, and the script
// that connects them to Go. id is unique to this run of the playground; in and out are the
// comms addresses the script sends to and listens on.
func panelHTML(id, in, out string, controls []control, status []statusItem) string {
	var b strings.Builder
	// data-lm-suppress-shortcuts keeps JupyterLab's keyboard shortcuts (A, B, D D, Enter, ...)
	// out of what is typed in the panel.
	fmt.Fprintf(&b, `<div id="%s" class="percept-playground" data-state="connecting" data-lm-suppress-shortcuts="true" style="%s">`, id, panelStyle)
	var groups []string
	byGroup := map[string][]control{}
	for _, c := range controls {
		if _, ok := byGroup[c.group]; !ok {
			groups = append(groups, c.group)
		}
		byGroup[c.group] = append(byGroup[c.group], c)
	}
	labels := map[string][]string{}
	for _, g := range groups {
		b.WriteString(`<div style="display:flex;flex-wrap:wrap;align-items:center;gap:4px 14px;margin:3px 0">`)
		if g != "" {
			fmt.Fprintf(&b, `<b style="min-width:5.5em">%s</b>`, html.EscapeString(g))
		}
		for _, c := range byGroup[g] {
			b.WriteString(controlHTML(c))
			if c.kind == slider {
				labels[c.name] = c.values
			}
		}
		b.WriteString(`</div>`)
	}
	b.WriteString(`<div class="pg-status" style="margin:5px 0 2px;font-variant-numeric:tabular-nums">`)
	for i, s := range status {
		if i > 0 {
			b.WriteString(` &nbsp;·&nbsp; `)
		}
		fmt.Fprintf(&b, `%s <span data-status="%s" style="font-weight:600">%s</span>`, html.EscapeString(s.label), s.name, html.EscapeString(s.text))
	}
	b.WriteString(`</div><div class="pg-error" style="color:#d62728;white-space:pre-wrap"></div>`)
	b.WriteString(`<div class="pg-connection" style="color:#777;font-size:90%">connecting to the kernel…</div></div>`)
	js, _ := json.Marshal(map[string]any{"id": id, "in": in, "out": out, "labels": labels})
	fmt.Fprintf(&b, "<script>(%s)(%s)</script>", panelScript, js)
	return b.String()
}

const panelStyle = "font:13px/1.5 var(--jp-ui-font-family,sans-serif);color:var(--jp-ui-font-color1,#222);" +
	"border:1px solid var(--jp-border-color2,#ddd);border-radius:4px;padding:6px 10px;margin:2px 0 6px;max-width:1100px"

// controlHTML returns one control's HTML, its label around it.
func controlHTML(c control) string {
	name := html.EscapeString(c.name)
	attrs := fmt.Sprintf(`data-name="%s"`, name)
	if c.title != "" {
		attrs += fmt.Sprintf(` title="%s"`, html.EscapeString(c.title))
	}
	label := html.EscapeString(c.label)
	switch c.kind {
	case slider:
		return fmt.Sprintf(`<label>%s <input type="range" min="0" max="%d" step="1" value="%d" %s style="width:110px;vertical-align:middle"> <output style="display:inline-block;min-width:3.5em;font-variant-numeric:tabular-nums">%s</output></label>`,
			label, len(c.values)-1, c.index, attrs, html.EscapeString(c.values[c.index]))
	case choice:
		var opts strings.Builder
		for i, v := range c.values {
			sel := ""
			if i == c.index {
				sel = " selected"
			}
			fmt.Fprintf(&opts, `<option value="%d"%s>%s</option>`, i, sel, html.EscapeString(v))
		}
		return fmt.Sprintf(`<label>%s <select %s>%s</select></label>`, label, attrs, opts.String())
	case toggle:
		checked := ""
		if c.index == 1 {
			checked = " checked"
		}
		return fmt.Sprintf(`<label><input type="checkbox" %s%s> %s</label>`, attrs, checked, label)
	case textbox:
		return fmt.Sprintf(`<label>%s <input type="text" value="%s" %s size="%d" spellcheck="false"></label>`,
			label, html.EscapeString(c.text), attrs, max(8, len(c.text)+2))
	case button:
		return fmt.Sprintf(`<button type="button" %s data-value="%s" style="min-width:4.5em">%s</button>`, attrs, html.EscapeString(c.text), label)
	}
	panic("playground: undefined control kind " + strconv.Itoa(int(c.kind)))
}

// panelScript runs in the page, called with the panel's id, its comms addresses and its
// sliders' labels. It waits for GoNB's gonb_comm, says "ready", then sends every change of a
// control, and shows what Go sends back. It also sends "shown" each time
// the frame's <img> (in this cell's outputs, outside the panel) loads — Go sends the next frame
// only then, so frames never queue up — and "click" with the pixel of a click on the frame.
const panelScript = `function (o) {
  const root = document.getElementById(o.id);
  if (!root || root.dataset.wired) return;
  root.dataset.wired = "1";
  const conn = root.querySelector(".pg-connection");
  let n = 0;
  const send = (c, v) => {
    const gc = globalThis.gonb_comm;
    if (!gc) { conn.textContent = "not connected to the kernel: run the cell again"; return; }
    gc.send(o.in, JSON.stringify({c: c, v: String(v), n: ++n}));
  };
  root.querySelectorAll("input[type=range]").forEach((el) => {
    const out = el.parentElement.querySelector("output");
    el.addEventListener("input", () => {
      out.textContent = o.labels[el.dataset.name][el.value];
      send(el.dataset.name, el.value);
    });
  });
  root.querySelectorAll("select").forEach((el) => el.addEventListener("change", () => send(el.dataset.name, el.value)));
  root.querySelectorAll("input[type=checkbox]").forEach((el) =>
    el.addEventListener("change", () => send(el.dataset.name, el.checked ? 1 : 0)));
  root.querySelectorAll("input[type=text]").forEach((el) => {
    let last = el.value; // sent on Enter, and on leaving the box changed
    const commit = () => { if (el.value !== last) { last = el.value; send(el.dataset.name, el.value); } };
    el.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); commit(); } });
    el.addEventListener("change", commit);
  });
  root.querySelectorAll("button").forEach((el) => el.addEventListener("click", () => send(el.dataset.name, el.dataset.value)));
  const area = root.closest(".jp-OutputArea") || root.parentElement;
  const isFrame = (t) => t && t.tagName === "IMG" && !root.contains(t);
  area.addEventListener("load", (e) => { if (isFrame(e.target)) send("shown", ""); }, true);
  let hotspots = [];
  const spotAt = (e) => {
    const img = e.target, r = img.getBoundingClientRect();
    const x = (e.clientX - r.left) * img.naturalWidth / r.width, y = (e.clientY - r.top) * img.naturalHeight / r.height;
    return hotspots.find((h) => x >= h.X && x < h.X + h.W && y >= h.Y && y < h.Y + h.H);
  };
  area.addEventListener("mousemove", (e) => {
    if (!isFrame(e.target)) return;
    const h = spotAt(e);
    e.target.title = h ? h.name + " (click to show it)" : "";
    e.target.style.cursor = h ? "pointer" : "";
  });
  area.addEventListener("click", (e) => {
    if (!isFrame(e.target)) return;
    const img = e.target, r = img.getBoundingClientRect();
    const x = Math.round((e.clientX - r.left) * img.naturalWidth / r.width);
    const y = Math.round((e.clientY - r.top) * img.naturalHeight / r.height);
    send("click", x + "," + y);
  });
  const apply = (u) => {
    root.dataset.state = "live";
    for (const [k, v] of Object.entries(u.status || {})) {
      const el = root.querySelector('[data-status="' + k + '"]');
      if (el) el.textContent = v;
    }
    for (const [k, list] of Object.entries(u.options || {})) {
      const el = root.querySelector('select[data-name="' + k + '"]');
      if (el) el.replaceChildren(...list.map((t, i) => {
        const opt = document.createElement("option");
        opt.value = String(i);
        opt.textContent = t;
        return opt;
      }));
    }
    for (const [k, v] of Object.entries(u.values || {})) {
      const el = root.querySelector('[data-name="' + k + '"]');
      if (!el) continue;
      if (el.type === "checkbox") el.checked = v === "1";
      else el.value = v;
      if (el.type === "range") el.parentElement.querySelector("output").textContent = o.labels[k][v];
    }
    if (u.error !== undefined) root.querySelector(".pg-error").textContent = u.error;
    if (u.hotspots) {
      hotspots = u.hotspots;
      root.dataset.hotspots = JSON.stringify(u.hotspots);
    }
    if (u.playing !== undefined) {
      const b = root.querySelector('[data-name="play"]');
      if (b) { b.textContent = u.playing ? "Pause" : "Play"; b.dataset.value = u.playing ? "0" : "1"; }
      root.dataset.playing = u.playing ? "1" : "0";
    }
  };
  // GoNB's gonb_comm may come late, or give up (it waits only 500 ms for the kernel's
  // acknowledgement) and be installed again: whenever a new one appears, subscribe to it and
  // say "ready" again. Stop watching once the panel is gone.
  let comm = null, ticks = 0;
  const watch = setInterval(() => {
    if (!root.isConnected) { clearInterval(watch); return; }
    const gc = globalThis.gonb_comm;
    if (gc && gc !== comm) {
      comm = gc;
      gc.subscribe(o.out, (a, v) => {
        try { apply(JSON.parse(v)); } catch (err) { console.error("playground:", err); }
      });
      if (root.dataset.state !== "live") root.dataset.state = "connected";
      conn.textContent = "";
      send("ready", "");
    } else if (!gc && ++ticks === 200) {
      conn.textContent = "no connection to the kernel yet (GoNB's gonb_comm has not appeared)";
    }
  }, 100);
}`
