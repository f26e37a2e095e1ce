import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Dialogs and lazy extensions render asynchronously; leave room on a busy machine.
configure({ asyncUtilTimeout: 5000 });
jest.setTimeout(30_000);
