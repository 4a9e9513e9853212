// Notebook 07 trains its MNIST models once (dlkit.TrainOnce, into notebooks/models/): after
// make notebooks they are reloaded, but run alone the browser test trains them, which takes
// minutes on two cores.
export default {
  timeoutS: 900,
  texts: ['test accuracy: 98.31%', 'test accuracy: 97.97% on 10,000 images it never saw'],
};
