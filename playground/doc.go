// Package playground makes Percept's interactive figures for GoNB notebooks in JupyterLab: a
// panel of controls over a picture that follows them, live, in the cell that runs them.
//
//   - [Weights] compares weight choices for one sigmoid unit, the article's comparison made
//     live: sliders for w1, w2 and b over a dataset, the boundary, the probabilities, the
//     summed and mean cross-entropy and accuracy, each point's error, and up to four pinned
//     choices side by side.
//   - [Network] trains a network as TensorFlow Playground does, with its controls (data,
//     noise, training share, input features, up to 12 hidden layers of up to 64 units,
//     activation — ReLU, tanh, sigmoid or linear —, learning rate, regularisation, batch
//     size; regenerate, play, step, reset), its picture of the network (each unit a small
//     map, links as wide as their weights), and a Save that writes a Percept model file.
//
// A notebook needs one line per playground:
//
//	nb.Check(playground.Network(playground.NetworkConfig{}).Run())
//
// # How it runs
//
// GoNB runs each cell as a program; a playground's Run keeps that program alive while the
// playground is live, and the cells after it wait in the kernel's queue until it ends. It
// shows two outputs: the panel, HTML with a small script, and the frame, a PNG in an output
// block that each new frame replaces (update_display_data). The script talks to Go over
// GoNB's comms (gonbui/comms): it sends each control's new value as the control moves — a
// slider's position, which Go maps to a real value with a [Scale], so that weights, biases
// and a log-scale learning rate move in steps of their own, shown beside the slider — and
// Go, which owns the state, answers with the status texts and a new frame. The script says
// "shown" when the frame's picture has loaded, and Go sends the next frame only then (or
// after half a second), so that frames never queue up however fast a slider is dragged:
// what is drawn is always the latest state. Playing trains 60 epochs a second, while frames
// go out as fast as the page shows them.
//
// GoNB's widgets (gonbui/widgets) are not used: their sliders are integer-only and show no
// value, and their Done waits for the page's first message, forever where there is no page.
//
// # Without a browser, and ending
//
// Executed without a browser — by nbconvert, as make notebooks and CI do — a playground draws
// its starting state as an ordinary PNG output and returns at once: a kernel that nbconvert
// starts has no Jupyter kernel id (GONB_JUPYTER_KERNEL_ID), and without one no page can reach
// it. The picture is deterministic, so committed notebooks show it, and GitHub too. Where a
// Jupyter server runs the kernel, the playground waits for its script's first word for at
// most Options.ProbeTimeout (10 s) before it takes it that no page runs it, and does the same.
// Nothing waits without a timeout.
//
// A live playground ends on its Stop button, on Kernel > Interrupt (GoNB sends the program
// SIGINT; it ends cleanly, so the cells after it run), or after Options.IdleTimeout (10
// minutes) without a change. It leaves its last frame as the cell's picture — the notebook
// saves outputs, not the script's state — and replaces the panel with a line, without a
// script, that says how it ended and where it stood.
//
// # Frames
//
// A frame is drawn straight into an image.RGBA (a map of 100×100 cells coloured as plots
// colours its maps, scaled up to 400×400 pixels; points with plots' marks and colours;
// antialiased lines; text in Liberation Serif, the font of Percept's other figures) and
// encoded as PNG with a fixed filter and zlib's fastest level, in bands on every core:
// gonum/plot's renderer takes about 75 ms for the map alone, and a frame must be ready in a
// few. BenchmarkNetworkFrame measures one frame of a playing network playground (see
// docs/benchmarks.md).
//
// Package playground imports dlkit and plots; neither imports it.
package playground
