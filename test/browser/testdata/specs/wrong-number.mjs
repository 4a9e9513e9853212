// The self-test's notebook that prints another number than the one its spec asks for.
export default {
  texts: ['sum_error1: 2.772588722239781'],
};
