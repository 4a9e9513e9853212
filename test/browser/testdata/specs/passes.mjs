// The self-test's notebook that passes: it shows this text (the runner checks texts).
export default {
  texts: ['the answer: 42'],
};
