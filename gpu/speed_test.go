package gpu

import "testing"

func TestSpeed(t *testing.T) {
	rep, err := Speed([]int{100, 3000}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if rep.K != 2 || len(rep.Rows) != 2 || rep.Rows[0].N != 100 || rep.Rows[1].N != 3000 || (rep.GPU == "") == (rep.NoGPU == "") {
		t.Fatalf("report %+v: want k = 2, rows for N = 100 and 3000, and a GPU or why not", rep)
	}
	for _, r := range rep.Rows {
		if !(r.CPUSeconds > 0) || (rep.GPU != "") != (r.GPUSeconds > 0) || r.MaxRelDiff > 1e-4 {
			t.Errorf("row %+v", r)
		}
	}
	if _, err := Speed([]int{100}, 0); err == nil {
		t.Error("Speed with 0 weight choices: no error")
	}
}
