import failOnConsole from 'jest-fail-on-console';

/*
 * An unexpected console.error or console.warn fails the test that printed it,
 * so the suite's output stays a signal. A test that expects one mocks it and
 * checks it, which also keeps it from failing the test:
 *
 *   const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
 *   ...
 *   expect(warn).toHaveBeenCalledWith(expect.stringContaining('...'));
 */
failOnConsole({ shouldFailOnWarn: true });
