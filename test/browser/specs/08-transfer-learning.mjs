// Notebook 08 trains its networks once (dlkit.TrainOnce, into notebooks/models/): after make
// notebooks they are reloaded, but run alone the browser test trains them.
export default {
  timeoutS: 900,
  texts: ['digits 0–4: test accuracy 98.93%'],
};
