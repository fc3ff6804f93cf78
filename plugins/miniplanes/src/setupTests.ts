import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';
import failOnConsole from 'jest-fail-on-console';

// The pages render inside a whole test app; on a busy 2-core machine their
// first render takes seconds, more than testing-library's 1 s and jest's 5 s
// defaults allow, and a test cut short leaves updates behind it.
configure({ asyncUtilTimeout: 5000 });
jest.setTimeout(30000);

/**
 * Deprecation warnings React 18.3 prints about libraries Backstage's UI is
 * built on, not about this plugin's code: Material UI v4 calls findDOMNode,
 * and material-table (Backstage's Table) and react-beautiful-dnd use
 * defaultProps on function components.
 */
const LIBRARY_DEPRECATIONS = [
  /^Warning: findDOMNode is deprecated/,
  /^Warning: (MTable\w+|Connect\(Droppable\)): Support for defaultProps will be removed/,
];

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
  silenceMessage: message =>
    LIBRARY_DEPRECATIONS.some(pattern => pattern.test(message)),
});
