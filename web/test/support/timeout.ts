// Tests start processes and a browser on a machine that may be busy: generous limits, never a timing assertion.
jest.setTimeout(60_000);
