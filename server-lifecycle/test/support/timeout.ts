// The servers' suites (this package's, the API's, the web's) start processes, and a browser, on a
// machine that may be busy: generous limits, never a timing assertion. Their jest configs load it.
jest.setTimeout(60_000);
