// Notebook 01 must show the article's prediction for the point (2, 3).
export default {
  texts: ['Predicted label: 1'],
};
