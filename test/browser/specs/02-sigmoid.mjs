// Notebook 02 must show the article's sigmoid output for the point (2, 3), to the last digit.
export default {
  texts: ['Forward propagation output: 0.9999979547735586'],
};
