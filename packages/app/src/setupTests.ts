import '@testing-library/jest-dom';
import failOnConsole from 'jest-fail-on-console';

/*
 * An unexpected console.error or console.warn fails the test that printed it,
 * so the suite's output stays a signal. A test that expects one mocks it and
 * checks it, which also keeps it from failing the test:
 *
 *   const error = jest.spyOn(console, 'error').mockImplementation(() => {});
 *   ...
 *   expect(error).toHaveBeenCalledWith(expect.stringContaining('...'));
 */
failOnConsole({
  shouldFailOnWarn: true,
  // React 18.3's deprecation warning about Material UI v4, which Backstage's
  // sign-in page is built on: not about the app's code.
  silenceMessage: message =>
    /^Warning: findDOMNode is deprecated/.test(message),
});
