package playground_test

import (
	"testing"

	"gonum.org/v1/plot/cmpimg"
)

// The frames against golden images (go test ./playground -regen writes new ones: look at them).
func TestFrames(t *testing.T) {
	cmpimg.CheckPlotApprox(ExampleWeights, t, 0.02, "weights.png")
	cmpimg.CheckPlotApprox(ExampleNetwork, t, 0.02, "network.png")
}
